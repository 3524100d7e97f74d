package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleRuleText.bpsText;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.domain.SourceState;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code oracle.drift}: the feed's price (Chainlink {@code answer / 10^decimals}, Pyth {@code price
 * x 10^expo}) differs from the reference composite. drift = |feed - reference| / reference,
 * compared exactly ({@code |feed - reference| > level x reference}). WARNING when drift &gt; warn,
 * CRITICAL when drift &gt; critical. {@code value} is the drift's magnitude and {@code threshold}
 * the crossed level, both in bps; the message gives the sign ("oracle above the market").
 *
 * <p>When the reference has no price the drift cannot be judged: one UNKNOWN alert carrying the
 * reference's reason, no value, so that the feed's status is UNKNOWN. Nothing for an unreadable
 * feed ({@code monitor.blind} reports it) or a non-positive price ({@code oracle.round} does).
 */
public final class OracleDriftRule {

  public static final String ID = "oracle.drift";

  private OracleDriftRule() {}

  /** The price the rule compares: empty for an unreadable feed. */
  public static Optional<BigDecimal> feedPrice(FeedReading reading) {
    if (reading instanceof FeedReading.Chainlink c) {
      return Optional.of(c.price());
    }
    if (reading instanceof FeedReading.Pyth p) {
      return Optional.of(p.price().value());
    }
    return Optional.empty();
  }

  /**
   * Signed drift {@code (feed - reference) / reference} in bps; empty when the feed is unreadable
   * or its price not positive, or the reference has no price.
   */
  public static Optional<BigDecimal> drift(FeedReading reading, ReferencePrice reference) {
    Optional<BigDecimal> feed = feedPrice(reading).filter(p -> p.signum() > 0);
    if (feed.isEmpty() || reference.price().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(driftBps(feed.get(), reference.price().get()));
  }

  /**
   * Signed drift {@code (feed - reference) / reference} in bps (DECIMAL64), positive when the
   * oracle is above the market: the one formula {@code check --json}'s {@code driftBps} and the
   * audit share.
   *
   * @throws IllegalArgumentException when the reference is not positive
   */
  public static BigDecimal driftBps(BigDecimal feed, BigDecimal reference) {
    if (reference.signum() <= 0) {
      throw new IllegalArgumentException("drift against a non-positive reference " + reference);
    }
    return OracleRuleText.ratioBps(feed.subtract(reference), reference);
  }

  public static List<Alert> evaluate(
      String feedId, FeedReading reading, ReferencePrice reference, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    Optional<BigDecimal> feedPrice = feedPrice(reading).filter(p -> p.signum() > 0);
    if (feedPrice.isEmpty()) {
      return List.of();
    }
    String subject = OracleRuleText.feedSubject(feedId);
    if (reference.price().isEmpty()) {
      return List.of(
          new Alert(
              ID,
              Severity.UNKNOWN,
              subject,
              "drift of feed "
                  + feedId
                  + " not judged: no "
                  + reference.pair()
                  + " reference price: "
                  + reference.unavailableReason().orElseThrow(),
              null,
              null,
              "restore the reference venues (reachability, rate limits, symbols) or lower the feed's"
                  + " reference.minSources; until then compare the feed with the market by hand"));
    }
    BigDecimal feed = feedPrice.get();
    BigDecimal ref = reference.price().get();
    BigDecimal gap = feed.subtract(ref).abs();
    BigDecimal warn = settings.ratio("warn");
    BigDecimal critical = settings.ratio("critical");

    Optional<Breach> breach = Breach.above(gap, warn, critical, ref);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal driftBps = OracleRuleText.ratioBps(gap, ref);
    BigDecimal levelBps = OracleRuleText.bps(level);
    String side = feed.compareTo(ref) > 0 ? "above" : "below";
    String message =
        "oracle "
            + side
            + " the market by "
            + bpsText(driftBps, levelBps)
            + ": feed "
            + feedId
            + " reads "
            + feed.toPlainString()
            + ", the "
            + reference.pair()
            + " reference is "
            + ref.toPlainString()
            + " ("
            + sourcesText(reference)
            + "), beyond the "
            + (severity == Severity.CRITICAL ? "critical" : "warning")
            + " level of "
            + bpsText(levelBps);
    String action =
        severity == Severity.CRITICAL
            ? "do not rely on this oracle: positions priced by it can be liquidated (or escape"
                + " liquidation) at the wrong price; cut exposure or add margin on its markets and"
                + " check the feed's status page"
            : "watch the feed: it should catch up with its next deviation or heartbeat update;"
                + " check its markets' liquidation prices against the market price meanwhile";
    return List.of(
        new Alert(
            ID,
            severity,
            subject,
            message,
            driftBps.doubleValue(),
            levelBps.doubleValue(),
            action));
  }

  /** "median of binance 3001.4, coinbase 3001.6; left out: okx (outlier), kraken (stale)". */
  static String sourcesText(ReferencePrice reference) {
    List<ReferenceSource> used = reference.used();
    String text =
        (used.size() == 1 ? "from " : "median of ")
            + used.stream()
                .map(
                    s ->
                        s.venue().configName()
                            + " "
                            + s.convertedPrice().orElseThrow().toPlainString())
                .collect(Collectors.joining(", "));
    String leftOut =
        reference.sources().stream()
            .filter(s -> s.state() != SourceState.USED && s.state() != SourceState.SUPERSEDED)
            .map(
                s ->
                    s.label()
                        + " ("
                        + s.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + ")")
            .collect(Collectors.joining(", "));
    return leftOut.isEmpty() ? text : text + "; left out: " + leftOut;
  }
}
