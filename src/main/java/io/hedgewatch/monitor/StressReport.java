package io.hedgewatch.monitor;

import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.PositionConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.OracleRules;
import io.hedgewatch.risk.PositionContext;
import io.hedgewatch.risk.PositionRules;
import io.hedgewatch.risk.Stress;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code hedgewatch stress} makes of one check: every position the check read, shocked by the
 * {@link Scenario} and judged by the position rules again ({@link Stress}).
 *
 * <p>The document's state is the scenario's shock; without a price shock it is the state at no
 * price move (funding, drift and outage applied), and each position carries the default ladder
 * besides. Chains, feeds, markets and contracts are the observation the shock starts from, as the
 * check read them; their own alerts are {@code check}'s business and are not repeated. The alerts
 * are those the shocked positions raise, the check's {@code monitor.blind} of a position (one that
 * cannot be read cannot be stressed either), and {@code sequencer.down} of every chain in outage.
 *
 * <p>A sequencer outage means: the chain takes no transactions and its oracles are frozen while the
 * market moves on; when the sequencer restarts the venue marks to the moved price at once. A
 * position whose venue or buffer is on that chain meets the whole shock with no chance to add
 * margin in between, so its buffer counts as empty. A chain whose sequencer the check found down is
 * in outage whether or not it was asked for.
 *
 * @param observed the check the shock starts from
 * @param status the worst of {@code alerts}
 * @param outageChains every chain in outage: those asked for and those found down
 */
public record StressReport(
    CheckReport observed,
    Scenario scenario,
    List<StressedPosition> positions,
    List<String> outageChains,
    List<Alert> alerts,
    Severity status) {

  public StressReport {
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(scenario, "scenario");
    positions = List.copyOf(positions);
    outageChains = List.copyOf(outageChains);
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(status, "status");
  }

  /**
   * The what-if.
   *
   * @param price the market's move; empty for the ladder {@link Stress#DEFAULT_PRICE_LADDER}
   * @param fundingMultiplier every funding rate is multiplied by it
   * @param drift how far each venue's mark drifts against its positions, a fraction
   * @param sequencerOutage the chains whose sequencer goes down, each with a sequencer uptime feed
   * @throws IllegalArgumentException when {@link Stress.Shock} refuses the figures
   */
  public record Scenario(
      Optional<BigDecimal> price,
      BigDecimal fundingMultiplier,
      BigDecimal drift,
      List<String> sequencerOutage) {

    public Scenario {
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(fundingMultiplier, "fundingMultiplier");
      Objects.requireNonNull(drift, "drift");
      sequencerOutage = List.copyOf(sequencerOutage);
      shock(price.orElse(BigDecimal.ZERO), fundingMultiplier, drift);
    }

    /** Whether each position goes through the price ladder. */
    public boolean isLadder() {
      return price.isEmpty();
    }

    /** The shock of the document's state: the price move, or none for the ladder. */
    public Stress.Shock shock() {
      return shock(price.orElse(BigDecimal.ZERO), fundingMultiplier, drift);
    }

    /** The shock of one rung: its price move with this scenario's funding and drift. */
    public Stress.Shock at(BigDecimal rung) {
      return shock(rung, fundingMultiplier, drift);
    }

    private static Stress.Shock shock(BigDecimal price, BigDecimal funding, BigDecimal drift) {
      return new Stress.Shock(price, funding, drift);
    }
  }

  /** One rung of the ladder: the price move, the shocked position, the worst of its alerts. */
  public record Rung(BigDecimal price, Stress.Result result, Severity status) {
    public Rung {
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * One position under the scenario.
   *
   * @param observed the position as the check read it
   * @param shocked the position in the document's state, as a check shows one: the observed report
   *     when the position could not be read
   * @param result the stress result of the document's state; empty when the position was not read
   * @param liquidationShock the smallest market move that liquidates it from the observed state,
   *     with the scenario's drift ({@link Stress#liquidationShock}); empty when none does, or when
   *     it was not read
   * @param ladder every rung, in the ladder's order; empty with a single price shock
   * @param outageChains the chains in outage its venue or its buffer is on
   * @param bufferUsable whether its buffer can be moved in as margin; empty without a buffer
   */
  public record StressedPosition(
      PositionReport observed,
      PositionReport shocked,
      Optional<Stress.Result> result,
      Optional<BigDecimal> liquidationShock,
      List<Rung> ladder,
      List<String> outageChains,
      Optional<Boolean> bufferUsable) {

    public StressedPosition {
      Objects.requireNonNull(observed, "observed");
      Objects.requireNonNull(shocked, "shocked");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(liquidationShock, "liquidationShock");
      ladder = List.copyOf(ladder);
      outageChains = List.copyOf(outageChains);
      Objects.requireNonNull(bufferUsable, "bufferUsable");
    }

    public String id() {
      return observed.position().id();
    }

    /**
     * The rung nearest to no move, in the falling ({@code up} false) or rising direction, at which
     * the position is liquidated; the zero rung belongs to both. Empty when no rung of that side
     * liquidates it, and without a ladder.
     */
    public Optional<BigDecimal> firstLiquidatingRung(boolean up) {
      return ladder.stream()
          .filter(r -> up ? r.price().signum() >= 0 : r.price().signum() <= 0)
          .filter(r -> r.result().liquidated())
          .map(Rung::price)
          .min((a, b) -> a.abs().compareTo(b.abs()));
    }

    /**
     * The margin {@code result} needs that the buffer cannot give: its needed margin less the value
     * of a usable buffer (none, and an unusable one, count as 0), at least 0. Empty when the
     * position was not read, or its buffer could not be valued.
     */
    public Optional<BigDecimal> bufferShortfall() {
      return result.flatMap(r -> shortfall(r, usableBufferValue()));
    }

    /** {@link #bufferShortfall()} at one rung of the ladder. */
    public Optional<BigDecimal> bufferShortfall(Rung rung) {
      return shortfall(rung.result(), usableBufferValue());
    }

    /** The buffer's value that can be moved in: 0 without one or while it is unusable. */
    private Optional<BigDecimal> usableBufferValue() {
      if (observed.position().buffer().isEmpty() || bufferUsable.equals(Optional.of(false))) {
        return Optional.of(BigDecimal.ZERO);
      }
      return observed.context().flatMap(PositionContext::buffer).flatMap(BufferBalance::value);
    }

    private static Optional<BigDecimal> shortfall(Stress.Result r, Optional<BigDecimal> usable) {
      return usable.map(v -> r.bufferNeeded().subtract(v).max(BigDecimal.ZERO));
    }
  }

  /**
   * Applies {@code scenario} to every position of {@code check}.
   *
   * @param config the config the check ran with: rule settings, and the chains of venues and
   *     buffers
   * @throws IllegalArgumentException when an outage names a chain the check does not know or one
   *     without a sequencer uptime feed (the command refuses those before the check)
   */
  public static StressReport of(CheckReport check, Scenario scenario, HedgewatchConfig config) {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(config, "config");
    List<Alert> alerts = new ArrayList<>();
    Set<String> outage = new LinkedHashSet<>();
    for (String chain : scenario.sequencerOutage()) {
      ChainConfig c = config.chains().get(chain);
      if (c == null || c.sequencerUptimeFeed().isEmpty()) {
        throw new IllegalArgumentException(
            "chain " + chain + " has no sequencer uptime feed in the config");
      }
    }
    for (ChainStatus chain : check.chains()) {
      Optional<SequencerStatus> seen =
          chain.sequencer().flatMap(Read::asOptional).filter(SequencerStatus::valid);
      boolean down = seen.map(SequencerStatus::down).orElse(false);
      if (!down && !scenario.sequencerOutage().contains(chain.id())) {
        continue;
      }
      outage.add(chain.id());
      if (chain.block().isPresent()) {
        BlockRef block = chain.block().get();
        SequencerStatus status = down ? seen.get() : goesDown(seen, block);
        alerts.addAll(new OracleRules().evaluateSequencer(chain.id(), status, block, config::rule));
      }
    }
    // a chain asked for that the check could not read: no block to date the alert, but its
    // positions still lose their buffer (and the check's own monitor.blind says why)
    outage.addAll(scenario.sequencerOutage());

    List<StressedPosition> positions = new ArrayList<>();
    for (PositionReport report : check.positions()) {
      StressedPosition stressed = stress(report, scenario, config, outage);
      positions.add(stressed);
      stressed.result().ifPresent(r -> alerts.addAll(r.alerts()));
      String subject = PositionRules.subject(report.position().id());
      check.alerts().stream()
          .filter(a -> a.rule().equals("monitor.blind") && a.subject().equals(subject))
          .forEach(alerts::add);
    }
    return new StressReport(
        check, scenario, positions, List.copyOf(outage), alerts, OracleRules.worst(alerts));
  }

  /**
   * The document's state as a check report: the observation, with the shocked positions and the
   * stress's alerts and status.
   */
  public CheckReport document() {
    return new CheckReport(
        observed.at(),
        status,
        observed.chains(),
        observed.feeds(),
        observed.markets(),
        positions.stream().map(StressedPosition::shocked).toList(),
        observed.contracts(),
        alerts,
        observed.endpoints());
  }

  /** The status an uptime feed would report once the sequencer goes down at {@code block}. */
  private static SequencerStatus goesDown(Optional<SequencerStatus> seen, BlockRef block) {
    BigInteger at = BigInteger.valueOf(block.timestamp().getEpochSecond());
    BigInteger round = seen.map(s -> s.roundId().add(BigInteger.ONE)).orElse(BigInteger.ONE);
    return new SequencerStatus(BigInteger.ONE, at, at, round);
  }

  private static StressedPosition stress(
      PositionReport report, Scenario scenario, HedgewatchConfig config, Set<String> outage) {
    PositionConfig position = report.position();
    List<String> chains = dependsOn(position, config).stream().filter(outage::contains).toList();
    Optional<Boolean> bufferUsable =
        position.buffer().isPresent() ? Optional.of(chains.isEmpty()) : Optional.empty();
    Optional<PositionSnapshot> snapshot = report.snapshot().asOptional();
    if (snapshot.isEmpty() || report.context().isEmpty()) {
      return new StressedPosition(
          report, report, Optional.empty(), Optional.empty(), List.of(), chains, bufferUsable);
    }
    PositionSnapshot p = snapshot.get();
    PositionContext ctx = report.context().get();
    if (!chains.isEmpty() && ctx.buffer().isPresent()) {
      ctx = ctx.withBuffer(emptied(ctx.buffer().get(), chains));
    }
    Stress.Result result = Stress.apply(p, ctx, scenario.shock(), config::rule);
    List<Rung> ladder = new ArrayList<>();
    if (scenario.isLadder()) {
      for (BigDecimal rung : Stress.DEFAULT_PRICE_LADDER) {
        Stress.Result r = Stress.apply(p, ctx, scenario.at(rung), config::rule);
        ladder.add(new Rung(rung, r, OracleRules.worst(r.alerts())));
      }
    }
    Severity status = OracleRules.worst(result.alerts());
    if (!report.problems().isEmpty()) {
      status = Severity.worst(status, Severity.UNKNOWN);
    }
    PositionReport shocked =
        new PositionReport(
            position,
            report.market(),
            Read.ok(result.position()),
            Optional.of(result.context()),
            Optional.of(result.metrics()),
            report.problems(),
            status);
    return new StressedPosition(
        report,
        shocked,
        Optional.of(result),
        Stress.liquidationShock(p, scenario.drift()),
        ladder,
        chains,
        bufferUsable);
  }

  /** The chains a position needs to take margin in: its venue's and its buffer's, in that order. */
  private static List<String> dependsOn(PositionConfig position, HedgewatchConfig config) {
    Set<String> chains = new LinkedHashSet<>();
    Optional.ofNullable(config.markets().get(position.market()))
        .map(m -> config.venues().get(m.venue()))
        .filter(VenueConfig.OnChain.class::isInstance)
        .map(v -> ((VenueConfig.OnChain) v).chain())
        .ifPresent(chains::add);
    position.buffer().ifPresent(b -> chains.add(b.wallet().chain()));
    return List.copyOf(chains);
  }

  /** The buffer as the rules see it during an outage: nothing that can be moved. */
  private static BufferBalance emptied(BufferBalance buffer, List<String> chains) {
    return new BufferBalance(
        buffer.token(),
        buffer.holder(),
        BigDecimal.ZERO,
        buffer.price(),
        buffer.source()
            + ", unusable while the sequencer of "
            + String.join(", ", chains)
            + " is down");
  }
}
