package io.hedgewatch.audit;

import static io.hedgewatch.audit.AuditData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.audit.FeedAuditFindings.DriftSample;
import io.hedgewatch.audit.FeedAuditFindings.Gap;
import io.hedgewatch.audit.FeedAuditFindings.Percentiles;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the audit over random feeds (seeded; each assertion names its seed): k planted gaps
 * over heartbeat are found exactly, the gaps tile the period, percentiles are ordered and the max
 * is the brute-force max, time above warn covers time above critical.
 */
class FeedAuditPropertiesTest {

  private static final Duration HEARTBEAT = Duration.ofSeconds(60);

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 0x5eedL * 31 + i);
  }

  private record Planted(List<FeedUpdate> updates, Instant to, int gapsOver) {}

  /** Updates every 1..60 s, with k of the intervals 61..600 s; the period ends within 60 s. */
  private static Planted plant(Random r) {
    int n = 1 + r.nextInt(300);
    int k = r.nextInt(Math.min(n, 10) + 1);
    List<Boolean> over = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      over.add(i < k);
    }
    Collections.shuffle(over, r);
    List<FeedUpdate> updates = new ArrayList<>();
    Instant t = T0;
    BigDecimal price = new BigDecimal("100");
    for (int i = 0; i < n; i++) {
      // Interval i leads up to update i; the first one starts at from, where no answer is known.
      long seconds = over.get(i) ? 61 + r.nextInt(540) : 1 + r.nextInt(60);
      t = t.plusSeconds(seconds);
      price =
          price
              .multiply(BigDecimal.valueOf(0.97 + 0.06 * r.nextDouble()))
              .setScale(8, RoundingMode.HALF_EVEN);
      if (r.nextInt(20) == 0) {
        // An incomplete round inside the interval: it must neither end nor split the gap.
        updates.add(
            new FeedUpdate(
                t.minusMillis(1 + r.nextInt(999)),
                BigDecimal.ZERO,
                BigInteger.ZERO,
                "incomplete-" + i,
                1,
                Optional.empty(),
                false));
      }
      updates.add(
          new FeedUpdate(
              t,
              price,
              price.movePointRight(8).toBigIntegerExact(),
              String.valueOf(i),
              1,
              Optional.empty(),
              true));
    }
    return new Planted(updates, t.plusSeconds(1 + r.nextInt(60)), k);
  }

  private static List<ReferencePoint> candles(Random r, Instant to) {
    List<ReferencePoint> candles = new ArrayList<>();
    BigDecimal price = new BigDecimal("100");
    for (Instant open = T0; !open.plusSeconds(60).isAfter(to); open = open.plusSeconds(60)) {
      price =
          price
              .multiply(BigDecimal.valueOf(0.98 + 0.04 * r.nextDouble()))
              .setScale(4, RoundingMode.HALF_EVEN);
      if (r.nextInt(10) != 0) { // leave reference gaps
        candles.add(new ReferencePoint(open, open.plusSeconds(60), price, 1));
      }
    }
    return candles;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void planted_gaps_over_heartbeat_are_found_exactly_and_tile_the_period(long seed) {
    Random r = new Random(seed);
    Planted p = plant(r);
    FeedAuditFindings f =
        FeedAudit.audit(
            T0,
            p.to(),
            p.updates(),
            candles(r, p.to()),
            FeedAuditParams.defaults(HEARTBEAT, new BigDecimal("0.005")));

    assertThat(f.heartbeat().overHeartbeat()).as("seed %d", seed).isEqualTo(p.gapsOver());
    Duration total =
        f.heartbeat().gaps().stream().map(Gap::length).reduce(Duration.ZERO, Duration::plus);
    assertThat(total).as("seed %d", seed).isEqualTo(Duration.between(T0, p.to()));
    assertThat(f.heartbeat().maxGap().length())
        .as("seed %d", seed)
        .isEqualTo(
            f.heartbeat().gaps().stream().map(Gap::length).max(Duration::compareTo).orElseThrow());
    assertThat(f.heartbeat().staleTime())
        .as("seed %d", seed)
        .isLessThanOrEqualTo(f.heartbeat().timeInGapsOverHeartbeat());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void percentiles_are_ordered_and_the_max_is_the_largest_drift(long seed) {
    Random r = new Random(seed);
    Planted p = plant(r);
    FeedAuditFindings f =
        FeedAudit.audit(
            T0,
            p.to(),
            p.updates(),
            candles(r, p.to()),
            FeedAuditParams.defaults(HEARTBEAT, new BigDecimal("0.005")));

    assertThat(f.drift().timeAboveWarn())
        .as("seed %d", seed)
        .isGreaterThanOrEqualTo(f.drift().timeAboveCritical());
    assertThat(f.drift().covered())
        .as("seed %d", seed)
        .isLessThanOrEqualTo(Duration.between(T0, p.to()));
    if (f.drift().samples().isEmpty()) {
      assertThat(f.drift().distribution()).as("seed %d", seed).isEmpty();
      return;
    }
    Percentiles q = f.drift().distribution().orElseThrow();
    BigDecimal bruteMax =
        f.drift().samples().stream()
            .map(s -> s.driftBps().abs())
            .max(BigDecimal::compareTo)
            .orElseThrow();
    assertThat(q.max()).as("seed %d", seed).isEqualByComparingTo(bruteMax);
    assertThat(q.p50()).as("seed %d", seed).isLessThanOrEqualTo(q.p95());
    assertThat(q.p95()).as("seed %d", seed).isLessThanOrEqualTo(q.p99());
    assertThat(q.p99()).as("seed %d", seed).isLessThanOrEqualTo(q.max());
    // At least half the samples are at or below p50, fewer than half strictly below it.
    long atOrBelow =
        f.drift().samples().stream()
            .filter(s -> s.driftBps().abs().compareTo(q.p50()) <= 0)
            .count();
    long below =
        f.drift().samples().stream().filter(s -> s.driftBps().abs().compareTo(q.p50()) < 0).count();
    int n = f.drift().samples().size();
    assertThat(2 * atOrBelow).as("seed %d", seed).isGreaterThanOrEqualTo(n);
    assertThat(2 * below).as("seed %d", seed).isLessThan(n);
    // Every sample priced by the last complete update at or before its close.
    for (DriftSample s : f.drift().samples()) {
      FeedUpdate inForce = null;
      for (FeedUpdate u : p.updates()) {
        if (u.complete() && !u.at().isAfter(s.closeTime())) {
          inForce = u;
        }
      }
      assertThat(inForce).as("seed %d", seed).isNotNull();
      assertThat(s.answerId()).as("seed %d", seed).isEqualTo(inForce.id());
    }
    // Episodes' time equals the time above warn.
    Duration inEpisodes =
        f.drift().episodes().stream()
            .map(FeedAuditFindings.DriftEpisode::length)
            .reduce(Duration.ZERO, Duration::plus);
    assertThat(inEpisodes).as("seed %d", seed).isEqualTo(f.drift().timeAboveWarn());
  }
}
