package io.hedgewatch.risk;

import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.FeedType;
import io.hedgewatch.domain.MarketHours;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.SequencerStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Builders for the oracle rule tests: a healthy reading by default, with one thing changed per
 * test.
 */
final class OracleFixtures {

  static final String PROXY = "0x639fe6ab55c921f74e7fac1ee960c0b6293ba612";
  static final String AGGREGATOR = "0x3607e46698d218b3a5cae44bf381475c0a5e2ca7";
  static final String OTHER_AGGREGATOR = "0x1111111111111111111111111111111111111111";
  static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
  static final String PYTH_ID =
      "0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace";
  static final Instant T0 = Instant.parse("2025-01-08T12:00:00Z");
  static final BigInteger PHASE_6_ROUND =
      BigInteger.valueOf(6).shiftLeft(64).add(BigInteger.valueOf(1234));

  private OracleFixtures() {}

  static FeedSpec chainlinkSpec(Duration heartbeat, MarketHours hours) {
    return new FeedSpec(
        "eth-usd",
        "arbitrum",
        FeedType.CHAINLINK,
        PROXY,
        Optional.empty(),
        heartbeat,
        new BigDecimal("0.0005"),
        hours,
        Optional.empty());
  }

  static FeedSpec chainlinkSpec() {
    return chainlinkSpec(Duration.ofHours(1), MarketHours.CRYPTO);
  }

  static FeedSpec pinned(FeedSpec spec, String aggregator) {
    return new FeedSpec(
        spec.id(),
        spec.chain(),
        spec.type(),
        spec.address(),
        spec.priceId(),
        spec.heartbeat(),
        spec.deviationThreshold(),
        spec.marketHours(),
        Optional.of(aggregator));
  }

  static FeedSpec pythSpec(Duration heartbeat, MarketHours hours) {
    return new FeedSpec(
        "eth-usd-pyth",
        "arbitrum",
        FeedType.PYTH,
        "0xff1a0f4744e8582df1ae09d5611b887b6a12925c",
        Optional.of(PYTH_ID),
        heartbeat,
        new BigDecimal("0.0005"),
        hours,
        Optional.empty());
  }

  static ChainlinkRound round(BigInteger answer, Instant updatedAt) {
    BigInteger t = BigInteger.valueOf(updatedAt.getEpochSecond());
    return new ChainlinkRound(PHASE_6_ROUND, answer, t, t, PHASE_6_ROUND);
  }

  /**
   * $3000.00 at 8 decimals, updated at {@code updatedAt}, aggregator AGGREGATOR, phase 6, no
   * bounds, no proposal.
   */
  static FeedReading.Chainlink chainlink(Instant updatedAt) {
    return chainlink(round(new BigInteger("300000000000"), updatedAt));
  }

  static FeedReading.Chainlink chainlink(ChainlinkRound round) {
    return new FeedReading.Chainlink(
        "eth-usd",
        8,
        round,
        Optional.of("ETH / USD"),
        Optional.of(AGGREGATOR),
        Optional.of(6),
        Optional.empty(),
        Optional.empty());
  }

  static FeedReading.Chainlink withBounds(FeedReading.Chainlink r, long min, long max) {
    return withBounds(r, BigInteger.valueOf(min), BigInteger.valueOf(max));
  }

  static FeedReading.Chainlink withBounds(FeedReading.Chainlink r, BigInteger min, BigInteger max) {
    return new FeedReading.Chainlink(
        r.feedId(),
        r.decimals(),
        r.round(),
        r.description(),
        r.aggregator(),
        r.phaseId(),
        r.proposedAggregator(),
        Optional.of(new AnswerBounds(min, max)));
  }

  static FeedReading.Chainlink withSource(
      FeedReading.Chainlink r,
      Optional<String> aggregator,
      Optional<Integer> phase,
      Optional<String> proposed) {
    return new FeedReading.Chainlink(
        r.feedId(),
        r.decimals(),
        r.round(),
        r.description(),
        aggregator,
        phase,
        proposed,
        r.bounds());
  }

  static FeedReading.Pyth pyth(long price, long conf, Instant publishTime) {
    return new FeedReading.Pyth(
        "eth-usd-pyth",
        PYTH_ID,
        new PythPrice(price, conf, -8, publishTime.getEpochSecond()),
        Optional.empty());
  }

  static BlockRef block(Instant at) {
    return new BlockRef(123_456, at);
  }

  static SequencerStatus sequencer(int answer, Instant startedAt) {
    return new SequencerStatus(
        BigInteger.valueOf(answer), BigInteger.valueOf(startedAt.getEpochSecond()),
        BigInteger.valueOf(startedAt.getEpochSecond()), BigInteger.valueOf(77));
  }

  /**
   * A rule's settings from the values a user writes, already typed as the config loader types them.
   */
  static RuleSettings settings(String ruleId, Map<String, Object> overrides) {
    return RuleSettings.of(RuleCatalog.find(ruleId).orElseThrow(), overrides);
  }

  static RuleSettings defaults(String ruleId) {
    return RuleCatalog.defaults(ruleId);
  }

  static RuleSettings disabled(String ruleId) {
    return settings(ruleId, Map.of("enabled", false));
  }
}
