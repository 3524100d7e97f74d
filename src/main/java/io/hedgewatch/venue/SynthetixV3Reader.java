package io.hedgewatch.venue;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads Synthetix v3 perps markets from a PerpsMarketProxy (market keys are market ids, e.g. "100"
 * for ETH) and puts them on {@link MarketSnapshot}'s scales.
 *
 * <p>Per market, one cycle reads {@code getMarketSummary} (skew, size, maxOpenInterest, funding
 * rate and velocity, index price), {@code getFundingParameters} (skewScale, for the mark price),
 * {@code getMaxMarketValue} (the USD cap) and the price-free views {@code size}, {@code skew},
 * {@code currentFundingRate}, {@code currentFundingVelocity} and {@code getMaxMarketSize}; per
 * venue, {@code getFeatureFlagDenyAll("perpsSystem")}. The price-free views repeat the summary on
 * purpose: when the Pyth price is older than the node's tolerance, the summary and every other
 * price-dependent view revert with ERC-7412's {@code OracleDataRequired}, and the market is then
 * reported from the views that do not touch the price (they read stored state and configuration
 * only) with its prices empty and {@link MarketSnapshot#oracleProblem()} saying why: a stale oracle
 * on the market, not a venue failure. They cost nothing extra in round trips, since every call of a
 * cycle travels in the same Multicall3 eth_call.
 *
 * <p>Units: the proxy's values are D18 fixed point. Sizes, skew and open interest are native units
 * (1e18 = 1 ETH); long open interest is (size + skew) / 2 and short (size - skew) / 2. The funding
 * rate is per day (positive = longs pay), so hourly = rate / 24; the predicted rate is the rate one
 * hour ahead at the current skew, (rate + velocity / 24) / 24. The mark price is the fill price of
 * a zero-size order, index x (1 + skew / skewScale), what {@code fillPrice(id, 0, index)} returns.
 * The open-interest cap per side is {@code maxOpenInterest} (native), lowered to {@code
 * maxMarketValue / index} when the USD cap binds first. Funding accrues continuously: there is no
 * interval, next funding time or rate cap.
 *
 * <p>{@code getFeatureFlagDenyAll("perpsSystem")} true pauses every market of the venue. When that
 * flag cannot be read, every market of the batch fails: a market whose halt state is unknown is not
 * reported as active.
 */
public final class SynthetixV3Reader implements VenueReader {

  /** Precision of the derived rates and prices; the inputs themselves are exact. */
  public static final MathContext RATE_CONTEXT = MathContext.DECIMAL128;

  static final int D18 = 18;
  private static final BigDecimal HOURS_PER_DAY = BigDecimal.valueOf(24);
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  /** Calls per market, in this order (see {@link Batch}). */
  static final int MARKET_CALLS = 8;

  private static final int SUMMARY = 0;
  private static final int FUNDING_PARAMETERS = 1;
  private static final int MAX_MARKET_VALUE = 2;
  private static final int SIZE = 3;
  private static final int SKEW = 4;
  private static final int FUNDING_RATE = 5;
  private static final int FUNDING_VELOCITY = 6;
  private static final int MAX_MARKET_SIZE = 7;

  private final String venueId;
  private final ChainReader chain;
  private final String proxy;

  /**
   * @param venueId the config id of the venue
   * @param chain the chain the proxy lives on
   * @param perpsMarketProxy the PerpsMarketProxy address
   */
  public SynthetixV3Reader(String venueId, ChainReader chain, String perpsMarketProxy) {
    this.venueId = Objects.requireNonNull(venueId, "venueId");
    this.chain = Objects.requireNonNull(chain, "chain");
    this.proxy = AbiWords.address(perpsMarketProxy);
  }

  @Override
  public String venueId() {
    return venueId;
  }

  public String proxy() {
    return proxy;
  }

  /** The calls and decoding of one cycle's reads of {@code marketKeys}, for a shared readAt. */
  public Batch batch(List<String> marketKeys) {
    return new Batch(List.copyOf(marketKeys));
  }

  /** Reads the markets in one {@link ChainReader#readAt} at the head block. */
  @Override
  public List<Read<MarketSnapshot>> snapshots(List<String> marketKeys) {
    return batch(marketKeys).readAtHead(chain, venueId);
  }

  /**
   * Not available on chain: the proxy keeps only the current rate (its {@code MarketUpdated} events
   * carry the rate at each order, not settled funding). The history comes from the store's own
   * samples of the current rate.
   */
  @Override
  public Read<List<FundingPoint>> fundingHistory(String marketKey, Instant from, Instant to) {
    return Read.failed(
        new ReadFailure.Unavailable(
            "no on-chain funding history for Synthetix v3 market "
                + marketKey
                + ": hedgewatch samples the current rate each cycle"));
  }

  /**
   * Where one market's outcomes are in a batch: its {@link #MARKET_CALLS} calls from {@code first}.
   */
  private record Plan(String key, BigInteger id, int first) {}

  /**
   * One cycle's calls for some markets and their decoding; see {@link OnChainBatch}. The venue's
   * {@code getFeatureFlagDenyAll} comes first, once, when any market is asked.
   */
  public final class Batch extends PlannedBatch<Plan, MarketSnapshot> implements OnChainBatch {

    private Batch(List<String> keys) {
      List<Optional<BigInteger>> ids = keys.stream().map(SynthetixV3Reader::parseMarketId).toList();
      if (ids.stream().anyMatch(Optional::isPresent)) {
        add(
            new ContractCall(
                proxy, SynthetixV3Abi.getFeatureFlagDenyAll(SynthetixV3Abi.PERPS_SYSTEM_FEATURE)));
      }
      for (int i = 0; i < keys.size(); i++) {
        if (ids.get(i).isPresent()) {
          planned(new Plan(keys.get(i), ids.get(i).get(), addMarketCalls(ids.get(i).get())));
        } else {
          unasked(
              new ReadFailure.Unavailable(
                  "'" + keys.get(i) + "' is not a Synthetix market id (a uint128)"));
        }
      }
    }

    private int addMarketCalls(BigInteger id) {
      int first = add(new ContractCall(proxy, SynthetixV3Abi.getMarketSummary(id)));
      add(new ContractCall(proxy, SynthetixV3Abi.getFundingParameters(id)));
      add(new ContractCall(proxy, SynthetixV3Abi.getMaxMarketValue(id)));
      add(new ContractCall(proxy, SynthetixV3Abi.size(id)));
      add(new ContractCall(proxy, SynthetixV3Abi.skew(id)));
      add(new ContractCall(proxy, SynthetixV3Abi.currentFundingRate(id)));
      add(new ContractCall(proxy, SynthetixV3Abi.currentFundingVelocity(id)));
      add(new ContractCall(proxy, SynthetixV3Abi.getMaxMarketSize(id)));
      return first;
    }

    @Override
    protected Read<MarketSnapshot> decode(
        int index, Plan plan, BlockRef block, List<CallOutcome> outcomes) {
      return decodeMarket(
          plan.key(),
          plan.id(),
          block,
          denyAll(outcomes.get(0)),
          outcomes.subList(plan.first(), plan.first() + MARKET_CALLS));
    }
  }

  /** The venue-wide halt flag, the batch's first outcome (the same for every market). */
  private Read<Boolean> denyAll(CallOutcome outcome) {
    Read<Boolean> read = SynthetixV3Abi.decodeBool(outcome, proxy);
    return read.failureIfAny().isEmpty()
        ? read
        : Read.failed(
            AbiWords.withCall(
                "getFeatureFlagDenyAll(" + SynthetixV3Abi.PERPS_SYSTEM_FEATURE + ")",
                read.failureIfAny().get()));
  }

  private Read<MarketSnapshot> decodeMarket(
      String key, BigInteger id, BlockRef block, Read<Boolean> denyAll, List<CallOutcome> o) {
    if (denyAll.failureIfAny().isPresent()) {
      return Read.failed(denyAll.failureIfAny().get());
    }
    MarketStatus status =
        denyAll.asOptional().orElseThrow()
            ? new MarketStatus(
                true,
                false,
                false,
                false,
                Optional.of(
                    SynthetixV3Abi.PERPS_SYSTEM_FEATURE
                        + " denyAll is set: the perps system is halted"))
            : MarketStatus.ACTIVE;
    Optional<BigInteger> skewScale =
        SynthetixV3Abi.decodeFundingParameters(o.get(FUNDING_PARAMETERS), proxy)
            .asOptional()
            .map(SynthetixV3Abi.FundingParameters::skewScale);
    Optional<BigInteger> maxMarketValue =
        SynthetixV3Abi.decodeUint256(o.get(MAX_MARKET_VALUE), proxy).asOptional();

    Read<SynthetixV3Abi.MarketSummary> summary =
        SynthetixV3Abi.decodeMarketSummary(o.get(SUMMARY), proxy);
    if (summary instanceof Read.Ok<SynthetixV3Abi.MarketSummary> ok) {
      return Read.ok(
          snapshot(key, block, ok.value(), skewScale, maxMarketValue, status, Optional.empty()));
    }
    Optional<SynthetixV3Abi.OracleDataRequired> stale =
        SynthetixV3Abi.oracleDataRequired(o.get(SUMMARY));
    if (stale.isEmpty()) {
      return Read.failed(
          AbiWords.withCall("getMarketSummary(" + id + ")", summary.failureIfAny().orElseThrow()));
    }
    // The price is stale: the same market from the views that do not need it.
    Read<BigInteger> size = SynthetixV3Abi.decodeUint256(o.get(SIZE), proxy);
    Read<BigInteger> skew = SynthetixV3Abi.decodeInt256(o.get(SKEW), proxy);
    Read<BigInteger> rate = SynthetixV3Abi.decodeInt256(o.get(FUNDING_RATE), proxy);
    Read<BigInteger> velocity = SynthetixV3Abi.decodeInt256(o.get(FUNDING_VELOCITY), proxy);
    Read<BigInteger> maxSize = SynthetixV3Abi.decodeUint256(o.get(MAX_MARKET_SIZE), proxy);
    List<String> names =
        List.of("size", "skew", "currentFundingRate", "currentFundingVelocity", "getMaxMarketSize");
    List<Read<BigInteger>> reads = List.of(size, skew, rate, velocity, maxSize);
    for (int i = 0; i < reads.size(); i++) {
      if (reads.get(i).failureIfAny().isPresent()) {
        return Read.failed(
            AbiWords.withCall(
                names.get(i) + "(" + id + ") while the price is stale",
                reads.get(i).failureIfAny().get()));
      }
    }
    SynthetixV3Abi.MarketSummary priceFree =
        new SynthetixV3Abi.MarketSummary(
            skew.asOptional().get(),
            size.asOptional().get(),
            maxSize.asOptional().get(),
            rate.asOptional().get(),
            velocity.asOptional().get(),
            null);
    return Read.ok(
        snapshot(
            key,
            block,
            priceFree,
            skewScale,
            maxMarketValue,
            status,
            Optional.of("Pyth price stale: " + stale.get().describe())));
  }

  /** The snapshot of a summary; a null index price means the price could not be read. */
  static MarketSnapshot snapshot(
      String key,
      BlockRef block,
      SynthetixV3Abi.MarketSummary s,
      Optional<BigInteger> skewScale,
      Optional<BigInteger> maxMarketValue,
      MarketStatus status,
      Optional<String> oracleProblem) {
    BigDecimal size = d18(s.size());
    BigDecimal skew = d18(s.skew());
    Optional<BigDecimal> index = Optional.ofNullable(s.indexPrice()).map(SynthetixV3Reader::d18);
    Optional<BigDecimal> mark =
        index.flatMap(
            price ->
                skewScale
                    .filter(scale -> scale.signum() > 0)
                    .map(
                        scale ->
                            price
                                .multiply(new BigDecimal(scale.add(s.skew())))
                                .divide(new BigDecimal(scale), RATE_CONTEXT)
                                .setScale(D18, RoundingMode.HALF_EVEN)));
    BigDecimal ratePerDay = d18(s.currentFundingRate());
    BigDecimal velocityPerDay = d18(s.currentFundingVelocity());
    BigDecimal hourly = ratePerDay.divide(HOURS_PER_DAY, RATE_CONTEXT);
    BigDecimal predicted =
        ratePerDay
            .add(velocityPerDay.divide(HOURS_PER_DAY, RATE_CONTEXT))
            .divide(HOURS_PER_DAY, RATE_CONTEXT);
    BigDecimal cap = d18(s.maxOpenInterest());
    if (index.isPresent() && index.get().signum() > 0 && maxMarketValue.isPresent()) {
      BigInteger value = maxMarketValue.get();
      if (value.signum() > 0) {
        cap = cap.min(d18(value).divide(index.get(), D18, RoundingMode.DOWN));
      }
    }
    return new MarketSnapshot(
        key,
        block.timestamp(),
        mark,
        index,
        Optional.of(hourly),
        Optional.empty(),
        Optional.empty(),
        Optional.of(predicted),
        Optional.empty(),
        Optional.of(size.add(skew).divide(TWO)),
        Optional.of(size.subtract(skew).divide(TWO)),
        Optional.of(size),
        Optional.of(cap),
        Optional.of(cap),
        Optional.of(skew),
        status,
        oracleProblem);
  }

  static BigDecimal d18(BigInteger value) {
    return new BigDecimal(value, D18);
  }

  static Optional<BigInteger> parseMarketId(String key) {
    if (key == null || !key.strip().matches("[0-9]{1,39}")) {
      return Optional.empty();
    }
    BigInteger id = new BigInteger(key.strip());
    return id.compareTo(SynthetixV3Abi.MAX_MARKET_ID) <= 0 ? Optional.of(id) : Optional.empty();
  }

  @Override
  public String toString() {
    return "SynthetixV3Reader[" + venueId + " at " + proxy + "]";
  }
}
