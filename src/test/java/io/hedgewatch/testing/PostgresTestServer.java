package io.hedgewatch.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for the tests, one per JVM: zonky's binaries (from Maven Central, so
 * {@code mvn verify} needs nothing installed) started on 127.0.0.1 and a free port at first use,
 * stopped by zonky's shutdown hook when the JVM ends.
 *
 * <p>PostgreSQL refuses to run as root, which this machine and CI are: zonky then starts it under
 * {@code unshare -U}, a user namespace in which it is not root. A server that cannot start fails
 * every test that asks for it under {@code CI=true}; elsewhere those tests are skipped with the
 * reason, so a developer without user namespaces can still run the rest.
 *
 * <p>The store connects as {@value #USER} with a password ({@code scram-sha-256} on TCP), as an
 * installation would; the superuser {@code postgres} is trusted, for creating each test's database.
 */
public final class PostgresTestServer {

  public static final String USER = "hedgewatch";
  public static final String PASSWORD = "s3cret-test-pw";

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;
  private static Throwable startFailure;

  private PostgresTestServer() {}

  /**
   * A new, empty database owned by {@value #USER}, and the JDBC URL that reaches it with the user
   * and password in its query.
   */
  public static String newDatabaseUrl() {
    EmbeddedPostgres pg = server();
    String name = "hw_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " OWNER " + USER);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return url(name, USER, PASSWORD);
  }

  /** The URL of {@code database} on the test server with the given login. */
  public static String url(String database, String user, String password) {
    return "jdbc:postgresql://127.0.0.1:"
        + server().getPort()
        + "/"
        + database
        + "?user="
        + user
        + "&password="
        + password;
  }

  public static int port() {
    return server().getPort();
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null && startFailure == null) {
      try {
        server = start();
      } catch (IOException | RuntimeException e) {
        startFailure = e;
      }
    }
    if (server == null) {
      String reason = "PostgreSQL test server did not start: " + startFailure;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(reason, startFailure);
      }
      Assumptions.abort(reason + " (skipped outside CI)");
    }
    return server;
  }

  private static EmbeddedPostgres start() throws IOException {
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setDataDirectoryCustomizer(dir -> requirePasswords(dir.toPath()))
            .start();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
    } catch (SQLException e) {
      pg.close();
      throw new IllegalStateException("cannot create the test role", e);
    }
    return pg;
  }

  /** Trusts only the superuser (zonky's own connections); every other login needs its password. */
  private static void requirePasswords(Path dataDir) {
    try {
      Files.writeString(
          dataDir.resolve("pg_hba.conf"),
          String.join(
              "\n",
              "local all all trust",
              "host all postgres 127.0.0.1/32 trust",
              "host all postgres ::1/128 trust",
              "host all all 127.0.0.1/32 scram-sha-256",
              "host all all ::1/128 scram-sha-256",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
