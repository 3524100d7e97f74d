package io.hedgewatch.venue;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads GMX v2 (synthetics) markets through the Reader and the DataStore (market keys are market
 * token addresses) and puts them on {@link MarketSnapshot}'s scales.
 *
 * <p><b>Prices come from the caller.</b> GMX keeps no oracle price on chain between transactions,
 * and {@code getMarketInfo} needs the market's index, long and short token prices. Each configured
 * {@link Market} names, per token, a price key and the token's decimals; {@code usdPrices} maps a
 * price key to a USD price (typically the key is a feed id of the config, {@code eth-usd}, and the
 * price the feed's latest answer). A price becomes GMX's {@code Price.Props} at 30 decimals per
 * smallest token unit, usd x 10^(30 - decimals), with min = max. Without all three prices {@code
 * getMarketInfo} is not called: the snapshot then has no funding and no USD-derived cap, and {@link
 * MarketSnapshot#oracleProblem()} names the missing price. The snapshot's index price is that
 * caller's price (GMX has no price of its own to report; there is no mark). A price read in a
 * cycle's eth_call cannot be an argument of another call of the same eth_call: to keep a cycle at
 * one eth_call, price GMX with the oracle answers of the previous cycle (inside the Reader the
 * prices value open interest and pools in USD; the funding factor barely moves with them), or read
 * the oracles first at the cost of a second eth_call.
 *
 * <p>Per market, a cycle reads {@code Reader.getMarketInfo} (funding, {@code isDisabled}) and from
 * the DataStore {@code IS_MARKET_DISABLED}, {@code MAX_FUNDING_FACTOR_PER_SECOND}, {@code
 * MAX_OPEN_INTEREST} of each side (USD) and {@code OPEN_INTEREST_IN_TOKENS} for each side and
 * collateral token; all in one readAt. The open-interest keys need the market's long and short
 * tokens: {@link #prepare} reads them once with {@code Reader.getMarket} (GMX markets never change
 * tokens), and a market not prepared yet is read with {@code getMarket} in the cycle itself, its
 * open interest left empty until the next cycle.
 *
 * <p>Units: factors and USD are 1e30. {@code fundingFactorPerSecond} is the fraction per second
 * charged on the paying (larger) side's open interest, {@code longsPayShorts} its direction: hourly
 * = ±factor x 3600 / 1e30, positive when longs pay (the smaller side receives the same USD, a
 * higher rate on its smaller size). The cap is {@code MAX_FUNDING_FACTOR_PER_SECOND} on the same
 * scale. Open interest in tokens is in the index token's decimals; a market whose long and short
 * tokens are the same counts each position under both keys, so the sum is halved, as GMX does.
 * Open-interest caps are USD and are converted to index-token units at the caller's index price.
 * Funding accrues continuously (no interval, no next funding time). Disabled = {@code isDisabled}
 * or the {@code IS_MARKET_DISABLED} key (they are the same flag; either read suffices).
 */
public final class GmxV2Reader implements VenueReader {

  /** GMX's fixed-point unit for USD amounts and factors. */
  public static final BigInteger FLOAT_PRECISION = BigInteger.TEN.pow(30);

  public static final int FLOAT_DECIMALS = 30;

  /** Precision of the derived values (caps in tokens); funding and open interest are exact. */
  public static final MathContext RATE_CONTEXT = MathContext.DECIMAL128;

  private static final BigInteger SECONDS_PER_HOUR = BigInteger.valueOf(3600);
  private static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

  /**
   * One token of a market.
   *
   * @param priceKey what {@code usdPrices} is asked for this token's USD price (e.g. a feed id)
   * @param decimals the token's decimals (GMX's synthetic index tokens have them too: BTC is 8)
   */
  public record Token(String priceKey, int decimals) {
    public Token {
      Objects.requireNonNull(priceKey, "priceKey");
      if (decimals < 0 || decimals > FLOAT_DECIMALS) {
        throw new IllegalArgumentException(
            "decimals must be in [0, " + FLOAT_DECIMALS + "], was " + decimals);
      }
    }
  }

  /**
   * A market hedgewatch reads.
   *
   * @param marketToken the market token address, GMX's market key
   */
  public record Market(String marketToken, Token index, Token longToken, Token shortToken) {
    public Market {
      marketToken = normalize(marketToken);
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(longToken, "longToken");
      Objects.requireNonNull(shortToken, "shortToken");
    }
  }

  private final String venueId;
  private final ChainReader chain;
  private final String reader;
  private final String dataStore;
  private final Map<String, Market> markets = new LinkedHashMap<>();
  private final Function<String, Optional<BigDecimal>> usdPrices;
  private final Map<String, GmxV2Abi.MarketProps> props = new ConcurrentHashMap<>();

  /**
   * @param reader the Reader contract
   * @param dataStore the DataStore contract (passed to the Reader and read directly)
   * @param markets the markets this venue can be asked for
   * @param usdPrices USD price of a {@link Token#priceKey()}, empty when not known this cycle
   */
  public GmxV2Reader(
      String venueId,
      ChainReader chain,
      String reader,
      String dataStore,
      List<Market> markets,
      Function<String, Optional<BigDecimal>> usdPrices) {
    this.venueId = Objects.requireNonNull(venueId, "venueId");
    this.chain = Objects.requireNonNull(chain, "chain");
    this.reader = normalize(reader);
    this.dataStore = normalize(dataStore);
    for (Market market : markets) {
      this.markets.put(market.marketToken(), market);
    }
    this.usdPrices = Objects.requireNonNull(usdPrices, "usdPrices");
  }

  @Override
  public String venueId() {
    return venueId;
  }

  /** The tokens of the markets not yet known, read once with {@code getMarket} at {@code block}. */
  public void prepare(long block) throws IOException {
    List<String> unknown = markets.keySet().stream().filter(m -> !props.containsKey(m)).toList();
    if (unknown.isEmpty()) {
      return;
    }
    List<ContractCall> calls =
        unknown.stream()
            .map(m -> new ContractCall(reader, GmxV2Abi.getMarket(dataStore, m)))
            .toList();
    List<CallOutcome> outcomes = chain.readAt(block, calls).outcomes();
    for (int i = 0; i < unknown.size(); i++) {
      learn(unknown.get(i), GmxV2Abi.decodeMarket(outcomes.get(i), reader));
    }
  }

  /**
   * Takes a market's tokens already read (by {@link GmxMarketResolver}), so that {@link #prepare}
   * does not ask for them again.
   */
  public void know(String marketToken, GmxV2Abi.MarketProps marketProps) {
    learn(normalize(marketToken), Read.ok(marketProps));
  }

  /** The calls and decoding of one cycle's reads of {@code marketKeys}, for a shared readAt. */
  public Batch batch(List<String> marketKeys) {
    return new Batch(List.copyOf(marketKeys));
  }

  /** Prepares unknown markets, then reads the markets in one readAt at the head block. */
  @Override
  public List<Read<MarketSnapshot>> snapshots(List<String> marketKeys) {
    try {
      long block = chain.blockNumber();
      prepare(block);
      Batch batch = batch(marketKeys);
      BlockReads reads = chain.readAt(block, batch.calls());
      return batch.decode(reads.block(), reads.outcomes());
    } catch (IOException e) {
      return Collections.nCopies(
          marketKeys.size(),
          Read.failed(new ReadFailure.Unavailable(venueId + ": " + e.getMessage())));
    }
  }

  /**
   * Not available on chain: GMX keeps cumulative funding per size, not a rate history (rates are in
   * EventEmitter logs of each position change). The history comes from the store's own samples of
   * the current rate.
   */
  @Override
  public Read<List<FundingPoint>> fundingHistory(String marketKey, Instant from, Instant to) {
    return Read.failed(
        new ReadFailure.Unavailable(
            "no on-chain funding history for GMX v2 market "
                + marketKey
                + ": hedgewatch samples the current rate each cycle"));
  }

  private void learn(String market, Read<GmxV2Abi.MarketProps> read) {
    read.asOptional()
        .filter(p -> !p.marketToken().equals(ZERO_ADDRESS))
        .ifPresent(p -> props.put(market, p));
  }

  /** Where one market's outcomes are in a batch; -1 for a call not made. */
  private static final class Plan {
    final String key;
    final Market market;
    final Optional<BigDecimal> indexUsd;
    final List<String> missingPrices;
    final GmxV2Abi.MarketProps knownProps;
    int getMarket = -1;
    int info = -1;
    int disabled;
    int maxFunding;
    int maxOiLong;
    int maxOiShort;
    int openInterest = -1;

    Plan(
        String key,
        Market market,
        Optional<BigDecimal> indexUsd,
        List<String> missingPrices,
        GmxV2Abi.MarketProps knownProps) {
      this.key = key;
      this.market = market;
      this.indexUsd = indexUsd;
      this.missingPrices = missingPrices;
      this.knownProps = knownProps;
    }
  }

  /** One cycle's calls for some markets and their decoding; see {@link OnChainBatch}. */
  public final class Batch extends PlannedBatch<Plan, MarketSnapshot> implements OnChainBatch {

    private Batch(List<String> keys) {
      for (String key : keys) {
        Market market = markets.get(safeNormalize(key));
        if (market == null) {
          unasked(
              new ReadFailure.Unavailable(
                  "GMX market "
                      + key
                      + " is not configured on venue "
                      + venueId
                      + " (its tokens' decimals and prices are unknown)"));
        } else {
          planned(plan(key, market));
        }
      }
    }

    private Plan plan(String key, Market market) {
      String m = market.marketToken();
      Optional<BigDecimal> indexUsd = price(market.index());
      Optional<BigDecimal> longUsd = price(market.longToken());
      Optional<BigDecimal> shortUsd = price(market.shortToken());
      List<String> missing = new ArrayList<>();
      if (indexUsd.isEmpty()) {
        missing.add(market.index().priceKey());
      }
      if (longUsd.isEmpty() && !missing.contains(market.longToken().priceKey())) {
        missing.add(market.longToken().priceKey());
      }
      if (shortUsd.isEmpty() && !missing.contains(market.shortToken().priceKey())) {
        missing.add(market.shortToken().priceKey());
      }
      Plan plan = new Plan(key, market, indexUsd, missing, props.get(m));
      if (plan.knownProps == null) {
        plan.getMarket = add(new ContractCall(reader, GmxV2Abi.getMarket(dataStore, m)));
      }
      if (missing.isEmpty()) {
        GmxV2Abi.MarketPrices prices =
            new GmxV2Abi.MarketPrices(
                priceProps(indexUsd.get(), market.index().decimals()),
                priceProps(longUsd.get(), market.longToken().decimals()),
                priceProps(shortUsd.get(), market.shortToken().decimals()));
        plan.info = add(new ContractCall(reader, GmxV2Abi.getMarketInfo(dataStore, prices, m)));
      }
      plan.disabled = add(dataStoreCall(GmxV2Abi.getBool(GmxKeys.isMarketDisabled(m))));
      plan.maxFunding = add(dataStoreCall(GmxV2Abi.getUint(GmxKeys.maxFundingFactorPerSecond(m))));
      plan.maxOiLong = add(dataStoreCall(GmxV2Abi.getUint(GmxKeys.maxOpenInterest(m, true))));
      plan.maxOiShort = add(dataStoreCall(GmxV2Abi.getUint(GmxKeys.maxOpenInterest(m, false))));
      if (plan.knownProps != null) {
        GmxV2Abi.MarketProps p = plan.knownProps;
        plan.openInterest =
            add(
                dataStoreCall(
                    GmxV2Abi.getUint(GmxKeys.openInterestInTokens(m, p.longToken(), true))));
        add(dataStoreCall(GmxV2Abi.getUint(GmxKeys.openInterestInTokens(m, p.shortToken(), true))));
        add(dataStoreCall(GmxV2Abi.getUint(GmxKeys.openInterestInTokens(m, p.longToken(), false))));
        add(
            dataStoreCall(
                GmxV2Abi.getUint(GmxKeys.openInterestInTokens(m, p.shortToken(), false))));
      }
      return plan;
    }

    private ContractCall dataStoreCall(String data) {
      return new ContractCall(dataStore, data);
    }

    @Override
    protected Read<MarketSnapshot> decode(
        int index, Plan plan, BlockRef block, List<CallOutcome> outcomes) {
      return decodeMarket(plan, block, outcomes);
    }
  }

  private Read<MarketSnapshot> decodeMarket(Plan plan, BlockRef block, List<CallOutcome> o) {
    String m = plan.market.marketToken();
    if (plan.getMarket >= 0) {
      Read<GmxV2Abi.MarketProps> market = GmxV2Abi.decodeMarket(o.get(plan.getMarket), reader);
      if (market.failureIfAny().isPresent()) {
        return Read.failed(AbiWords.withCall("getMarket(" + m + ")", market.failureIfAny().get()));
      }
      if (market.asOptional().get().marketToken().equals(ZERO_ADDRESS)) {
        return Read.failed(notListed(m));
      }
      learn(m, market);
    }
    Optional<GmxV2Abi.MarketInfo> info = Optional.empty();
    if (plan.info >= 0) {
      Read<GmxV2Abi.MarketInfo> read = GmxV2Abi.decodeMarketInfo(o.get(plan.info), reader);
      if (read.failureIfAny().isPresent()) {
        return Read.failed(
            AbiWords.withCall("getMarketInfo(" + m + ")", read.failureIfAny().get()));
      }
      info = read.asOptional();
      if (info.get().market().marketToken().equals(ZERO_ADDRESS)) {
        return Read.failed(notListed(m));
      }
    }
    Read<Boolean> disabledKey = GmxV2Abi.decodeBool(o.get(plan.disabled), dataStore);
    if (info.isEmpty() && disabledKey.failureIfAny().isPresent()) {
      return Read.failed(
          AbiWords.withCall("getBool(IS_MARKET_DISABLED)", disabledKey.failureIfAny().get()));
    }
    boolean disabledByKey = disabledKey.asOptional().orElse(false);
    boolean disabledByInfo = info.map(GmxV2Abi.MarketInfo::isDisabled).orElse(false);
    MarketStatus status =
        disabledByKey || disabledByInfo
            ? new MarketStatus(
                false,
                true,
                false,
                false,
                Optional.of(
                    "market disabled ("
                        + (disabledByKey ? "IS_MARKET_DISABLED" : "getMarketInfo.isDisabled")
                        + "): no orders execute; funding keeps accruing"))
            : MarketStatus.ACTIVE;

    Optional<BigDecimal> hourly =
        info.map(GmxV2Abi.MarketInfo::nextFunding)
            .map(
                f -> {
                  BigDecimal rate = perHour(f.fundingFactorPerSecond());
                  return f.longsPayShorts() ? rate : rate.negate();
                });
    Optional<BigDecimal> cap =
        GmxV2Abi.decodeUint(o.get(plan.maxFunding), dataStore)
            .asOptional()
            .filter(v -> v.signum() > 0)
            .map(GmxV2Reader::perHour);
    Optional<BigDecimal> maxLong = capInTokens(o.get(plan.maxOiLong), plan.indexUsd);
    Optional<BigDecimal> maxShort = capInTokens(o.get(plan.maxOiShort), plan.indexUsd);

    Optional<BigDecimal> oiLong = Optional.empty();
    Optional<BigDecimal> oiShort = Optional.empty();
    if (plan.openInterest >= 0) {
      List<Optional<BigInteger>> oi = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        oi.add(GmxV2Abi.decodeUint(o.get(plan.openInterest + k), dataStore).asOptional());
      }
      if (oi.stream().allMatch(Optional::isPresent)) {
        GmxV2Abi.MarketProps p = plan.knownProps;
        BigDecimal divisor =
            p.longToken().equals(p.shortToken()) ? BigDecimal.valueOf(2) : BigDecimal.ONE;
        int decimals = plan.market.index().decimals();
        oiLong =
            Optional.of(
                new BigDecimal(oi.get(0).get().add(oi.get(1).get()), decimals).divide(divisor));
        oiShort =
            Optional.of(
                new BigDecimal(oi.get(2).get().add(oi.get(3).get()), decimals).divide(divisor));
      }
    }
    Optional<BigDecimal> total =
        oiLong.isPresent() && oiShort.isPresent()
            ? Optional.of(oiLong.get().add(oiShort.get()))
            : Optional.empty();
    Optional<BigDecimal> skew =
        total.isPresent() ? Optional.of(oiLong.get().subtract(oiShort.get())) : Optional.empty();
    Optional<String> oracleProblem =
        plan.missingPrices.isEmpty()
            ? Optional.empty()
            : Optional.of(
                "no USD price for "
                    + String.join(", ", plan.missingPrices)
                    + ": GMX's getMarketInfo needs the caller's token prices, so funding is not read");
    return Read.ok(
        new MarketSnapshot(
            plan.key,
            block.timestamp(),
            Optional.empty(),
            plan.indexUsd,
            hourly,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            cap,
            oiLong,
            oiShort,
            total,
            maxLong,
            maxShort,
            skew,
            status,
            oracleProblem));
  }

  private ReadFailure notListed(String market) {
    return new ReadFailure.Unavailable(
        "no GMX market " + market + " in DataStore " + dataStore + " (getMarket is empty)");
  }

  private Optional<BigDecimal> capInTokens(CallOutcome outcome, Optional<BigDecimal> indexUsd) {
    Optional<BigInteger> usd = GmxV2Abi.decodeUint(outcome, dataStore).asOptional();
    if (usd.isEmpty() || indexUsd.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new BigDecimal(usd.get(), FLOAT_DECIMALS).divide(indexUsd.get(), RATE_CONTEXT));
  }

  private Optional<BigDecimal> price(Token token) {
    return usdPrices.apply(token.priceKey()).filter(p -> p.signum() > 0);
  }

  /** A factor per second (1e30) as a fraction per hour, exactly. */
  static BigDecimal perHour(BigInteger factorPerSecond) {
    return new BigDecimal(factorPerSecond.multiply(SECONDS_PER_HOUR), FLOAT_DECIMALS);
  }

  /**
   * GMX's price of one smallest token unit: usd x 10^(30 - decimals), an integer (rounded half even
   * past that precision).
   */
  public static GmxV2Abi.PriceProps priceProps(BigDecimal usd, int decimals) {
    BigInteger value =
        usd.movePointRight(FLOAT_DECIMALS - decimals)
            .setScale(0, RoundingMode.HALF_EVEN)
            .toBigIntegerExact();
    return new GmxV2Abi.PriceProps(value, value);
  }

  private static String normalize(String address) {
    return AbiWords.address(address);
  }

  private static String safeNormalize(String key) {
    if (key == null) {
      return "";
    }
    try {
      return normalize(key);
    } catch (IllegalArgumentException e) {
      return key.toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return "GmxV2Reader[" + venueId + ", reader " + reader + ", dataStore " + dataStore + "]";
  }
}
