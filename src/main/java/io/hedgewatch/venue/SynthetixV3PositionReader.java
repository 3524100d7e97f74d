package io.hedgewatch.venue;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads Synthetix v3 perps positions from a PerpsMarketProxy. A request's account is the perps
 * account id (a uint128, in decimal), its market key the market id ("100" for ETH).
 *
 * <p>Per position, a cycle reads {@code getOpenPositionSize(account, market)}, {@code
 * getOpenPosition(account, market)} (total PnL, accrued funding, signed size, owed interest) and
 * per market, its {@code indexPrice}, {@code getLiquidationParameters} and {@code
 * getFundingParameters} (skewScale); per account, {@code getAvailableMargin}, {@code
 * getRequiredMargins}, {@code canLiquidate} and {@code getAccountOpenPositions}; all in one readAt,
 * each read once however many requests share it.
 *
 * <p><b>Cross margin.</b> A Synthetix v3 account's margin backs all its positions together and the
 * account is liquidated as a whole, so the snapshot's equity is the account's available margin
 * (collateral + the PnL of every open position - debt) and its maintenance margin the account's
 * required maintenance margin: for an account with positions in several markets both are
 * account-wide, the same for each of its positions. The maintenance margin includes the liquidation
 * reward: {@code getRequiredMargins} returns the maintenance margin with {@code
 * maxLiquidationReward} already added (PerpsAccountModule adds it before returning, so it is not
 * added again here), and {@code canLiquidate} is true exactly when the available margin is below
 * that sum. The venue's verdict is {@code canLiquidate}.
 *
 * <p><b>Liquidation price</b>, which the proxy does not report, by Synthetix's own margin rule
 * (PerpsMarketConfiguration.calculateRequiredMargins, the stand-in's and venues.md 3a's): the
 * requirement is notional x (maintenance ratio + flagRewardRatio) + minimumPositionMargin, where
 * the maintenance ratio, (|size| / skewScale x initialMarginRatio + minimumInitialMarginRatio) x
 * maintenanceMarginScalar, depends on the size alone. So only the notional part moves with the
 * price, and the available margin moves by the signed size (PnL settles at the index price): the
 * price P where margin + size x (P - index) = |size| x P x k + minimumPositionMargin, k the two
 * ratios' sum, solves a linear equation. It is given only for an account whose one open position is
 * this one: with positions in several markets the account is margined across them and no single
 * price decides it (the model applies). It is given only when the formula, in the proxy's integer
 * arithmetic, reproduces {@code getRequiredMargins} at the index to the wei: a deployment whose
 * reward has keeper costs or min/max guards (the real proxy's getKeeperRewardGuards) is not this
 * linear rule, and the model applies there too. Collateral is taken as USD-valued (snxUSD): a
 * collateral priced by the market itself would move the margin too.
 *
 * <p><b>Prices.</b> The proxy values positions at the market's index price (the Pyth price through
 * its oracle node), so that is the mark. Synthetix settles a position's PnL into its margin at
 * every change, so {@code getOpenPosition}'s PnL runs from the fill price of the position's last
 * change: the entry price reported is that price, index - price PnL / size, where price PnL =
 * totalPnl - accruedFunding + owedInterest. The unrealised PnL is totalPnl - accruedFunding (price
 * PnL net of owed interest), so that unrealised PnL + accrued funding is the venue's total PnL.
 *
 * <p><b>ERC-7412.</b> When the Pyth price is older than the node's tolerance, every price-dependent
 * view reverts {@code OracleDataRequired}: the position then fails with the stale oracle named (the
 * Pyth contract, tolerance and price ids of the revert). {@code getOpenPositionSize} needs no
 * price, so an account with no position in the market fails as such whether or not the price is
 * stale.
 *
 * <p>Units: D18 fixed point throughout; sizes in native units, money in USD.
 */
public final class SynthetixV3PositionReader implements PositionReader {

  private static final BigInteger UNIT = BigInteger.TEN.pow(SynthetixV3Reader.D18);

  private final String venueId;
  private final ChainReader chain;
  private final String proxy;

  /**
   * @param venueId the config id of the venue
   * @param chain the chain the proxy lives on
   * @param perpsMarketProxy the PerpsMarketProxy address
   */
  public SynthetixV3PositionReader(String venueId, ChainReader chain, String perpsMarketProxy) {
    this.venueId = Objects.requireNonNull(venueId, "venueId");
    this.chain = Objects.requireNonNull(chain, "chain");
    this.proxy = AbiWords.address(perpsMarketProxy);
  }

  @Override
  public String venueId() {
    return venueId;
  }

  /** The calls and decoding of one cycle's reads of {@code requests}, for a shared readAt. */
  public Batch batch(List<Request> requests) {
    return new Batch(List.copyOf(requests));
  }

  /** Reads the positions in one {@link ChainReader#readAt} at the head block. */
  @Override
  public List<Read<PositionSnapshot>> positions(List<Request> requests) {
    return batch(requests).readAtHead(chain, venueId);
  }

  /** Where one request's outcomes are in a batch. */
  private record Plan(
      BigInteger account,
      BigInteger market,
      int size,
      int openPosition,
      int price,
      int accountReads) {
    int liquidationParameters() {
      return price + 1;
    }

    int fundingParameters() {
      return price + 2;
    }

    int openPositions() {
      return accountReads + 3;
    }
  }

  /** One cycle's calls for some positions and their decoding; see {@link OnChainPositionBatch}. */
  public final class Batch extends PlannedBatch<Plan, PositionSnapshot>
      implements OnChainPositionBatch {
    private final List<Request> requests;
    private final Map<BigInteger, Integer> accountCalls = new LinkedHashMap<>();
    private final Map<BigInteger, Integer> priceCalls = new LinkedHashMap<>();

    private Batch(List<Request> requests) {
      this.requests = requests;
      for (Request request : requests) {
        Optional<BigInteger> account = parseAccountId(request.account());
        Optional<BigInteger> market = SynthetixV3Reader.parseMarketId(request.marketKey());
        if (account.isEmpty()) {
          unasked(
              new ReadFailure.Unavailable(
                  "'"
                      + request.account()
                      + "' is not a Synthetix perps account id (a uint128 in decimal)"));
        } else if (market.isEmpty()) {
          unasked(
              new ReadFailure.Unavailable(
                  "'" + request.marketKey() + "' is not a Synthetix market id (a uint128)"));
        } else {
          planned(plan(account.get(), market.get()));
        }
      }
    }

    private Plan plan(BigInteger account, BigInteger market) {
      int size = add(SynthetixV3Abi.getOpenPositionSize(account, market));
      int openPosition = add(SynthetixV3Abi.getOpenPosition(account, market));
      Integer price = priceCalls.get(market);
      if (price == null) {
        price = add(SynthetixV3Abi.indexPrice(market));
        add(SynthetixV3Abi.getLiquidationParameters(market));
        add(SynthetixV3Abi.getFundingParameters(market));
        priceCalls.put(market, price);
      }
      Integer accountAt = accountCalls.get(account);
      if (accountAt == null) {
        accountAt = add(SynthetixV3Abi.getAvailableMargin(account));
        add(SynthetixV3Abi.getRequiredMargins(account));
        add(SynthetixV3Abi.canLiquidate(account));
        add(SynthetixV3Abi.getAccountOpenPositions(account));
        accountCalls.put(account, accountAt);
      }
      return new Plan(account, market, size, openPosition, price, accountAt);
    }

    private int add(String data) {
      return add(new ContractCall(proxy, data));
    }

    @Override
    protected Read<PositionSnapshot> decode(
        int index, Plan plan, BlockRef block, List<CallOutcome> outcomes) {
      return decodePosition(requests.get(index), plan, block, outcomes);
    }
  }

  private Read<PositionSnapshot> decodePosition(
      Request request, Plan p, BlockRef block, List<CallOutcome> o) {
    String account = p.account().toString();
    String market = p.market().toString();
    Read<BigInteger> size = SynthetixV3Abi.decodeInt128(o.get(p.size()), proxy);
    if (size.failureIfAny().isPresent()) {
      return Read.failed(
          AbiWords.withCall(
              "getOpenPositionSize(" + account + ", " + market + ")", size.failureIfAny().get()));
    }
    if (size.asOptional().get().signum() == 0) {
      return Read.failed(
          new ReadFailure.Unavailable(
              venueId
                  + ": Synthetix perps account "
                  + account
                  + " has no open position in market "
                  + market
                  + " (getOpenPositionSize is 0)"));
    }
    List<String> names =
        List.of(
            "getOpenPosition(" + account + ", " + market + ")",
            "indexPrice(" + market + ")",
            "getAvailableMargin(" + account + ")",
            "getRequiredMargins(" + account + ")",
            "canLiquidate(" + account + ")",
            // price-free reads, after the priced ones checked for a stale oracle
            "getLiquidationParameters(" + market + ")",
            "getFundingParameters(" + market + ")",
            "getAccountOpenPositions(" + account + ")");
    List<CallOutcome> priced =
        List.of(
            o.get(p.openPosition()),
            o.get(p.price()),
            o.get(p.accountReads()),
            o.get(p.accountReads() + 1),
            o.get(p.accountReads() + 2));
    for (int k = 0; k < priced.size(); k++) {
      Optional<SynthetixV3Abi.OracleDataRequired> stale =
          SynthetixV3Abi.oracleDataRequired(priced.get(k));
      if (stale.isPresent()) {
        return Read.failed(
            new ReadFailure.Reverted(
                names.get(k)
                    + ": Pyth price stale, the venue values no position until it is updated: "
                    + stale.get().describe(),
                ((CallOutcome.Reverted) priced.get(k)).data()));
      }
    }
    Read<SynthetixV3Abi.OpenPosition> position =
        SynthetixV3Abi.decodeOpenPosition(priced.get(0), proxy);
    Read<BigInteger> index = SynthetixV3Abi.decodeUint256(priced.get(1), proxy);
    Read<BigInteger> available = SynthetixV3Abi.decodeInt256(priced.get(2), proxy);
    Read<SynthetixV3Abi.RequiredMargins> required =
        SynthetixV3Abi.decodeRequiredMargins(priced.get(3), proxy);
    Read<Boolean> liquidatable = SynthetixV3Abi.decodeBool(priced.get(4), proxy);
    Read<SynthetixV3Abi.LiquidationParameters> parameters =
        SynthetixV3Abi.decodeLiquidationParameters(o.get(p.liquidationParameters()), proxy);
    Read<SynthetixV3Abi.FundingParameters> funding =
        SynthetixV3Abi.decodeFundingParameters(o.get(p.fundingParameters()), proxy);
    Read<List<BigInteger>> openMarkets =
        SynthetixV3Abi.decodeUint256Array(o.get(p.openPositions()), proxy);
    List<Read<?>> reads =
        List.of(
            position, index, available, required, liquidatable, parameters, funding, openMarkets);
    for (int k = 0; k < reads.size(); k++) {
      if (reads.get(k).failureIfAny().isPresent()) {
        return Read.failed(AbiWords.withCall(names.get(k), reads.get(k).failureIfAny().get()));
      }
    }
    BigInteger indexRaw = index.asOptional().get();
    if (indexRaw.signum() == 0) {
      return Read.failed(new ReadFailure.Malformed(names.get(1) + " is 0"));
    }
    SynthetixV3Abi.OpenPosition open = position.asOptional().get();
    if (open.positionSize().signum() == 0) {
      return Read.failed(
          new ReadFailure.Malformed(
              names.get(0)
                  + " says size 0 where getOpenPositionSize says "
                  + size.asOptional().get()));
    }
    Optional<BigDecimal> liquidationPrice =
        openMarkets.asOptional().get().equals(List.of(p.market()))
            ? liquidationPrice(
                open.positionSize(),
                indexRaw,
                available.asOptional().get(),
                required.asOptional().get(),
                parameters.asOptional().get(),
                funding.asOptional().get().skewScale())
            : Optional.empty();
    return Read.ok(
        snapshot(
            request,
            "synthetix-v3 account " + account + " on " + proxy,
            block,
            open,
            indexRaw,
            available.asOptional().get(),
            required.asOptional().get(),
            liquidatable.asOptional().get(),
            liquidationPrice,
            Optional.of(Math.max(1, openMarkets.asOptional().get().size()))));
  }

  /**
   * The snapshot of one position's reads, D18 values as the proxy returns them; the size is {@code
   * getOpenPosition}'s, which must not be 0.
   */
  static PositionSnapshot snapshot(
      Request request,
      String source,
      BlockRef block,
      SynthetixV3Abi.OpenPosition open,
      BigInteger indexPrice,
      BigInteger availableMargin,
      SynthetixV3Abi.RequiredMargins required,
      boolean canLiquidate,
      Optional<BigDecimal> liquidationPrice) {
    return snapshot(
        request,
        source,
        block,
        open,
        indexPrice,
        availableMargin,
        required,
        canLiquidate,
        liquidationPrice,
        Optional.empty());
  }

  /**
   * As above, with how many markets the account holds a position in ({@code
   * getAccountOpenPositions}), when read.
   */
  static PositionSnapshot snapshot(
      Request request,
      String source,
      BlockRef block,
      SynthetixV3Abi.OpenPosition open,
      BigInteger indexPrice,
      BigInteger availableMargin,
      SynthetixV3Abi.RequiredMargins required,
      boolean canLiquidate,
      Optional<BigDecimal> liquidationPrice,
      Optional<Integer> accountOpenPositions) {
    BigDecimal signedSize = SynthetixV3Reader.d18(open.positionSize());
    BigDecimal index = SynthetixV3Reader.d18(indexPrice);
    BigDecimal totalPnl = SynthetixV3Reader.d18(open.totalPnl());
    BigDecimal funding = SynthetixV3Reader.d18(open.accruedFunding());
    BigDecimal interest = SynthetixV3Reader.d18(open.owedInterest());
    BigDecimal pricePnl = totalPnl.subtract(funding).add(interest);
    BigDecimal entry =
        index
            .subtract(pricePnl.divide(signedSize, SynthetixV3Reader.RATE_CONTEXT))
            .setScale(SynthetixV3Reader.D18, RoundingMode.HALF_EVEN);
    return new PositionSnapshot(
        request.positionId(),
        request.marketId(),
        source,
        block.timestamp(),
        signedSize.signum() > 0 ? PositionSide.LONG : PositionSide.SHORT,
        signedSize.abs(),
        entry.signum() > 0 ? Optional.of(entry) : Optional.empty(),
        index,
        MarginMode.CROSS,
        SynthetixV3Reader.d18(availableMargin),
        SynthetixV3Reader.d18(required.requiredMaintenanceMargin()),
        liquidationPrice,
        Optional.of(totalPnl.subtract(funding)),
        Optional.of(funding),
        Optional.of(canLiquidate),
        accountOpenPositions);
  }

  /**
   * The index price at which an account holding this one position becomes liquidatable, by the
   * margin rule in the class comment; D18 inputs as the proxy returns them. Empty when the rule, in
   * the proxy's truncating D18 arithmetic, does not give the proxy's own margins at {@code
   * indexPrice}, or when no positive price reaches the requirement (a long whose ratios reach 100
   * %).
   */
  static Optional<BigDecimal> liquidationPrice(
      BigInteger signedSize,
      BigInteger indexPrice,
      BigInteger availableMargin,
      SynthetixV3Abi.RequiredMargins required,
      SynthetixV3Abi.LiquidationParameters lp,
      BigInteger skewScale) {
    BigInteger sizeAbs = signedSize.abs();
    BigInteger impactOnSkew =
        skewScale.signum() == 0 ? BigInteger.ZERO : sizeAbs.multiply(UNIT).divide(skewScale);
    BigInteger initialRatio =
        mulDecimal(impactOnSkew, lp.initialMarginRatio()).add(lp.minimumInitialMarginRatio());
    BigInteger maintenanceRatio = mulDecimal(initialRatio, lp.maintenanceMarginScalar());
    BigInteger notional = mulDecimal(sizeAbs, indexPrice);
    BigInteger reward = mulDecimal(notional, lp.flagRewardRatio());
    BigInteger maintenance =
        mulDecimal(notional, maintenanceRatio).add(lp.minimumPositionMargin()).add(reward);
    if (!maintenance.equals(required.requiredMaintenanceMargin())
        || !reward.equals(required.maxLiquidationReward())) {
      return Optional.empty();
    }
    // margin + s x (P - index) = |s| x P x k + minimumPositionMargin, so
    // P = (minimumPositionMargin - margin + s x index) / (s - |s| x k)
    BigDecimal s = SynthetixV3Reader.d18(signedSize);
    BigDecimal k = SynthetixV3Reader.d18(maintenanceRatio.add(lp.flagRewardRatio()));
    BigDecimal slope = s.subtract(s.abs().multiply(k));
    if (signedSize.signum() > 0 ? slope.signum() <= 0 : slope.signum() >= 0) {
      return Optional.empty();
    }
    BigDecimal price =
        SynthetixV3Reader.d18(lp.minimumPositionMargin())
            .subtract(SynthetixV3Reader.d18(availableMargin))
            .add(s.multiply(SynthetixV3Reader.d18(indexPrice)))
            .divide(slope, SynthetixV3Reader.RATE_CONTEXT)
            .setScale(SynthetixV3Reader.D18, RoundingMode.HALF_EVEN);
    return price.signum() > 0 ? Optional.of(price) : Optional.empty();
  }

  /** Synthetix's DecimalMath.mulDecimal on unsigned values: x x y / 1e18, truncated. */
  private static BigInteger mulDecimal(BigInteger x, BigInteger y) {
    return x.multiply(y).divide(UNIT);
  }

  private static Optional<BigInteger> parseAccountId(String account) {
    String s = account.strip();
    if (!s.matches("[0-9]{1,39}")) {
      return Optional.empty();
    }
    BigInteger id = new BigInteger(s);
    return id.compareTo(SynthetixV3Abi.MAX_ACCOUNT_ID) <= 0 ? Optional.of(id) : Optional.empty();
  }

  @Override
  public String toString() {
    return "SynthetixV3PositionReader[" + venueId + " at " + proxy + "]";
  }
}
