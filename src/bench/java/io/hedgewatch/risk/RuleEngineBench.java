package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.ReferencePrice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 9's rule-engine throughput: rule evaluations per second on one thread (one core). Each
 * benchmark reports rule evaluations (its {@link OperationsPerInvocation} is the number of rules
 * one call judges), so its score compares with the target of 1,000,000 a second directly. The
 * inputs are the rule tests' fixtures: a Chainlink reading with bounds against a three-venue
 * reference that it drifts from (so {@code oracle.drift} builds an alert, the costlier path), a
 * market with funding, mark and index, and a short hedge position. Settings: {@code defaults} is
 * what the config gives when it names no rule ({@code HedgewatchConfig.rule}: the catalogue's
 * defaults, built once when the catalogue loads); {@code resolved} is every rule's settings built
 * by the bench, as for a config that names every rule.
 *
 * <p>Run (the {@code bench} profile adds JMH and this source folder): see docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleEngineBench {

  /** oracle.stale, oracle.round, oracle.bounds, oracle.source-changed. */
  static final int ORACLE_RULES = 4;

  /** oracle.drift, reference.unavailable, reference.blind. */
  static final int REFERENCE_RULES = 3;

  /** reference.divergence. */
  static final int SOURCES_RULES = 1;

  /** paused, oracle-stale, funding spike and divergence, basis, open-interest cap, skew. */
  static final int MARKET_RULES = 7;

  /** The nine position rules of {@link PositionRules#evaluate}. */
  static final int POSITION_RULES = 9;

  static final int OBSERVATION_RULES =
      ORACLE_RULES + REFERENCE_RULES + SOURCES_RULES + MARKET_RULES + POSITION_RULES;

  private final OracleRules oracle = new OracleRules();
  @Param({"defaults", "resolved"})
  public String lookup;

  private RuleSettingsLookup settings;
  private FeedSpec spec;
  private FeedReading reading;
  private BlockRef block;
  private Optional<SourceIdentity> previous;
  private ReferencePrice reference;
  private MarketSnapshot market;
  private MarketContext marketContext;
  private PositionSnapshot position;
  private PositionContext positionContext;

  @Setup
  public void setUp() {
    if (lookup.equals("resolved")) {
      Map<String, RuleSettings> all =
          RuleCatalog.all().stream()
              .map(spec -> RuleCatalog.defaults(spec.id()))
              .collect(Collectors.toMap(RuleSettings::ruleId, Function.identity()));
      settings = RuleSettingsLookup.of(all);
    } else {
      settings = RuleSettingsLookup.defaults();
    }
    Instant now = ReferenceFixtures.NOW;
    spec = OracleFixtures.chainlinkSpec();
    FeedReading.Chainlink chainlink =
        OracleFixtures.withBounds(
            OracleFixtures.chainlink(now.minusSeconds(600)), 100_000_000L, 1_000_000_000_000L);
    reading = chainlink;
    block = OracleFixtures.block(now);
    previous = Optional.of(SourceIdentity.of(spec, chainlink));
    // $3000.00 on chain against a reference near $2,940: 2 % apart.
    reference =
        ReferenceFixtures.ethUsd(
            2,
            ReferenceFixtures.coinbaseEthUsd("2940.10"),
            ReferenceFixtures.krakenEthUsd("2939.80"));
    market =
        MarketFixtures.snapshot()
            .mark("3001.5")
            .index("3000")
            .funding("0.0001")
            .skew("120")
            .build();
    marketContext =
        MarketFixtures.history(MarketFixtures.meanAndStdev("0.0001", "0.00002"));
    position = PositionFixtures.position().build();
    positionContext = PositionFixtures.context();
  }

  /** One feed's oracle rules and its reference rules: what a cycle does per feed. */
  @Benchmark
  @OperationsPerInvocation(ORACLE_RULES + REFERENCE_RULES)
  public void feedAgainstReference(Blackhole bh) {
    bh.consume(
        oracle.evaluateFeed(spec, reading, block, Optional.empty(), previous, settings));
    bh.consume(ReferenceRules.evaluate(spec, reading, reference, settings));
  }

  /** Every rule of one observation of one feed, its reference, one market and one position. */
  @Benchmark
  @OperationsPerInvocation(OBSERVATION_RULES)
  public void observation(Blackhole bh) {
    List<Alert> feed =
        oracle.evaluateFeed(spec, reading, block, Optional.empty(), previous, settings);
    bh.consume(feed);
    bh.consume(ReferenceRules.evaluate(spec, reading, reference, settings));
    bh.consume(ReferenceRules.evaluateSources(reference, settings));
    bh.consume(MarketRules.evaluate(MarketFixtures.MARKET, market, marketContext, settings));
    bh.consume(PositionRules.evaluate(position, positionContext, settings));
  }
}
