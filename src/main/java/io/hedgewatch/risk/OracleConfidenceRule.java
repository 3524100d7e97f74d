package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleRuleText.bpsText;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * {@code oracle.confidence} (Pyth): the confidence interval is wide relative to the price. ratio =
 * conf / |price|, compared exactly (price and conf share the exponent, so the raw integers are
 * compared). WARNING when ratio &gt; warn, CRITICAL when ratio &gt; critical. {@code value} is the
 * ratio and {@code threshold} the crossed level, both in bps. A zero price has no ratio; {@code
 * oracle.round} reports it.
 */
public final class OracleConfidenceRule {

  public static final String ID = "oracle.confidence";

  private OracleConfidenceRule() {}

  public static List<Alert> evaluate(String feedId, PythPrice price, RuleSettings settings) {
    if (!settings.enabled() || price.price() == 0) {
      return List.of();
    }
    BigDecimal conf = new BigDecimal(Long.toUnsignedString(price.conf()));
    BigDecimal magnitude = BigDecimal.valueOf(price.price()).abs();
    BigDecimal warn = settings.ratio("warn");
    BigDecimal critical = settings.ratio("critical");

    Optional<Breach> breach = Breach.above(conf, warn, critical, magnitude);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal ratioBps = OracleRuleText.ratioBps(conf, magnitude);
    BigDecimal levelBps = OracleRuleText.bps(level);
    String message =
        "feed "
            + feedId
            + ": Pyth confidence interval +/-"
            + price.confidence().toPlainString()
            + " on price "
            + price.value().toPlainString()
            + " is "
            + bpsText(ratioBps, levelBps)
            + " of the price, above the "
            + (severity == Severity.CRITICAL ? "critical" : "warning")
            + " level of "
            + bpsText(levelBps);
    String action =
        severity == Severity.CRITICAL
            ? "do not act on this price: publishers disagree widely; compare with the reference venues"
            : "treat the price as uncertain and compare it with the reference venues before acting on it";
    return List.of(
        new Alert(
            ID,
            severity,
            OracleRuleText.feedSubject(feedId),
            message,
            ratioBps.doubleValue(),
            levelBps.doubleValue(),
            action));
  }
}
