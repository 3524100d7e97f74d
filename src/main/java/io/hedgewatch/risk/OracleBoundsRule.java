package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleRuleText.bpsText;
import static io.hedgewatch.risk.OracleRuleText.price;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code oracle.bounds}: the answer sits at, or near, the underlying aggregator's circuit-breaker
 * bounds ({@code minAnswer}/{@code maxAnswer}). An OCR aggregator rejects reports outside [min,
 * max], so a price pinned to a bound no longer follows the market (LUNA, 2022-05).
 *
 * <p>The distance to a bound is signed: positive inside [min, max], zero at the bound, negative
 * past it, in basis points of the bound ({@code (answer - min) / |min|}, {@code (max - answer) /
 * |max|}). CRITICAL when the distance to either bound is &lt;= 0 (at the bound is the breaker's
 * symptom, not a threshold); WARNING when it is strictly below {@code margin}. {@code value} is the
 * distance to the nearer bound, {@code threshold} 0 (CRITICAL) or the margin (WARNING), both in
 * bps.
 *
 * <p>"No bound": Chainlink disables the breaker on most feeds with {@code minAnswer = 1} and {@code
 * maxAnswer = type(uint176).max} (or larger). A lower bound counts only when {@code minAnswer > 1};
 * an upper bound only when {@code 1 < maxAnswer < 2^175}. 2^175 is about 4.8e52: a real price at 18
 * decimals stays below it by more than thirty orders of magnitude, while every "unbounded" sentinel
 * is at or above it.
 */
public final class OracleBoundsRule {

  public static final String ID = "oracle.bounds";

  /** Raw bounds at or above this are "no upper bound". */
  public static final BigInteger NO_UPPER_BOUND = BigInteger.TWO.pow(175);

  private OracleBoundsRule() {}

  private record Side(String name, BigInteger bound, BigInteger distance, BigDecimal distanceBps) {}

  public static boolean hasLowerBound(AnswerBounds bounds) {
    return bounds.minAnswer().compareTo(BigInteger.ONE) > 0;
  }

  public static boolean hasUpperBound(AnswerBounds bounds) {
    return bounds.maxAnswer().compareTo(BigInteger.ONE) > 0
        && bounds.maxAnswer().compareTo(NO_UPPER_BOUND) < 0;
  }

  public static List<Alert> evaluate(
      String feedId, BigInteger answer, int decimals, AnswerBounds bounds, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Side> sides = new ArrayList<>();
    if (hasLowerBound(bounds)) {
      sides.add(side("minAnswer", bounds.minAnswer(), answer.subtract(bounds.minAnswer())));
    }
    if (hasUpperBound(bounds)) {
      sides.add(side("maxAnswer", bounds.maxAnswer(), bounds.maxAnswer().subtract(answer)));
    }
    if (sides.isEmpty()) {
      return List.of();
    }
    Side nearest = sides.stream().min(Comparator.comparing(Side::distanceBps)).orElseThrow();
    BigDecimal margin = settings.ratio("margin");

    Severity severity;
    BigDecimal thresholdBps;
    String where;
    String answerText = price(answer, decimals);
    String boundText = nearest.name() + " " + price(nearest.bound(), decimals);
    if (nearest.distance().signum() <= 0) {
      severity = Severity.CRITICAL;
      thresholdBps = BigDecimal.ZERO;
      where =
          nearest.distance().signum() == 0
              ? "at its circuit-breaker " + boundText
              : bpsText(nearest.distanceBps().negate()) + " past its circuit-breaker " + boundText;
    } else if (new BigDecimal(nearest.distance())
            .compareTo(margin.multiply(new BigDecimal(nearest.bound().abs())))
        < 0) {
      severity = Severity.WARNING;
      thresholdBps = OracleRuleText.bps(margin);
      where =
          bpsText(nearest.distanceBps(), thresholdBps)
              + (nearest.name().equals("minAnswer") ? " above" : " below")
              + " its circuit-breaker "
              + boundText
              + ", within the "
              + bpsText(thresholdBps)
              + " margin";
    } else {
      return List.of();
    }
    String message =
        "feed "
            + feedId
            + " answers "
            + answerText
            + ", "
            + where
            + (severity == Severity.CRITICAL
                ? ": the aggregator rejects reports beyond it, so the price cannot follow the market"
                : "");
    String action =
        severity == Severity.CRITICAL
            ? "stop trusting this feed's price: compare it with the reference venues and protect positions that"
                + " depend on it (protocols may liquidate or lend at the frozen price)"
            : "watch the feed against the reference venues: if the market keeps moving toward the bound,"
                + " the feed will freeze there";
    return List.of(
        new Alert(
            ID,
            severity,
            OracleRuleText.feedSubject(feedId),
            message,
            nearest.distanceBps().doubleValue(),
            thresholdBps.doubleValue(),
            action));
  }

  private static Side side(String name, BigInteger bound, BigInteger distance) {
    return new Side(
        name,
        bound,
        distance,
        OracleRuleText.ratioBps(new BigDecimal(distance), new BigDecimal(bound.abs())));
  }
}
