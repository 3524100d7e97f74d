package io.hedgewatch.store;

import io.hedgewatch.testing.PostgresTestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The databases every store test runs on, through {@code @ParameterizedClass @EnumSource}: an
 * SQLite file in the test's directory, and a fresh database on the JVM's PostgreSQL test server.
 */
enum Backend {
  SQLITE {
    @Override
    String newUrl(Path dir) {
      return "jdbc:sqlite:" + dir.resolve("hedgewatch.db");
    }
  },
  POSTGRESQL {
    @Override
    String newUrl(Path dir) {
      return PostgresTestServer.newDatabaseUrl();
    }
  };

  /** A URL of an empty database of this kind; {@code dir} is the test's own directory. */
  abstract String newUrl(Path dir);

  /** The first column of every row of {@code sql}, as text, read outside the store. */
  static List<String> query(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return rows;
    }
  }

  /** Runs one statement outside the store. */
  static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
