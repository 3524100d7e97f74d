package io.hedgewatch.risk;

import static io.hedgewatch.risk.MarketRuleText.hourly;
import static io.hedgewatch.risk.MarketRuleText.interval;
import static io.hedgewatch.risk.MarketRuleText.number;
import static io.hedgewatch.risk.MarketRuleText.percent;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code funding.spike}: the market's current hourly funding rate is far from its recent history,
 * or near the venue's cap. Two findings, merged into one alert on {@code market:ID}:
 *
 * <ul>
 *   <li><b>z-score</b>: z = (rate - mean) / stdev over the settled points of the {@code window}
 *       before the snapshot ({@code at - window <= t < at}; a point at the snapshot's own time is
 *       left out so that a spike is not measured against itself), with the sample standard
 *       deviation (n - 1). WARNING when |z| &gt; zWarn, CRITICAL when |z| &gt; zCritical. Not
 *       judged with fewer than {@code minPoints} points (at least 2) or a flat history (stdev 0,
 *       where any change would be an infinite z); {@link #stats} says why, no alert does.
 *   <li><b>cap</b>: WARNING when |rate| &gt; capWarn x cap; CRITICAL when |rate| reaches the cap.
 *       The cap itself is a state, like a circuit-breaker bound in {@link OracleRules}: a rate
 *       clamped at exactly the cap is CRITICAL.
 * </ul>
 *
 * <p>{@code value} and {@code threshold} are those of the finding that sets the severity, the
 * z-score first: |z| and the crossed z level (plain numbers), or |rate| and the crossed level in
 * percent of the cap (100 at the cap). The message states both measures whenever they exist.
 */
public final class FundingSpikeRule {

  public static final String ID = "funding.spike";

  private static final MathContext MC = MathContext.DECIMAL128;

  private FundingSpikeRule() {}

  /**
   * The rolling statistics behind the z-score, for {@code check --json} as well as the rule.
   *
   * @param points how many history points fell in the window
   * @param window the window they were taken from, ending just before {@code at}
   * @param mean their mean per hour; empty without points
   * @param stdev their sample standard deviation per hour; empty with fewer than 2 points
   * @param zScore (rate - mean) / stdev, signed; present exactly when {@code unavailableReason} is
   *     empty
   * @param unavailableReason why there is no z-score: no current rate, too few points, flat history
   */
  public record Stats(
      int points,
      Instant at,
      Duration window,
      Optional<BigDecimal> mean,
      Optional<BigDecimal> stdev,
      Optional<BigDecimal> zScore,
      Optional<String> unavailableReason) {

    public Stats {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(mean, "mean");
      Objects.requireNonNull(stdev, "stdev");
      Objects.requireNonNull(zScore, "zScore");
      Objects.requireNonNull(unavailableReason, "unavailableReason");
      if (zScore.isPresent() == unavailableReason.isPresent()) {
        throw new IllegalArgumentException(
            "exactly one of zScore and unavailableReason must be present");
      }
    }
  }

  /** The statistics of {@code history} over the rule's window before the snapshot. */
  public static Stats stats(
      MarketSnapshot snapshot, List<FundingPoint> history, RuleSettings settings) {
    Duration window = settings.duration("window");
    int minPoints = Math.max(2, settings.count("minPoints"));
    Instant at = snapshot.at();
    Instant from = at.minus(window);
    List<BigDecimal> rates = new ArrayList<>(history.size());
    for (FundingPoint p : history) {
      if (!p.at().isBefore(from) && p.at().isBefore(at)) {
        rates.add(p.rateHourly());
      }
    }
    int n = rates.size();
    Optional<BigDecimal> mean = Optional.empty();
    Optional<BigDecimal> stdev = Optional.empty();
    if (n > 0) {
      BigDecimal sum = BigDecimal.ZERO;
      for (BigDecimal r : rates) {
        sum = sum.add(r);
      }
      mean = Optional.of(DecimalMath.divide(sum, BigDecimal.valueOf(n), MC));
    }
    if (n > 1) {
      BigDecimal m = mean.get();
      BigDecimal squares = BigDecimal.ZERO;
      for (BigDecimal r : rates) {
        squares = squares.add(r.subtract(m).pow(2));
      }
      stdev = Optional.of(DecimalMath.divide(squares, BigDecimal.valueOf(n - 1), MC).sqrt(MC));
    }
    String reason = null;
    if (snapshot.fundingRateHourly().isEmpty()) {
      reason = "no current funding rate";
    } else if (n < minPoints) {
      reason =
          "only "
              + n
              + " funding point"
              + (n == 1 ? "" : "s")
              + " in "
              + span(window, at)
              + ", at least "
              + minPoints
              + " needed";
    } else if (stdev.get().signum() == 0) {
      reason =
          "funding was flat at "
              + hourly(mean.get())
              + " for all "
              + n
              + " points in "
              + span(window, at)
              + " (standard deviation 0)";
    }
    if (reason != null) {
      return new Stats(n, at, window, mean, stdev, Optional.empty(), Optional.of(reason));
    }
    BigDecimal z =
        DecimalMath.divide(
            snapshot.fundingRateHourly().get().subtract(mean.get()), stdev.get(), MC);
    return new Stats(n, at, window, mean, stdev, Optional.of(z), Optional.empty());
  }

  private static String span(Duration window, Instant at) {
    return "the last " + interval(window) + " before " + at;
  }

  public static List<Alert> evaluate(
      String marketId, MarketSnapshot snapshot, List<FundingPoint> history, RuleSettings settings) {
    return evaluate(marketId, snapshot, () -> stats(snapshot, history, settings), settings);
  }

  /**
   * The rule with statistics the caller has already computed with these settings ({@link #stats}),
   * so that a report of the same observation does not compute them again; {@code stats} is asked
   * only when the rule judges the z-score.
   */
  static List<Alert> evaluate(
      String marketId, MarketSnapshot snapshot, Supplier<Stats> statsOf, RuleSettings settings) {
    if (!settings.enabled() || snapshot.fundingRateHourly().isEmpty()) {
      return List.of();
    }
    BigDecimal rate = snapshot.fundingRateHourly().get();
    Stats stats = statsOf.get();
    Optional<BigDecimal> cap = snapshot.fundingCapHourly().filter(c -> c.signum() > 0);

    List<OracleRuleText.Finding> findings = new ArrayList<>();
    Optional<OracleRuleText.Finding> z =
        stats.zScore().flatMap(v -> zFinding(rate, v, stats, settings));
    Optional<OracleRuleText.Finding> nearCap =
        cap.flatMap(c -> capFinding(rate, c, settings.ratio("capWarn")));
    z.ifPresent(findings::add);
    nearCap.ifPresent(findings::add);
    if (findings.isEmpty()) {
      return List.of();
    }
    String lead =
        "funding on market "
            + marketId
            + " is "
            + hourly(rate)
            + " ("
            + MarketRuleText.apr(rate.multiply(MarketSnapshot.HOURS_PER_YEAR))
            + ", "
            + MarketRuleText.payer(rate)
            + "): ";
    String context = "";
    if (z.isEmpty() && stats.zScore().isPresent()) {
      context = "; z-score " + signed(stats.zScore().get()) + " against " + historyText(stats);
    } else if (nearCap.isEmpty() && cap.isPresent()) {
      context = "; " + capShareText(rate, cap.get());
    }
    Alert alert =
        OracleRuleText.merge(ID, MarketRuleText.marketSubject(marketId), lead, findings).get(0);
    return List.of(alert.withMessage(alert.message() + context));
  }

  private static Optional<OracleRuleText.Finding> zFinding(
      BigDecimal rate, BigDecimal z, Stats stats, RuleSettings settings) {
    BigDecimal zWarn = settings.ratio("zWarn");
    BigDecimal zCritical = settings.ratio("zCritical");
    BigDecimal magnitude = z.abs();
    Optional<Breach> breach = Breach.above(magnitude, zWarn, zCritical);
    if (breach.isEmpty()) {
      return Optional.empty();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    String message =
        number(magnitude, level)
            + " standard deviations "
            + (z.signum() > 0 ? "above" : "below")
            + " "
            + historyText(stats)
            + ", beyond the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + number(level);
    return Optional.of(
        new OracleRuleText.Finding(
            severity,
            message,
            magnitude.doubleValue(),
            level.doubleValue(),
            action(rate, severity)));
  }

  private static Optional<OracleRuleText.Finding> capFinding(
      BigDecimal rate, BigDecimal cap, BigDecimal capWarn) {
    BigDecimal magnitude = rate.abs();
    Severity severity;
    BigDecimal levelPct;
    if (magnitude.compareTo(cap) >= 0) {
      severity = Severity.CRITICAL;
      levelPct = MarketRuleText.HUNDRED;
    } else if (magnitude.compareTo(capWarn.multiply(cap)) > 0) {
      severity = Severity.WARNING;
      levelPct = percent(capWarn);
    } else {
      return Optional.empty();
    }
    BigDecimal sharePct = DecimalMath.divide(percent(magnitude), cap, MathContext.DECIMAL64);
    String message =
        severity == Severity.CRITICAL
            ? "at "
                + number(sharePct)
                + " % of the venue's cap of "
                + capText(cap)
                + ", the most it allows"
            : "at "
                + number(sharePct, levelPct)
                + " % of the venue's cap of "
                + capText(cap)
                + ", beyond the warning level of "
                + number(levelPct)
                + " %";
    return Optional.of(
        new OracleRuleText.Finding(
            severity,
            message,
            sharePct.doubleValue(),
            levelPct.doubleValue(),
            action(rate, severity)));
  }

  /** "its mean of +0.00125 %/h over the last 7d (168 points, standard deviation 0.0004 %/h)". */
  private static String historyText(Stats stats) {
    return "its mean of "
        + hourly(stats.mean().orElseThrow())
        + " over the last "
        + interval(stats.window())
        + " ("
        + stats.points()
        + " points, standard deviation "
        + number(percent(stats.stdev().orElseThrow()))
        + " %/h)";
  }

  private static String capShareText(BigDecimal rate, BigDecimal cap) {
    return number(DecimalMath.divide(percent(rate.abs()), cap, MathContext.DECIMAL64))
        + " % of the venue's cap of "
        + capText(cap);
  }

  private static String capText(BigDecimal cap) {
    return number(percent(cap)) + " %/h";
  }

  private static String signed(BigDecimal z) {
    return (z.signum() > 0 ? "+" : "") + number(z);
  }

  private static String action(BigDecimal rate, Severity severity) {
    if (rate.signum() == 0) {
      return "funding has moved far from its usual level: check the venue's funding parameters"
          + " and recompute the hedge's carry";
    }
    String paying = rate.signum() > 0 ? "long" : "short";
    return severity == Severity.CRITICAL
        ? "every "
            + paying
            + " position on this market pays "
            + number(percent(rate.abs()))
            + " %/h"
            + " of its notional each hour at this rate: if your hedge is "
            + paying
            + ", cut it or move it to another venue before the next settlement and add margin"
            + " meanwhile"
        : "if your hedge is "
            + paying
            + " it pays this rate: recompute its carry over your horizon and be ready to move it"
            + " if the rate persists";
  }
}
