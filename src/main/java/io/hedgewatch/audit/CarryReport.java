package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a hedge-carry report shows: what was audited, the audit, where its prices came from
 * and what of its inputs was missing. Rendering is pure: {@link CarryAuditHtml}, {@link
 * CarryAuditCsv} and {@link CarryAuditJson} turn it into text, {@link CarryReportWriter} puts that
 * text into files, and {@link #section()} makes it the feed report's carry section.
 *
 * @param target the market or position audited
 * @param marketId the market the hedge is on
 * @param priceSource how the settlements' notionals were priced ({@link CarryHistory.Loaded})
 * @param problems every input that was missing, and why
 */
public record CarryReport(
    CarryHistory.Target target,
    String marketId,
    String priceSource,
    CarryAuditResult result,
    List<String> problems) {

  public CarryReport {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(marketId, "marketId");
    Objects.requireNonNull(priceSource, "priceSource");
    Objects.requireNonNull(result, "result");
    problems = List.copyOf(problems);
  }

  /** {@code market hl-eth} or {@code position gmx-short}. */
  public String subject() {
    return (target instanceof CarryHistory.Target.Position ? "position " : "market ") + target.id();
  }

  /** {@code short 2 on market hl-eth}. */
  public String hedgeText() {
    return result.hedge().side().name().toLowerCase(Locale.ROOT)
        + " "
        + AuditText.plain(result.hedge().size())
        + (target instanceof CarryHistory.Target.Position
            ? " (" + subject() + " on market " + marketId + ")"
            : " on market " + marketId);
  }

  /** Every venue of the report: the hedge's own first, then the centralized ones as asked. */
  public List<CarryAuditVenue> venues() {
    List<CarryAuditVenue> all = new ArrayList<>();
    all.add(result.hedgeVenue());
    all.addAll(result.cex());
    return all;
  }

  /**
   * The headline lines: the hedge venue's net, paid and received and APR, and the comparison. The
   * text summary, the HTML's first screen and the feed report's carry notes all say these.
   */
  public List<String> headline() {
    CarryAuditVenue own = result.hedgeVenue();
    CarryAuditResult.Comparison c = result.comparison();
    List<String> lines = new ArrayList<>();
    lines.add(
        own.venue()
            + ": net "
            + money(own.net().abs())
            + (own.net().signum() >= 0 ? " received" : " paid")
            + " (paid "
            + money(own.paid())
            + ", received "
            + money(own.received())
            + ", "
            + own.settlements()
            + " settlements), APR "
            + own.netApr().map(CarryReport::apr).orElse("n/a (no settlement in the period)"));
    if (c.cheapestVenue().isPresent()) {
      lines.add(
          "cheapest CEX "
              + c.cheapestVenue().get()
              + " APR "
              + apr(c.cheapestApr().orElseThrow())
              + ", median CEX APR "
              + apr(c.medianApr().orElseThrow())
              + c.excessCostVsCheapest()
                  .map(
                      x ->
                          "; "
                              + own.venue()
                              + (x.signum() > 0 ? " cost " : " saved ")
                              + money(x.abs())
                              + " against the cheapest, "
                              + c.excessCostVsMedian()
                                  .map(m -> (m.signum() > 0 ? "cost " : "saved ") + money(m.abs()))
                                  .orElse("n/a")
                              + " against the median")
                  .orElse(""));
    } else {
      lines.add("no centralized venue's funding covers the period: nothing to compare with");
    }
    return lines;
  }

  /**
   * The feed report's carry section: the running net carry of each venue, in USD, with the headline
   * and the problems as notes.
   */
  public CarrySection section() {
    List<String> notes = new ArrayList<>(headline());
    notes.add("prices: " + priceSource);
    problems.forEach(p -> notes.add("missing: " + p));
    List<CarrySection.TimeSeries> series =
        venues().stream()
            .map(
                v ->
                    new CarrySection.TimeSeries(
                        v.venue() + " net carry",
                        "USD",
                        v.cumulative().stream()
                            .map(s -> new CarrySection.Point(s.at(), s.net()))
                            .toList()))
            .toList();
    return new CarrySection("Hedge carry: " + hedgeText(), notes, series);
  }

  /** Money in USD to the cent, for reading (the JSON and CSV carry it exact). */
  static String money(BigDecimal usd) {
    return usd.setScale(2, RoundingMode.HALF_UP).toPlainString() + " USD";
  }

  /** A yearly fraction (0.0876) as a percent to 0.01 ({@code 8.76 %}). */
  static String apr(BigDecimal fraction) {
    return fraction.movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString() + " %";
  }
}
