package io.hedgewatch.audit;

import io.hedgewatch.domain.FeedSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a feed audit's report shows: the feed, the settings it was judged against, the
 * findings, and the inputs they came from (drawn in the charts and listed in the CSV). Rendering is
 * pure: {@link AuditHtml}, {@link AuditCsv} and {@link AuditJson} turn it into text, {@link
 * AuditReportWriter} puts that text into files.
 *
 * @param updates the feed's updates as given to {@link FeedAudit#audit}, possibly starting before
 *     the period
 * @param reference the reference candles as given to {@link FeedAudit#audit}
 * @param coverage per-venue reference coverage; empty when not known
 * @param carry the hedge-carry section, when a carry audit ran
 */
public record AuditReport(
    Feed feed,
    FeedAuditParams params,
    FeedAuditFindings findings,
    List<FeedUpdate> updates,
    List<ReferencePoint> reference,
    List<ReferenceCoverage> coverage,
    Optional<CarrySection> carry) {

  public AuditReport {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(findings, "findings");
    updates = List.copyOf(updates);
    reference = List.copyOf(reference);
    coverage = List.copyOf(coverage);
    Objects.requireNonNull(carry, "carry");
  }

  /** The audited feed as the config names it; every string is shown escaped. */
  public record Feed(String id, String type, String chain, String address) {
    public Feed {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(address, "address");
    }

    public static Feed of(FeedSpec spec) {
      return new Feed(spec.id(), spec.type().configName(), spec.chain(), spec.address());
    }
  }

  public Instant from() {
    return findings.from();
  }

  public Instant to() {
    return findings.to();
  }

  public AuditReport withCoverage(List<ReferenceCoverage> venues) {
    return new AuditReport(feed, params, findings, updates, reference, venues, carry);
  }

  public AuditReport withCarry(CarrySection section) {
    return new AuditReport(
        feed, params, findings, updates, reference, coverage, Optional.of(section));
  }
}
