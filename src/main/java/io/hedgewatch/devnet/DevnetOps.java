package io.hedgewatch.devnet;

import io.hedgewatch.venue.GmxKeys;
import io.hedgewatch.venue.SynthetixV3Abi;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Drives the devnet's state from tests and from the demo: new oracle rounds, sequencer outages,
 * Pyth prices, aggregator swaps, proxy upgrades, and the Synthetix and GMX perp markets. Every
 * method sends a transaction and returns once it is mined successfully.
 */
public final class DevnetOps {

  private final DevnetTransactor tx;
  private final DevnetContracts contracts;

  DevnetOps(DevnetTransactor tx, DevnetContracts contracts) {
    this.tx = Objects.requireNonNull(tx, "tx");
    this.contracts = Objects.requireNonNull(contracts, "contracts");
  }

  /**
   * A normal OCR round on the aggregator behind {@code proxyOrAggregator}: startedAt = updatedAt =
   * {@code updatedAt}. Reverts (and this throws) when the answer is outside the aggregator's
   * [minAnswer, maxAnswer], like a real feed.
   */
  public TransactionReceipt postRound(String proxyOrAggregator, BigInteger answer, long updatedAt) {
    return tx.send(
        contracts.deployer(),
        aggregatorBehind(proxyOrAggregator),
        DevnetAbi.transmit(answer, updatedAt));
  }

  /**
   * Rounds per seeding transaction: about 90k gas each, well inside anvil's 30M block gas limit.
   */
  static final int ROUNDS_PER_TRANSACTION = 200;

  /**
   * Many normal rounds on the aggregator behind {@code proxyOrAggregator}, {@code answers.get(i)}
   * at {@code updatedAts.get(i)}, in a few transactions of {@value #ROUNDS_PER_TRANSACTION} rounds
   * (the devnet aggregator's {@code postRounds}): seeds a long history fast. Each answer is
   * bounds-checked as {@link #postRound} does.
   */
  public void postRounds(
      String proxyOrAggregator, List<BigInteger> answers, List<Long> updatedAts) {
    if (answers.size() != updatedAts.size()) {
      throw new IllegalArgumentException(
          answers.size() + " answers but " + updatedAts.size() + " updatedAts");
    }
    String aggregator = aggregatorBehind(proxyOrAggregator);
    for (int from = 0; from < answers.size(); from += ROUNDS_PER_TRANSACTION) {
      int to = Math.min(answers.size(), from + ROUNDS_PER_TRANSACTION);
      tx.send(
          contracts.deployer(),
          aggregator,
          DevnetAbi.postRounds(answers.subList(from, to), updatedAts.subList(from, to)));
    }
  }

  /**
   * An arbitrary next round, not bounds-checked: updatedAt 0 makes an incomplete round,
   * answeredInRound below the new round id a stale one. {@code answeredInRound} is the aggregator's
   * own round id (the proxy adds the phase).
   */
  public TransactionReceipt postRawRound(
      String proxyOrAggregator,
      BigInteger answer,
      long startedAt,
      long updatedAt,
      BigInteger answeredInRound) {
    return tx.send(
        contracts.deployer(),
        aggregatorBehind(proxyOrAggregator),
        DevnetAbi.transmitRound(answer, startedAt, updatedAt, answeredInRound));
  }

  /** The current aggregator of a proxy, or the address itself when it is not a proxy. */
  public String aggregatorBehind(String proxyOrAggregator) {
    DevnetTransactor.CallResult result =
        tx.callRaw(proxyOrAggregator, FunctionEncoder.encode(DevnetAbi.aggregator()));
    if (result.reverted() || result.data() == null || result.data().length() != 66) {
      return proxyOrAggregator.toLowerCase(Locale.ROOT);
    }
    String aggregator = "0x" + result.data().substring(26);
    return new BigInteger(aggregator.substring(2), 16).signum() == 0
        ? proxyOrAggregator.toLowerCase(Locale.ROOT)
        : aggregator.toLowerCase(Locale.ROOT);
  }

  /**
   * Reports a sequencer status as the L1 message would: a change opens a new round with startedAt =
   * {@code at}; the same status again only refreshes updatedAt (to the block time); a message older
   * than the current round is ignored, as on the real feed.
   */
  public TransactionReceipt setSequencer(boolean down, long at) {
    return tx.send(
        contracts.deployer(), contracts.sequencerFeed(), DevnetAbi.updateStatus(down, at));
  }

  /**
   * Sets the Pyth price of {@code priceId} (created if new; a new feed's EMA starts equal to the
   * price).
   */
  public TransactionReceipt setPythPrice(
      String priceId, long price, long conf, int expo, long publishTime) {
    return tx.send(
        contracts.deployer(),
        contracts.pyth(),
        DevnetAbi.setPythPrice("setPrice", priceId, price, conf, expo, publishTime));
  }

  /** Sets the Pyth EMA price of an existing {@code priceId}. */
  public TransactionReceipt setPythEmaPrice(
      String priceId, long price, long conf, int expo, long publishTime) {
    return tx.send(
        contracts.deployer(),
        contracts.pyth(),
        DevnetAbi.setPythPrice("setEmaPrice", priceId, price, conf, expo, publishTime));
  }

  /** Deploys a new aggregator (owned by the deployer, no rounds yet); returns its address. */
  public String deployAggregator(
      int decimals, String description, BigInteger minAnswer, BigInteger maxAnswer) {
    return tx.deploy(
        contracts.deployer(),
        "ChainlinkAggregator",
        DevnetAbi.aggregatorConstructor(decimals, description, minAnswer, maxAnswer));
  }

  /**
   * Aggregators per transaction of {@link #deployAggregators}: about 0.9M gas each with its first
   * round, so 20 stay well inside anvil's 30M block gas limit with the transactor's margin.
   */
  static final int AGGREGATORS_PER_TRANSACTION = 20;

  private static final Event AGGREGATOR_DEPLOYED =
      new Event(
          "AggregatorDeployed",
          List.of(new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}));

  /**
   * {@code count} new aggregators, each a distinct {@code ChainlinkAggregator} as {@link
   * #deployAggregator} makes (owned by the deployer, no rounds yet), described {@code
   * descriptionPrefix + index} (index from 0), deployed {@value #AGGREGATORS_PER_TRANSACTION} a
   * transaction by the devnet-only {@code ChainlinkAggregatorFactory}; returns their addresses in
   * index order.
   */
  public List<String> deployAggregators(
      int count,
      int decimals,
      String descriptionPrefix,
      BigInteger minAnswer,
      BigInteger maxAnswer) {
    return deployAggregators(
        count, decimals, descriptionPrefix, minAnswer, maxAnswer, List.of(), 0);
  }

  /**
   * {@link #deployAggregators(int, int, String, BigInteger, BigInteger)} with a first round on
   * each: aggregator {@code i} answers {@code firstAnswers.get(i)} at {@code updatedAt},
   * bounds-checked as {@link #postRound} does (its NewRound's startedBy is the factory, which owns
   * the aggregator until it has posted the round).
   */
  public List<String> deployAggregators(
      int count,
      int decimals,
      String descriptionPrefix,
      BigInteger minAnswer,
      BigInteger maxAnswer,
      List<BigInteger> firstAnswers,
      long updatedAt) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    if (!firstAnswers.isEmpty() && firstAnswers.size() != count) {
      throw new IllegalArgumentException(
          "firstAnswers must be empty or one per aggregator: "
              + firstAnswers.size()
              + " for "
              + count
              + " aggregators");
    }
    List<String> aggregators = new ArrayList<>(count);
    if (count == 0) {
      return aggregators;
    }
    // a fresh factory each call: a reverted snapshot may have taken an earlier one away
    String factory = tx.deploy(contracts.deployer(), "ChainlinkAggregatorFactory");
    String topic = EventEncoder.encode(AGGREGATOR_DEPLOYED);
    for (int from = 0; from < count; from += AGGREGATORS_PER_TRANSACTION) {
      int to = Math.min(count, from + AGGREGATORS_PER_TRANSACTION);
      TransactionReceipt receipt =
          tx.send(
              contracts.deployer(),
              factory,
              DevnetAbi.deployAggregators(
                  from,
                  to - from,
                  decimals,
                  descriptionPrefix,
                  minAnswer,
                  maxAnswer,
                  firstAnswers.isEmpty() ? List.of() : firstAnswers.subList(from, to),
                  updatedAt));
      for (Log log : receipt.getLogs()) {
        if (log.getAddress().equalsIgnoreCase(factory) && topic.equals(log.getTopics().get(0))) {
          aggregators.add("0x" + log.getTopics().get(1).substring(26).toLowerCase(Locale.ROOT));
        }
      }
    }
    if (aggregators.size() != count) {
      throw new DevnetException(
          "deployAggregators: the factory reported "
              + aggregators.size()
              + " aggregators, "
              + count
              + " were asked for");
    }
    return aggregators;
  }

  /**
   * Proposes an aggregator on a proxy: {@code proposedAggregator()} becomes non-zero (a pending
   * swap).
   */
  public TransactionReceipt proposeAggregator(String proxy, String aggregator) {
    return tx.send(contracts.deployer(), proxy, DevnetAbi.proposeAggregator(aggregator));
  }

  /**
   * Confirms the proposed aggregator: the proxy's phaseId increments and round ids move to the new
   * phase.
   */
  public TransactionReceipt confirmAggregator(String proxy, String aggregator) {
    return tx.send(contracts.deployer(), proxy, DevnetAbi.confirmAggregator(aggregator));
  }

  public TransactionReceipt proposeAndConfirmAggregator(String proxy, String aggregator) {
    proposeAggregator(proxy, aggregator);
    return confirmAggregator(proxy, aggregator);
  }

  /**
   * Deploys another implementation for the upgradeable proxy; {@code revision()} tells them apart.
   */
  public String deployImplementation(long revision) {
    return tx.deploy(contracts.deployer(), "PausableTarget", new Uint256(revision));
  }

  /**
   * Points the upgradeable proxy at {@code newImplementation} (sent by the proxy admin; emits
   * Upgraded).
   */
  public TransactionReceipt upgradeProxy(String newImplementation) {
    return upgradeProxy(contracts.proxyAdmin(), newImplementation);
  }

  /**
   * {@link #upgradeProxy(String)} sent by {@code admin}: whoever holds the admin role after {@link
   * #changeProxyAdmin}.
   */
  public TransactionReceipt upgradeProxy(String admin, String newImplementation) {
    return tx.send(admin, contracts.upgradeableProxy(), DevnetAbi.upgradeTo(newImplementation));
  }

  /**
   * Hands the proxy's admin role to {@code newAdmin} (sent by the current admin; emits
   * AdminChanged).
   */
  public TransactionReceipt changeProxyAdmin(String currentAdmin, String newAdmin) {
    return tx.send(currentAdmin, contracts.upgradeableProxy(), DevnetAbi.changeAdmin(newAdmin));
  }

  /** Pauses the target behind the proxy (sent by its owner, the deployer; emits Paused). */
  public TransactionReceipt pauseTarget() {
    return tx.send(contracts.deployer(), contracts.upgradeableProxy(), DevnetAbi.noArgs("pause"));
  }

  public TransactionReceipt unpauseTarget() {
    return tx.send(contracts.deployer(), contracts.upgradeableProxy(), DevnetAbi.noArgs("unpause"));
  }

  /**
   * Sets a Synthetix market's state as a settled order would leave it (emits {@code
   * MarketUpdated}). All values D18: skew and size in native units, the funding rate per day, the
   * velocity per day per day, the index price in USD.
   */
  public TransactionReceipt setSynthetixMarket(
      long marketId,
      BigInteger skew,
      BigInteger size,
      BigInteger currentFundingRate,
      BigInteger currentFundingVelocity,
      BigInteger indexPrice) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setSynthetixMarketState(
            marketId, skew, size, currentFundingRate, currentFundingVelocity, indexPrice));
  }

  /** Sets a Synthetix market's skewScale (native, D18) and maxFundingVelocity (per day², D18). */
  public TransactionReceipt setSynthetixFundingParameters(
      long marketId, BigInteger skewScale, BigInteger maxFundingVelocity) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setSynthetixFundingParameters(marketId, skewScale, maxFundingVelocity));
  }

  /**
   * Sets a Synthetix market's open-interest cap per side in native units, D18 ({@code
   * maxOpenInterest} and {@code getMaxMarketSize} report it).
   */
  public TransactionReceipt setSynthetixMaxMarketSize(long marketId, BigInteger maxMarketSize) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setSynthetixMarketCap("setMaxMarketSize", marketId, maxMarketSize));
  }

  /** Sets a Synthetix market's open-interest cap per side in USD, D18 (0 = none). */
  public TransactionReceipt setSynthetixMaxMarketValue(long marketId, BigInteger maxMarketValue) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setSynthetixMarketCap("setMaxMarketValue", marketId, maxMarketValue));
  }

  /**
   * Marks the Synthetix markets' Pyth price stale (true) or fresh: while stale, indexPrice,
   * getMarketSummary and fillPrice revert with {@code OracleDataRequired}.
   */
  public TransactionReceipt setSynthetixOracleStale(boolean stale) {
    return tx.send(
        contracts.deployer(), contracts.synthetixPerpsMarket(), DevnetAbi.setOracleStale(stale));
  }

  /** Sets or clears denyAll of Synthetix's "perpsSystem" feature flag (the whole perps halt). */
  public TransactionReceipt setPerpsDenyAll(boolean denyAll) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setFeatureFlagDenyAll(SynthetixV3Abi.PERPS_SYSTEM_FEATURE, denyAll));
  }

  /**
   * Upgrades the Synthetix PerpsMarketProxy as its owner would (UpgradeModule.upgradeTo):
   * Synthetix's proxy slot then holds {@code newImplementation}, which must have code.
   */
  public TransactionReceipt upgradeSynthetix(String newImplementation) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.upgradeTo(newImplementation));
  }

  /**
   * Hands a Chainlink proxy to {@code newOwner} in its two steps: {@code transferOwnership} by the
   * owner (the deployer), then {@code acceptOwnership} by the new owner, a dev account.
   */
  public TransactionReceipt transferFeedOwnership(String proxy, String newOwner) {
    tx.send(contracts.deployer(), proxy, DevnetAbi.transferOwnership(newOwner));
    return tx.send(newOwner, proxy, DevnetAbi.noArgs("acceptOwnership"));
  }

  /**
   * Prices a Synthetix market from the Pyth contract (true) instead of the stored index price: the
   * market then follows {@link #setPythPrice} of its feed, and its price views revert {@code
   * OracleDataRequired} once that price is older than the staleness tolerance, as the real proxy's
   * do.
   */
  public TransactionReceipt setSynthetixPricedByPyth(long marketId, boolean byPyth) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setSynthetixPricedByPyth(marketId, byPyth));
  }

  /** Sets a Synthetix perps account's snxUSD collateral (collateral id 0), USD D18. */
  public TransactionReceipt setSynthetixCollateral(BigInteger accountId, BigInteger usd) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setSynthetixCollateral(accountId, usd));
  }

  /**
   * Sets a Synthetix perps account's position in a market as an order settled at {@code fillPrice}
   * would leave it, all D18: {@code size} signed in native units (negative = short, 0 closes), the
   * funding accrued and the interest owed since then in USD.
   */
  public TransactionReceipt setSynthetixPosition(
      BigInteger accountId,
      long marketId,
      BigInteger size,
      BigInteger fillPrice,
      BigInteger accruedFunding,
      BigInteger owedInterest) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setSynthetixPosition(
            accountId, marketId, size, fillPrice, accruedFunding, owedInterest));
  }

  /** Opens (or replaces) a position with no funding accrued and no interest owed yet. */
  public TransactionReceipt openSynthetixPosition(
      BigInteger accountId, long marketId, BigInteger size, BigInteger fillPrice) {
    return setSynthetixPosition(
        accountId, marketId, size, fillPrice, BigInteger.ZERO, BigInteger.ZERO);
  }

  public TransactionReceipt closeSynthetixPosition(BigInteger accountId, long marketId) {
    return setSynthetixPosition(
        accountId, marketId, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
  }

  /**
   * Sets a Synthetix market's liquidation parameters, as {@code getLiquidationParameters} returns
   * them (D18): a position's initial margin ratio is |size| / skewScale x {@code
   * initialMarginRatio} + {@code minimumInitialMarginRatio}, its maintenance ratio that x {@code
   * maintenanceMarginScalar}, each margin notional x ratio + {@code minimumPositionMargin} (USD);
   * the liquidation reward is notional x {@code flagRewardRatio}.
   */
  public TransactionReceipt setSynthetixLiquidationParameters(
      long marketId,
      BigInteger initialMarginRatio,
      BigInteger minimumInitialMarginRatio,
      BigInteger maintenanceMarginScalar,
      BigInteger flagRewardRatio,
      BigInteger minimumPositionMargin) {
    return tx.send(
        contracts.deployer(),
        contracts.synthetixPerpsMarket(),
        DevnetAbi.setSynthetixLiquidationParameters(
            marketId,
            initialMarginRatio,
            minimumInitialMarginRatio,
            maintenanceMarginScalar,
            flagRewardRatio,
            minimumPositionMargin));
  }

  /**
   * A GMX position's stored fields ({@code Position.Props}): USD and factors 1e30, {@code
   * sizeInTokens} in the index token's decimals, {@code collateralAmount} in the collateral
   * token's; the per-size values and the borrowing factor are the market's cumulative values at the
   * position's last change (fees due since are the market's current values minus these).
   */
  public record GmxPosition(
      String account,
      String market,
      String collateralToken,
      boolean isLong,
      BigInteger sizeInUsd,
      BigInteger sizeInTokens,
      BigInteger collateralAmount,
      BigInteger borrowingFactor,
      BigInteger fundingFeeAmountPerSize,
      BigInteger longTokenClaimableFundingAmountPerSize,
      BigInteger shortTokenClaimableFundingAmountPerSize,
      long increasedAtTime) {

    /** A fresh position: no fee index differences yet. */
    public static GmxPosition open(
        String account,
        String market,
        String collateralToken,
        boolean isLong,
        BigInteger sizeInUsd,
        BigInteger sizeInTokens,
        BigInteger collateralAmount,
        long increasedAtTime) {
      return new GmxPosition(
          account,
          market,
          collateralToken,
          isLong,
          sizeInUsd,
          sizeInTokens,
          collateralAmount,
          BigInteger.ZERO,
          BigInteger.ZERO,
          BigInteger.ZERO,
          BigInteger.ZERO,
          increasedAtTime);
    }

    /** Its key, keccak256(abi.encode(account, market, collateralToken, isLong)). */
    public String key() {
      return GmxKeys.positionKey(account, market, collateralToken, isLong);
    }
  }

  /**
   * Stores a GMX position in the DataStore where GMX's PositionStoreUtils keeps it (its fields
   * under the position key, the key in the position list and the account's list), so that the
   * Reader's getPosition and getAccountPositions return it; replaces one with the same key. Returns
   * its key.
   */
  public String setGmxPosition(GmxPosition p) {
    String key = p.key();
    setGmxAddress(GmxKeys.positionField(key, GmxKeys.POSITION_ACCOUNT), p.account());
    setGmxAddress(GmxKeys.positionField(key, GmxKeys.POSITION_MARKET), p.market());
    setGmxAddress(
        GmxKeys.positionField(key, GmxKeys.POSITION_COLLATERAL_TOKEN), p.collateralToken());
    setGmxUint(GmxKeys.positionField(key, GmxKeys.SIZE_IN_USD), p.sizeInUsd());
    setGmxUint(GmxKeys.positionField(key, GmxKeys.SIZE_IN_TOKENS), p.sizeInTokens());
    setGmxUint(GmxKeys.positionField(key, GmxKeys.COLLATERAL_AMOUNT), p.collateralAmount());
    setGmxUint(GmxKeys.positionField(key, GmxKeys.BORROWING_FACTOR), p.borrowingFactor());
    setGmxUint(
        GmxKeys.positionField(key, GmxKeys.FUNDING_FEE_AMOUNT_PER_SIZE),
        p.fundingFeeAmountPerSize());
    setGmxUint(
        GmxKeys.positionField(key, GmxKeys.LONG_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE),
        p.longTokenClaimableFundingAmountPerSize());
    setGmxUint(
        GmxKeys.positionField(key, GmxKeys.SHORT_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE),
        p.shortTokenClaimableFundingAmountPerSize());
    setGmxUint(
        GmxKeys.positionField(key, GmxKeys.INCREASED_AT_TIME),
        BigInteger.valueOf(p.increasedAtTime()));
    tx.send(
        contracts.deployer(),
        contracts.gmxDataStore(),
        DevnetAbi.dataStoreSetBool(GmxKeys.positionField(key, GmxKeys.IS_LONG), p.isLong()));
    setGmxSetMember("addBytes32", GmxKeys.POSITION_LIST, key);
    setGmxSetMember("addBytes32", GmxKeys.accountPositionList(p.account()), key);
    return key;
  }

  /**
   * Removes a GMX position from the position list and its account's list (the Reader then no longer
   * returns it).
   */
  public void closeGmxPosition(
      String account, String market, String collateralToken, boolean isLong) {
    String key = GmxKeys.positionKey(account, market, collateralToken, isLong);
    setGmxSetMember("removeBytes32", GmxKeys.POSITION_LIST, key);
    setGmxSetMember("removeBytes32", GmxKeys.accountPositionList(account), key);
  }

  /** Sets a GMX market's MIN_COLLATERAL_FACTOR (1e30; 1e28 = 1 %). */
  public TransactionReceipt setGmxMinCollateralFactor(String market, BigInteger factor) {
    return setGmxUint(GmxKeys.minCollateralFactor(market), factor);
  }

  /** Sets a GMX market's MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION (1e30). */
  public TransactionReceipt setGmxMinCollateralFactorForLiquidation(
      String market, BigInteger factor) {
    return setGmxUint(GmxKeys.minCollateralFactorForLiquidation(market), factor);
  }

  /** Sets GMX's MIN_COLLATERAL_USD (USD x 1e30), the floor of every position's collateral. */
  public TransactionReceipt setGmxMinCollateralUsd(BigInteger usd) {
    return setGmxUint(GmxKeys.MIN_COLLATERAL_USD, usd);
  }

  /** Sets a GMX market's cumulative FUNDING_FEE_AMOUNT_PER_SIZE of a side and collateral token. */
  public TransactionReceipt setGmxFundingFeeAmountPerSize(
      String market, String collateralToken, boolean isLong, BigInteger value) {
    return setGmxUint(GmxKeys.fundingFeeAmountPerSize(market, collateralToken, isLong), value);
  }

  /** Sets a GMX market's cumulative CLAIMABLE_FUNDING_AMOUNT_PER_SIZE of a side and token. */
  public TransactionReceipt setGmxClaimableFundingAmountPerSize(
      String market, String token, boolean isLong, BigInteger value) {
    return setGmxUint(GmxKeys.claimableFundingAmountPerSize(market, token, isLong), value);
  }

  /** Sets a GMX market's CUMULATIVE_BORROWING_FACTOR of a side (1e30). */
  public TransactionReceipt setGmxCumulativeBorrowingFactor(
      String market, boolean isLong, BigInteger factor) {
    return setGmxUint(GmxKeys.cumulativeBorrowingFactor(market, isLong), factor);
  }

  /** Lists a GMX market in the DataStore: its tokens under the market store's keys. */
  public void listGmxMarket(
      String marketToken, String indexToken, String longToken, String shortToken) {
    setGmxAddress(GmxKeys.marketField(marketToken, GmxKeys.MARKET_TOKEN), marketToken);
    setGmxAddress(GmxKeys.marketField(marketToken, GmxKeys.INDEX_TOKEN), indexToken);
    setGmxAddress(GmxKeys.marketField(marketToken, GmxKeys.LONG_TOKEN), longToken);
    setGmxAddress(GmxKeys.marketField(marketToken, GmxKeys.SHORT_TOKEN), shortToken);
  }

  /** Sets the GMX market's IS_MARKET_DISABLED flag. */
  public TransactionReceipt setGmxMarketDisabled(String market, boolean disabled) {
    return tx.send(
        contracts.deployer(),
        contracts.gmxDataStore(),
        DevnetAbi.dataStoreSetBool(GmxKeys.isMarketDisabled(market), disabled));
  }

  /**
   * Sets the GMX market's funding: the saved funding factor per second, 1e30, signed (positive =
   * longs pay shorts), which the devnet Reader reports as fundingFactorPerSecond and
   * longsPayShorts.
   */
  public TransactionReceipt setGmxFunding(String market, BigInteger savedFactorPerSecond) {
    return tx.send(
        contracts.deployer(),
        contracts.gmxDataStore(),
        DevnetAbi.dataStoreSetInt(
            GmxKeys.savedFundingFactorPerSecond(market), savedFactorPerSecond));
  }

  /** Sets the GMX market's MAX_FUNDING_FACTOR_PER_SECOND (1e30). */
  public TransactionReceipt setGmxMaxFundingFactor(String market, BigInteger factorPerSecond) {
    return tx.send(
        contracts.deployer(),
        contracts.gmxDataStore(),
        DevnetAbi.dataStoreSetUint(GmxKeys.maxFundingFactorPerSecond(market), factorPerSecond));
  }

  /** Sets one side's MAX_OPEN_INTEREST of a GMX market, USD x 1e30. */
  public TransactionReceipt setGmxMaxOpenInterest(String market, boolean isLong, BigInteger usd) {
    return tx.send(
        contracts.deployer(),
        contracts.gmxDataStore(),
        DevnetAbi.dataStoreSetUint(GmxKeys.maxOpenInterest(market, isLong), usd));
  }

  /**
   * Sets one side's OPEN_INTEREST_IN_TOKENS of a GMX market for one collateral token, in index
   * token units (the index token's decimals).
   */
  public TransactionReceipt setGmxOpenInterestInTokens(
      String market, String collateralToken, boolean isLong, BigInteger amount) {
    return tx.send(
        contracts.deployer(),
        contracts.gmxDataStore(),
        DevnetAbi.dataStoreSetUint(
            GmxKeys.openInterestInTokens(market, collateralToken, isLong), amount));
  }

  /**
   * Sets {@code account}'s balance of a devnet ERC-20 (WETH, WBTC, USDC at their Arbitrum
   * addresses), in the token's smallest units; the deployer is every devnet token's minter.
   */
  public TransactionReceipt setTokenBalance(String token, String account, BigInteger amount) {
    return tx.send(contracts.deployer(), token, DevnetAbi.tokenSetBalance(account, amount));
  }

  private TransactionReceipt setGmxUint(String key, BigInteger value) {
    return tx.send(
        contracts.deployer(), contracts.gmxDataStore(), DevnetAbi.dataStoreSetUint(key, value));
  }

  private void setGmxSetMember(String function, String setKey, String value) {
    tx.send(
        contracts.deployer(),
        contracts.gmxDataStore(),
        DevnetAbi.dataStoreSetMember(function, setKey, value));
  }

  private void setGmxAddress(String key, String value) {
    tx.send(
        contracts.deployer(), contracts.gmxDataStore(), DevnetAbi.dataStoreSetAddress(key, value));
  }

  /**
   * The proxy's aggregator of {@code phaseId}, lower-case; the zero address for a phase that never
   * existed.
   */
  public String phaseAggregator(String proxy, int phaseId) {
    List<?> out = tx.call(proxy, DevnetAbi.phaseAggregators(phaseId));
    return ((Address) out.get(0)).getValue().toLowerCase(Locale.ROOT);
  }
}
