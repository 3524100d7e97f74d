package io.hedgewatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.testing.PostgresTestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Opening a PostgreSQL store: migration, and each way a server can refuse, said in one line. */
class PostgresOpeningTest {

  @Test
  void migrates_an_empty_database_to_the_current_schema_once() throws Exception {
    String url = PostgresTestServer.newDatabaseUrl();
    try (Store store = Store.open(url)) {
      assertThat(store.schemaVersion()).isEqualTo("4");
    }
    try (Store again = Store.open(url)) {
      assertThat(again.schemaVersion()).isEqualTo("4");
    }
    assertThat(
            Backend.query(
                url,
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' ORDER BY table_name"))
        .containsExactly(
            "alert_event",
            "alert_state",
            "contract_baseline",
            "delivery",
            "feed_observation",
            "flyway_schema_history",
            "funding_coverage",
            "funding_history",
            "market_observation");
    assertThat(
            Backend.query(
                url,
                "SELECT version || ':' || success FROM flyway_schema_history ORDER BY version"))
        .containsExactly("1:true", "2:true", "3:true", "4:true");
  }

  @Test
  void a_wrong_password_is_refused_without_showing_either_password() {
    PostgresTestServer.newDatabaseUrl();
    String wrong = "not-the-Pa55word";
    String url = PostgresTestServer.url("postgres", PostgresTestServer.USER, wrong);

    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.ACCESS_DENIED);
              assertThat(e.getMessage())
                  .doesNotContain("\n")
                  .contains("refused the login")
                  .contains("password=***")
                  .doesNotContain(wrong)
                  .doesNotContain(PostgresTestServer.PASSWORD);
            });
  }

  @Test
  void an_unreachable_server_is_named_by_host_and_port() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String url =
        "jdbc:postgresql://127.0.0.1:"
            + closedPort
            + "/hw?user=hw&password=topsecret&connectTimeout=5";

    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.UNREACHABLE);
              assertThat(e.getMessage())
                  .doesNotContain("\n")
                  .startsWith("cannot open storage jdbc:postgresql://127.0.0.1:" + closedPort)
                  .contains("cannot be reached")
                  .contains("127.0.0.1:" + closedPort)
                  .doesNotContain("topsecret");
            });
  }

  @Test
  void a_missing_database_is_named() {
    PostgresTestServer.newDatabaseUrl();
    String url =
        PostgresTestServer.url("no_such_db", PostgresTestServer.USER, PostgresTestServer.PASSWORD);

    assertThatThrownBy(() -> Store.open(url))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.CANNOT_OPEN);
              assertThat(e.getMessage())
                  .contains("database no_such_db on 127.0.0.1:" + PostgresTestServer.port())
                  .contains("does not exist")
                  .doesNotContain(PostgresTestServer.PASSWORD);
            });
  }

  @Test
  void the_url_shown_and_the_settings_text_mask_the_password() {
    String url = PostgresTestServer.newDatabaseUrl();
    StoreSettings settings = StoreSettings.of(url);
    assertThat(settings.toString()).doesNotContain(PostgresTestServer.PASSWORD).contains("***");
    try (Store store = Store.open(settings, Clock.systemUTC())) {
      assertThat(store.url())
          .isEqualTo(url.replace(PostgresTestServer.PASSWORD, "***"))
          .doesNotContain(PostgresTestServer.PASSWORD);
    }
  }

  @Test
  void the_user_info_form_is_masked_too() {
    assertThat(StoreSettings.redact("jdbc:postgresql://hw:pa55@db.internal:5432/hw"))
        .isEqualTo("jdbc:postgresql://hw:***@db.internal:5432/hw");
    assertThat(StoreSettings.redact("jdbc:postgresql://db/hw?ssl=true&PASSWORD=x%26y&user=hw"))
        .isEqualTo("jdbc:postgresql://db/hw?ssl=true&PASSWORD=***&user=hw");
    assertThat(StoreSettings.password("jdbc:postgresql://db/hw?password=x%26y")).contains("x&y");
  }

  @Test
  void a_writer_held_by_another_store_past_the_busy_timeout_fails_busy() throws Exception {
    String url = PostgresTestServer.newDatabaseUrl();
    StoreSettings impatient = StoreSettings.of(url).withBusyTimeout(Duration.ofMillis(200));
    try (Store holder = Store.open(url);
        Store waiter = Store.open(impatient, Clock.systemUTC());
        Connection c = DriverManager.getConnection(url)) {
      holder.saveBaseline(Fixtures.baseline("contract:x", "0xaaaa", 1));
      c.setAutoCommit(false);
      // Another process in the middle of a write: it holds the store's write lock.
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        ps.setLong(1, Database.POSTGRES_WRITE_LOCK);
        ps.executeQuery().close();
      }
      assertThatThrownBy(() -> waiter.saveBaseline(Fixtures.baseline("contract:y", "0xbbbb", 2)))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(StoreException.Reason.BUSY);
                assertThat(e.getMessage()).contains("past the busy timeout");
              });
      c.rollback();
      waiter.saveBaseline(Fixtures.baseline("contract:y", "0xbbbb", 2));
      assertThat(holder.baseline("contract:y", "arbitrum", "0xbbbb")).isPresent();
    }
  }

  @Test
  void a_store_whose_connections_the_server_dropped_connects_again() throws Exception {
    String url = PostgresTestServer.newDatabaseUrl();
    try (Store store = Store.open(url)) {
      store.saveBaseline(Fixtures.baseline("contract:x", "0xaaaa", 1));
      assertThat(store.baseline("contract:x", "arbitrum", "0xaaaa")).isPresent();

      // As a server restart or a failover does to every open connection.
      Backend.query(
          url,
          "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity"
              + " WHERE datname = current_database() AND pid <> pg_backend_pid()");

      assertThatThrownBy(() -> store.saveBaseline(Fixtures.baseline("contract:y", "0xbbbb", 2)))
          .isInstanceOfSatisfying(
              StoreException.class,
              e ->
                  assertThat(e.getMessage())
                      .doesNotContain("\n")
                      .contains("connection to the PostgreSQL server was lost"));
      store.saveBaseline(Fixtures.baseline("contract:y", "0xbbbb", 2));
      assertThat(store.baseline("contract:y", "arbitrum", "0xbbbb")).isPresent();
    }
  }
}
