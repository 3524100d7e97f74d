package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionRuleText.money;
import static io.hedgewatch.risk.PositionRuleText.pct;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code funding.carry}: the funding the position would pay over {@code horizon} is beyond a budget
 * in percent of its notional. The carry is projected twice, at the current rate and at the mean of
 * the settled points of the {@code window} before the snapshot; the larger cost is judged (a fresh
 * spike and a persistent drain both count). WARNING when carry / notional &gt; warn, CRITICAL when
 * &gt; critical; an income never fires. {@code value} and {@code threshold} in percent of the
 * notional. The action states the budget in money and the daily cost: carry is a rate on the
 * notional, so cutting the position does not bring it within budget.
 */
public final class FundingCarryRule {

  public static final String ID = "funding.carry";

  private FundingCarryRule() {}

  /**
   * The carry projections of a position.
   *
   * @param horizon how far ahead
   * @param atCurrent what it pays over the horizon at the current rate (positive = cost)
   * @param atMean what it pays at the mean of the window's settled points
   * @param meanRate that mean, per hour
   * @param points how many settled points the mean is of
   * @param window the window before the snapshot the points come from
   */
  public record Projection(
      Duration horizon,
      Optional<BigDecimal> atCurrent,
      Optional<BigDecimal> atMean,
      Optional<BigDecimal> meanRate,
      int points,
      Duration window) {

    public Projection {
      Objects.requireNonNull(horizon, "horizon");
      Objects.requireNonNull(atCurrent, "atCurrent");
      Objects.requireNonNull(atMean, "atMean");
      Objects.requireNonNull(meanRate, "meanRate");
      Objects.requireNonNull(window, "window");
    }

    /** The larger of the two projections: the one judged. */
    public Optional<BigDecimal> worst() {
      if (atCurrent.isPresent() && atMean.isPresent()) {
        return Optional.of(atCurrent.get().max(atMean.get()));
      }
      return atCurrent.isPresent() ? atCurrent : atMean;
    }
  }

  /** Both projections with the rule's horizon and window, whether or not the rule is enabled. */
  public static Projection project(PositionSnapshot p, PositionContext ctx, RuleSettings s) {
    Duration horizon = s.duration("horizon");
    Duration window = s.duration("window");
    Instant at = p.at();
    List<BigDecimal> inWindow = PositionMath.ratesIn(ctx.fundingHistory(), at, window);
    Optional<BigDecimal> mean = PositionMath.mean(inWindow);
    return new Projection(
        horizon,
        ctx.fundingRateHourly().map(r -> PositionMath.carry(p, r, horizon)),
        mean.map(r -> PositionMath.carry(p, r, horizon)),
        mean,
        inWindow.size(),
        window);
  }

  public static List<Alert> evaluate(PositionSnapshot p, PositionContext ctx, RuleSettings s) {
    if (!s.enabled()) {
      return List.of();
    }
    Projection projection = project(p, ctx, s);
    Optional<BigDecimal> worst = projection.worst();
    if (worst.isEmpty() || worst.get().signum() <= 0) {
      return List.of();
    }
    BigDecimal carry = worst.get();
    BigDecimal notional = p.notional();
    BigDecimal warn = s.ratio("warn");
    BigDecimal critical = s.ratio("critical");
    Optional<Breach> breach = Breach.above(carry, warn, critical, notional);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal share = DecimalMath.divide(carry, notional, MathContext.DECIMAL128);
    BigDecimal sharePct = MarketRuleText.percent(share);
    BigDecimal levelPct = MarketRuleText.percent(level);
    boolean meanIsWorst = projection.atMean().map(m -> m.compareTo(carry) == 0).orElse(false);
    String horizonText = PositionRuleText.horizon(projection.horizon());
    String basis =
        meanIsWorst
            ? "at the mean rate of the last "
                + PositionRuleText.horizon(projection.window())
                + " ("
                + MarketRuleText.hourly(projection.meanRate().orElseThrow())
                + " over "
                + projection.points()
                + " points)"
            : "at the current rate ("
                + MarketRuleText.hourly(ctx.fundingRateHourly().orElseThrow())
                + ")";
    String other =
        meanIsWorst
            ? projection
                .atCurrent()
                .map(c -> "; at the current rate " + money(c, ctx.quote()))
                .orElse("")
            : projection
                .atMean()
                .map(m -> "; at the recent mean " + money(m, ctx.quote()))
                .orElse("");
    String message =
        PositionRuleText.named(p, ctx.asset())
            + " would pay "
            + money(carry, ctx.quote())
            + " of funding over "
            + horizonText
            + " "
            + basis
            + ", "
            + MarketRuleText.number(sharePct, levelPct)
            + " % of its notional, beyond the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + MarketRuleText.number(levelPct)
            + " %"
            + other;
    BigDecimal budget = warn.multiply(notional);
    BigDecimal perDay =
        carry
            .multiply(PositionMath.hours(Duration.ofDays(1)))
            .divide(PositionMath.hours(projection.horizon()), MathContext.DECIMAL128);
    String action =
        "the budget of "
            + pct(warn)
            + " of the notional is "
            + money(budget, ctx.quote())
            + " over "
            + horizonText
            + ", exceeded by "
            + money(carry.subtract(budget), ctx.quote())
            + "; the hedge costs "
            + money(perDay, ctx.quote())
            + " a day at that rate: price it into the hedge or move it to a venue where the "
            + PositionRuleText.side(p)
            + " is paid";
    return List.of(
        new Alert(
            ID,
            severity,
            PositionRuleText.positionSubject(p.positionId()),
            message,
            sharePct.doubleValue(),
            levelPct.doubleValue(),
            action));
  }
}
