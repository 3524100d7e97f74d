package io.hedgewatch.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an audit's three files into an output directory, creating it (and its parents) when
 * missing: {@code report.html} ({@link AuditHtml}), {@code rounds.csv} ({@link AuditCsv}) and
 * {@code summary.json} ({@link AuditJson}). Every file is rendered before the first is written, so
 * a rendering fault leaves no half report behind.
 */
public final class AuditReportWriter {

  public static final String HTML = "report.html";
  public static final String CSV = "rounds.csv";
  public static final String JSON = "summary.json";

  /** Where the files went. */
  public record Written(Path html, Path csv, Path json) {}

  private AuditReportWriter() {}

  /**
   * @throws IOException with a message naming the directory or file that could not be written and
   *     why
   */
  public static Written write(AuditReport report, Path dir) throws IOException {
    return write(
        "audit",
        dir,
        AuditHtml.render(report),
        CSV,
        AuditCsv.render(report),
        AuditJson.render(report));
  }

  /** Writes a report's three files into {@code dir} (created); {@code what} names it in errors. */
  static Written write(String what, Path dir, String html, String csvName, String csv, String json)
      throws IOException {
    Path out = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(out);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(
          "cannot write the " + what + " report to " + out + ": it exists and is not a directory",
          e);
    } catch (IOException e) {
      throw new IOException(
          "cannot create the " + what + " output directory " + out + ": " + reason(e), e);
    }
    return new Written(
        put(out.resolve(HTML), html), put(out.resolve(csvName), csv), put(out.resolve(JSON), json));
  }

  private static Path put(Path file, String text) throws IOException {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot write " + file + ": " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    String kind = e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
  }
}
