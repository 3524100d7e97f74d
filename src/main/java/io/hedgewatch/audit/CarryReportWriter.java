package io.hedgewatch.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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

  /** Where the files went. */
  public record Written(Path html, Path csv, Path json) {}

  private CarryReportWriter() {}

  /**
   * @throws IOException with a message naming the directory or file that could not be written and
   *     why
   */
  public static Written write(CarryReport report, Path dir) throws IOException {
    String html = CarryAuditHtml.render(report);
    String csv = CarryAuditCsv.render(report);
    String json = CarryAuditJson.render(report);
    Path out = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(out);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(
          "cannot write the carry report to " + out + ": it exists and is not a directory", e);
    } catch (IOException e) {
      throw new IOException("cannot create the carry output directory " + out + ": " + e, e);
    }
    return new Written(
        put(out.resolve(HTML), html), put(out.resolve(CSV), csv), put(out.resolve(JSON), json));
  }

  private static Path put(Path file, String text) throws IOException {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot write " + file + ": " + e, e);
    }
  }
}
