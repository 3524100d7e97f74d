package io.hedgewatch.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The parts of one evaluation cycle timed apart: {@code hedgewatch.cycle.stage{stage=...}}. The
 * stages overlap (the reference venues are asked while the chains are read, and a chain's read
 * includes its RPC wait and decoding), so they do not add up to {@code hedgewatch.cycle.duration};
 * the chain stages are recorded once per chain read, the others once per cycle.
 *
 * <p>The timers are registered once, when the registry is given, so that recording is a clock read
 * and an add: cheap enough for every block.
 */
public final class CycleStages {

  /** The Micrometer name; Prometheus shows it as {@code hedgewatch_cycle_stage_seconds}. */
  public static final String METRIC = "hedgewatch.cycle.stage";

  /** The stages, each under its tag value. */
  public enum Stage {
    /** One chain's head and oracle reads, wall time, RPC wait and decoding included. */
    CHAIN_READ("chain_read"),
    /** The part of a chain's reads spent waiting on its JSON-RPC endpoints (retries included). */
    CHAIN_RPC("chain_rpc"),
    /** The part of a chain's reads spent decoding Multicall3 {@code aggregate3} replies. */
    DECODE("decode"),
    /** The spot reference venues' quotes (asked alongside the chain reads). */
    REFERENCES("references"),
    /** Waiting for the RPC endpoint probes ({@code rpc.*} rules) after the chain reads. */
    RPC_PROBES("rpc_probes"),
    /** The oracle, sequencer and reference rules over the cycle's feeds. */
    RULES("rules"),
    /** The markets: their venue reads (on-chain and off) and the market rules. */
    MARKETS("markets"),
    /** The positions: candles for volatility, their venue reads and the position rules. */
    POSITIONS("positions"),
    /** The watched platform contracts. */
    PLATFORM("platform"),
    /** The alert lifecycle's step over the cycle's alerts (service only). */
    LIFECYCLE("lifecycle"),
    /** The store transaction that commits the alert state with its events and outbox rows. */
    STORE_COMMIT("store_commit"),
    /** Handing the committed events to the listeners (API streams) and waking the dispatcher. */
    PUBLISH("publish"),
    /** Storing the cycle's feed and market observations (after the alerts are published). */
    OBSERVATIONS("observations");

    private final String tag;

    Stage(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  private static final CycleStages NONE = new CycleStages(null);

  /** Null for {@link #none()}. */
  private final Map<Stage, Timer> timers;

  private CycleStages(Map<Stage, Timer> timers) {
    this.timers = timers;
  }

  /** Records nothing: {@code check}'s single evaluation. */
  public static CycleStages none() {
    return NONE;
  }

  /** Every stage's timer, registered now on {@code registry}. */
  public static CycleStages on(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Map<Stage, Timer> timers = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      timers.put(
          stage,
          Timer.builder(METRIC)
              .description("one stage of an evaluation cycle; stages overlap, see the README")
              .tag("stage", stage.tag())
              .publishPercentiles(0.5, 0.99)
              .register(registry));
    }
    return new CycleStages(timers);
  }

  /** Records one run of {@code stage} that took {@code nanos}. */
  public void record(Stage stage, long nanos) {
    if (timers != null) {
      timers.get(stage).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Records one run of {@code stage} that started at {@code startedNanos} ({@code nanoTime}). */
  public void since(Stage stage, long startedNanos) {
    if (timers != null) {
      timers.get(stage).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
  }
}
