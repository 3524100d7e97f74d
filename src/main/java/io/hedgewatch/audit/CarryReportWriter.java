package io.hedgewatch.audit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a carry audit's three files into an output directory, creating it when missing: {@code
 * report.html} ({@link CarryAuditHtml}), {@code carry.csv} ({@link CarryAuditCsv}) and {@code
 * summary.json} ({@link CarryAuditJson}, whose javadoc has the schema). Every file is rendered
 * before the first is written, so a rendering fault leaves no half report behind.
 */
public final class CarryReportWriter {

  public static final String HTML = AuditReportWriter.HTML;
  public static final String CSV = "carry.csv";
  public static final String JSON = AuditReportWriter.JSON;

  private CarryReportWriter() {}

  /**
   * @throws IOException with a message naming the directory or file that could not be written and
   *     why
   */
  public static AuditReportWriter.Written write(CarryReport report, Path dir) throws IOException {
    return AuditReportWriter.write(
        "carry",
        dir,
        CarryAuditHtml.render(report),
        CSV,
        CarryAuditCsv.render(report),
        CarryAuditJson.render(report));
  }
}
