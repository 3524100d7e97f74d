package io.hedgewatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreOpeningTest {

  /** This build's schema version. */
  private static final String CURRENT = "4";

  @TempDir Path dir;

  @Test
  void migrates_an_empty_file_to_the_current_schema_in_wal_mode() throws SQLException {
    Path file = dir.resolve("hedgewatch.db");
    try (Store store = Store.open("jdbc:sqlite:" + file)) {
      assertThat(store.schemaVersion()).isEqualTo(CURRENT);
    }
    assertThat(tables(file))
        .contains(
            "contract_baseline",
            "funding_history",
            "funding_coverage",
            "feed_observation",
            "market_observation",
            "alert_state",
            "alert_event",
            "delivery",
            "flyway_schema_history");
    assertThat(query(file, "PRAGMA journal_mode")).containsExactly("wal");
  }

  @Test
  void migrates_a_zero_byte_file() throws Exception {
    Path file = Files.createFile(dir.resolve("empty.db"));
    try (Store store = Store.open("jdbc:sqlite:" + file)) {
      assertThat(store.schemaVersion()).isEqualTo(CURRENT);
    }
  }

  @Test
  void reopening_applies_no_migration_twice() throws SQLException {
    Path file = dir.resolve("hedgewatch.db");
    Store.open("jdbc:sqlite:" + file).close();
    try (Store again = Store.open("jdbc:sqlite:" + file)) {
      assertThat(again.schemaVersion()).isEqualTo(CURRENT);
    }
    assertThat(query(file, "SELECT version || ':' || success FROM flyway_schema_history"))
        .containsExactly("1:1", "2:1", "3:1", "4:1");
  }

  @Test
  void the_writer_has_foreign_keys_busy_timeout_and_full_sync() {
    Path file = dir.resolve("hedgewatch.db");
    StoreSettings settings =
        StoreSettings.of("jdbc:sqlite:" + file).withBusyTimeout(Duration.ofMillis(1234));
    try (Database db = Database.openSqlite(settings)) {
      List<String> pragmas =
          db.write(
              "reading pragmas",
              c ->
                  List.of(
                      single(c, "PRAGMA foreign_keys"),
                      single(c, "PRAGMA busy_timeout"),
                      single(c, "PRAGMA synchronous"),
                      single(c, "PRAGMA journal_mode")));
      assertThat(pragmas).containsExactly("1", "1234", "2", "wal");
      String readerQueryOnly = db.read("reading pragmas", c -> single(c, "PRAGMA query_only"));
      assertThat(readerQueryOnly).isEqualTo("1");
    }
  }

  @Test
  void an_in_memory_store_is_migrated_and_private() {
    try (Store a = Store.open("jdbc:sqlite::memory:");
        Store b = Store.open("jdbc:sqlite::memory:")) {
      assertThat(a.schemaVersion()).isEqualTo(CURRENT);
      a.saveBaseline(Fixtures.baseline("contract:x", "0xaaaa", 1));
      assertThat(a.baseline("contract:x", "arbitrum", "0xaaaa")).isPresent();
      assertThat(b.baseline("contract:x", "arbitrum", "0xaaaa")).isEmpty();
    }
  }

  @Test
  void a_text_file_is_refused_as_no_database_and_left_untouched() throws Exception {
    Path file = dir.resolve("notes.db");
    String text = "this is not a database\n".repeat(200);
    Files.writeString(file, text);
    String url = "jdbc:sqlite:" + file;

    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_A_DATABASE);
              assertOneLineNaming(e, url, file.toString());
              assertThat(e.getMessage()).contains("is not an SQLite database");
            });
    assertThat(Files.readString(file)).isEqualTo(text);
  }

  @Test
  void a_file_of_random_bytes_is_refused_as_no_database() throws Exception {
    Path file = dir.resolve("random.db");
    byte[] bytes = new byte[8192];
    new Random(42).nextBytes(bytes);
    Files.write(file, bytes);
    String url = "jdbc:sqlite:" + file;

    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_A_DATABASE);
              assertOneLineNaming(e, url, file.toString());
            });
  }

  @Test
  void a_missing_directory_is_named() {
    Path missing = dir.resolve("no-such-dir");
    String url = "jdbc:sqlite:" + missing.resolve("hedgewatch.db");
    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.CANNOT_OPEN);
              assertOneLineNaming(e, url, missing.toString());
              assertThat(e.getMessage()).endsWith("directory " + missing + " does not exist");
            });
  }

  @Test
  void a_parent_that_is_a_file_is_named() throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain.txt"), "x");
    String url = "jdbc:sqlite:" + notADir.resolve("hedgewatch.db");
    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.CANNOT_OPEN);
              assertOneLineNaming(e, url, notADir + " is not a directory");
            });
  }

  @Test
  void a_directory_in_place_of_the_file_is_named() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("hedgewatch.db"));
    String url = "jdbc:sqlite:" + sub;
    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertOneLineNaming(e, url, sub + " is a directory, not a database file"));
  }

  @Test
  void an_unwritable_directory_is_named() throws Exception {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root writes wherever it likes, so there the directory is not unwritable at all
      assumeThat(Files.isWritable(locked)).as("running as a user the mode bits bind").isFalse();
      String url = "jdbc:sqlite:" + locked.resolve("hedgewatch.db");
      assertThatThrownBy(() -> Store.open(url))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(StoreException.Reason.CANNOT_OPEN);
                assertOneLineNaming(e, url, "directory " + locked + " is not writable");
              });
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void unsupported_urls_are_refused_with_the_url_but_not_its_password() {
    assertThatThrownBy(() -> Store.open("jdbc:mysql://localhost/hw?user=u&password=hunter2"))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.UNSUPPORTED_URL);
              assertOneLineNaming(
                  e, "jdbc:mysql://localhost/hw?user=u&password=***", "unsupported URL");
              assertThat(e.getMessage()).doesNotContain("hunter2");
            });
  }

  @Test
  void a_store_of_schema_1_is_migrated_with_its_funding_kept() throws Exception {
    Path file = dir.resolve("hedgewatch.db");
    String url = "jdbc:sqlite:" + file;
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration/common")
        .target("1")
        .load()
        .migrate();
    Instant at = Instant.ofEpochMilli(1_764_000_000_000L);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO funding_history (market_id, at_ms, rate_hourly)"
              + " VALUES ('eth-perp', 1764000000000, '0.0000125')");
    }

    try (Store store = Store.open(url)) {
      assertThat(store.schemaVersion()).isEqualTo(CURRENT);
      assertThat(store.history("eth-perp", at, at)).hasSize(1);
      // Points stored before ranges were recorded count as never asked: the venue is asked again.
      assertThat(store.fetched("eth-perp", Instant.EPOCH, at)).isEmpty();
    }
  }

  @Test
  void a_schema_migrated_by_a_newer_build_is_refused() throws Exception {
    Path file = dir.resolve("hedgewatch.db");
    String url = "jdbc:sqlite:" + file;
    Store.open(url).close();
    // A later hedgewatch adds version 5, unknown to this build.
    Path future = Files.createDirectory(dir.resolve("future"));
    Files.writeString(
        future.resolve("V5__from_a_later_build.sql"),
        "CREATE TABLE later_things (id BIGINT NOT NULL);\n",
        StandardCharsets.UTF_8);
    Flyway.configure()
        .dataSource(url, null, null)
        .locations(
            "classpath:db/migration/common",
            "classpath:db/migration/sqlite",
            "filesystem:" + future)
        .load()
        .migrate();

    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.SCHEMA_TOO_NEW);
              assertOneLineNaming(e, url, "schema is at version 5");
              assertThat(e.getMessage()).contains("up to 4");
            });
    assertThat(query(file, "SELECT count(*) FROM flyway_schema_history")).containsExactly("5");
  }

  @Test
  void a_closed_store_says_so() {
    Store store = Store.open("jdbc:sqlite:" + dir.resolve("hedgewatch.db"));
    store.close();
    store.close();
    assertThatThrownBy(() -> store.baseline("contract:x", "arbitrum", "0x1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void settings_name_the_bad_value() {
    assertThatThrownBy(() -> StoreSettings.ofDefaults().withBusyTimeout(Duration.ZERO))
        .hasMessageContaining("busyTimeout")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> StoreSettings.ofDefaults().withRetention(Duration.ofDays(-1)))
        .hasMessageContaining("retention");
    assertThatThrownBy(() -> StoreSettings.of("hedgewatch.db"))
        .hasMessageContaining("'hedgewatch.db'");
    try (Store store = Store.open(StoreSettings.of("jdbc:sqlite::memory:"), Clock.systemUTC())) {
      assertThat(store.url()).isEqualTo("jdbc:sqlite::memory:");
    }
  }

  private static void assertOneLineNaming(StoreException e, String url, String detail) {
    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
    assertThat(e.getMessage()).contains(url).contains(detail);
  }

  static List<String> tables(Path file) throws SQLException {
    return query(file, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  }

  static List<String> query(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return rows;
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
