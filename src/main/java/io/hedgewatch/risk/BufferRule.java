package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionRuleText.amount;
import static io.hedgewatch.risk.PositionRuleText.money;
import static io.hedgewatch.risk.PositionRuleText.pct;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * {@code buffer.insufficient}: the emergency buffer does not cover the margin the position needs to
 * survive a move of {@code adverseMove} against it without liquidation ({@link
 * PositionMath#bufferCoverage}). Coverage = buffer value / margin needed, compared exactly (buffer
 * &lt; level × needed): WARNING below warn, CRITICAL below critical. Nothing when the position
 * needs no margin for that move, has no buffer, or its buffer has no price. {@code value} and
 * {@code threshold} are plain multiples (1.0: the buffer covers exactly the margin needed).
 *
 * <p>The action offers three ways back to {@code warn}: top up the buffer, add margin from
 * elsewhere now, or cut the position (its margin kept).
 */
public final class BufferRule {

  public static final String ID = "buffer.insufficient";

  private BufferRule() {}

  public static List<Alert> evaluate(PositionSnapshot p, PositionContext ctx, RuleSettings s) {
    if (!s.enabled() || ctx.buffer().isEmpty()) {
      return List.of();
    }
    BigDecimal adverse = s.ratio("adverseMove");
    PositionMath.BufferCoverage coverage = PositionMath.bufferCoverage(p, ctx.buffer(), adverse);
    if (!coverage.isNeeded() || coverage.bufferValue().isEmpty()) {
      return List.of();
    }
    BigDecimal needed = coverage.needed();
    BigDecimal value = coverage.bufferValue().get();
    BigDecimal warn = s.ratio("warn");
    BigDecimal critical = s.ratio("critical");
    Optional<Breach> breach = Breach.below(value, warn, critical, needed);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal ratio = coverage.coverage().orElseThrow();
    BigDecimal shocked =
        p.markPrice().multiply(BigDecimal.ONE.add(PositionMath.adverseMove(p.side(), adverse)));
    String message =
        PositionRuleText.named(p, ctx.asset())
            + " needs "
            + money(needed, ctx.quote())
            + " more margin to survive a "
            + pct(adverse)
            + " move against it (to "
            + PositionRuleText.price(shocked)
            + ") and its buffer holds "
            + money(value, ctx.quote())
            + ": coverage "
            + MarketRuleText.number(ratio, level)
            + ", below the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + MarketRuleText.number(level);
    return List.of(
        new Alert(
            ID,
            severity,
            PositionRuleText.positionSubject(p.positionId()),
            message,
            ratio.doubleValue(),
            level.doubleValue(),
            action(p, ctx, needed, value, warn, adverse)));
  }

  private static String action(
      PositionSnapshot p,
      PositionContext ctx,
      BigDecimal needed,
      BigDecimal value,
      BigDecimal warn,
      BigDecimal adverse) {
    String goal = " so that the buffer covers a " + pct(adverse) + " move against it";
    // warn > 0 here: with warn <= 0 no buffer value is below warn × needed
    BigDecimal topUp = PositionRuleText.up(warn.multiply(needed).subtract(value));
    // the buffer covers what is still needed after margin a comes in: needed − a <= value / warn
    BigDecimal covered = PositionRuleText.floorDiv(value, warn);
    BigDecimal margin = PositionRuleText.up(needed.subtract(covered));
    MarginCurve curve = PositionMath.curve(p);
    BigDecimal keep = curve.sizeToSurvive(PositionMath.adverseMove(p.side(), adverse), covered);
    BigDecimal cut = PositionRuleText.cut(p.size().subtract(keep), p.size());
    String cutText = PositionRuleText.cutOrClose(p, ctx, cut);
    return "add "
        + amount(topUp, ctx.quote())
        + " to the buffer, or "
        + amount(margin, ctx.quote())
        + " of margin from elsewhere now, or "
        + cutText
        + goal;
  }
}
