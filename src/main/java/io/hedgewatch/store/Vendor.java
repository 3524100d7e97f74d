package io.hedgewatch.store;

import java.util.Locale;
import java.util.Optional;

/**
 * The database products the store speaks to, each with its migration folder: every migration in
 * {@code db/migration/common} runs on all of them, and those in {@code db/migration/<folder>} only
 * on that one.
 */
enum Vendor {
  SQLITE("jdbc:sqlite:", "sqlite"),
  POSTGRESQL("jdbc:postgresql:", "postgresql");

  private final String urlPrefix;
  private final String folder;

  Vendor(String urlPrefix, String folder) {
    this.urlPrefix = urlPrefix;
    this.folder = folder;
  }

  String folder() {
    return folder;
  }

  static Optional<Vendor> of(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    for (Vendor v : values()) {
      if (lower.startsWith(v.urlPrefix)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
