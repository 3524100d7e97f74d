package io.hedgewatch.store;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;

/**
 * The connections behind the store: one writer, used under a lock so that writes from any number of
 * threads are serialized, and a small pool of read-only connections, which SQLite's WAL mode (and
 * PostgreSQL's MVCC) lets read while the writer writes.
 *
 * <p>On SQLite every write is one {@code BEGIN IMMEDIATE} transaction: it takes SQLite's write lock
 * at its start, waiting up to the busy timeout for another process, so a transaction never fails
 * half-way with {@code SQLITE_BUSY}. On PostgreSQL every write is one transaction that first takes
 * a transaction-scoped advisory lock, waiting up to the busy timeout ({@code lock_timeout}):
 * writers of any process are serialized exactly as on SQLite, so a read-then-write (joining funding
 * ranges) never races another writer, and alert events are committed in the order of their sequence
 * numbers, which a reader resuming after a sequence number relies on.
 *
 * <p>A PostgreSQL connection the server drops (restart, failover) costs one failed write, after
 * which the writer connects again; a read on a dropped idle connection is run again on a new one.
 *
 * <p>An in-memory database ({@code jdbc:sqlite::memory:}) lives in its one connection, so there the
 * readers share the writer, under the same lock.
 */
final class Database implements AutoCloseable {

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final int MAX_IDLE_READERS = 4;

  /** The advisory lock every PostgreSQL write holds: "hedgewatch" in ASCII, as a bigint key. */
  static final long POSTGRES_WRITE_LOCK = 0x6865_6467_6577_6174L;

  private final String url;
  private final String location;
  private final Vendor vendor;
  private final DataSource dataSource;
  private final boolean readersShareWriter;
  private final String secret;
  private final Duration busyTimeout;
  private Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Deque<Connection> idleReaders = new ArrayDeque<>();
  private boolean closed;

  private Database(
      String url,
      String location,
      Vendor vendor,
      DataSource dataSource,
      boolean readersShareWriter,
      String secret,
      Duration busyTimeout,
      Connection w) {
    this.url = url;
    this.location = location;
    this.vendor = vendor;
    this.dataSource = dataSource;
    this.readersShareWriter = readersShareWriter;
    this.secret = secret;
    this.busyTimeout = busyTimeout;
    this.writer = w;
  }

  /** Opens an SQLite database, creating the file when it does not exist; no migration yet. */
  static Database openSqlite(StoreSettings settings) {
    String url = settings.url();
    String name = url.substring("jdbc:sqlite:".length());
    String plainName = name.startsWith("file:") ? name.substring("file:".length()) : name;
    int query = plainName.indexOf('?');
    if (query >= 0) {
      plainName = plainName.substring(0, query);
    }
    boolean inMemory =
        plainName.isEmpty() || plainName.equals(":memory:") || name.contains("mode=memory");

    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) settings.busyTimeout().toMillis());
    config.enforceForeignKeys(true);
    // FULL syncs the WAL at every commit: a committed alert event or outbox row survives a power
    // loss, not only a crash of hedgewatch. Writes are a few per cycle, so the cost is small.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);

    String jdbcUrl = url;
    if (inMemory) {
      // A private name with a shared cache: Flyway's own connection and the writer see one
      // database, which lives as long as the writer's connection.
      jdbcUrl = "jdbc:sqlite:file:hedgewatch-" + UUID.randomUUID() + "?mode=memory&cache=shared";
    } else {
      Path file = checkFile(url, plainName);
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      plainName = file.toString();
    }
    String location = inMemory ? "the in-memory database" : plainName;
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(jdbcUrl);
    Connection writer = null;
    try {
      writer = dataSource.getConnection();
      try (Statement s = writer.createStatement()) {
        // Reads the file's header: a file that is no database fails here, not in a migration.
        s.executeQuery("SELECT count(*) FROM sqlite_master").close();
      }
      return new Database(
          url, location, Vendor.SQLITE, dataSource, inMemory, "", settings.busyTimeout(), writer);
    } catch (SQLException e) {
      closeQuietly(writer);
      throw openFailure(url, location, e);
    }
  }

  /**
   * Connects to a PostgreSQL database ({@code jdbc:postgresql://HOST[:PORT]/DATABASE?user=...&
   * password=...}); no migration yet. The database must exist; the user needs to create tables in
   * its schema.
   */
  static Database openPostgres(StoreSettings settings) {
    String shown = settings.redactedUrl();
    String secret = StoreSettings.password(settings.url()).orElse("");
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    try {
      dataSource.setURL(settings.url());
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          StoreException.Reason.UNSUPPORTED_URL,
          "cannot open storage "
              + shown
              + ": not a PostgreSQL URL the driver understands"
              + " (expected jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER&password=PASSWORD)",
          null);
    }
    String location = "database " + dataSource.getDatabaseName() + " on " + hosts(dataSource);
    try {
      Connection writer = postgresWriter(dataSource, settings.busyTimeout());
      return new Database(
          shown,
          location,
          Vendor.POSTGRESQL,
          dataSource,
          false,
          secret,
          settings.busyTimeout(),
          writer);
    } catch (SQLException e) {
      throw postgresOpenFailure(shown, location, secret, e);
    }
  }

  private static String hosts(PGSimpleDataSource dataSource) {
    String[] names = dataSource.getServerNames();
    int[] ports = dataSource.getPortNumbers();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(names[i]);
      int port = ports.length > i && ports[i] > 0 ? ports[i] : 5432;
      b.append(':').append(port);
    }
    return b.toString();
  }

  private static Connection postgresWriter(DataSource dataSource, Duration busyTimeout)
      throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      // Bounds every lock wait, the write lock's first, as SQLite's busy timeout does.
      execute(c, "SET lock_timeout = " + busyTimeout.toMillis());
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Checks what SQLite would report less clearly: the directory must exist and be writable (WAL
   * keeps its {@code -wal} and {@code -shm} files beside the database), and an existing path must
   * be a writable regular file.
   */
  private static Path checkFile(String url, String name) {
    Path file;
    try {
      file = Path.of(name).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new StoreException(
          StoreException.Reason.UNSUPPORTED_URL,
          "cannot open storage " + url + ": '" + name + "' is not a valid file path",
          e);
    }
    Path dir = file.getParent();
    String problem = null;
    if (Files.isDirectory(file)) {
      problem = file + " is a directory, not a database file";
    } else if (dir == null || !Files.exists(dir)) {
      problem = "directory " + dir + " does not exist";
    } else if (!Files.isDirectory(dir)) {
      problem = dir + " is not a directory";
    } else if (!Files.isWritable(dir)) {
      problem = "directory " + dir + " is not writable";
    } else if (Files.exists(file) && !Files.isWritable(file)) {
      problem = file + " is not writable";
    } else if (Files.exists(file) && !Files.isRegularFile(file)) {
      problem = file + " is not a regular file";
    }
    if (problem != null) {
      throw new StoreException(
          StoreException.Reason.CANNOT_OPEN, "cannot open storage " + url + ": " + problem, null);
    }
    return file;
  }

  String url() {
    return url;
  }

  /** The database file, for messages. */
  String location() {
    return location;
  }

  Vendor vendor() {
    return vendor;
  }

  /** Where migrations get their own connections. */
  DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} in one write transaction, serialized with every other write. */
  <T> T write(String what, Work<T> work) {
    writeLock.lock();
    try {
      ensureOpen();
      if (vendor == Vendor.POSTGRESQL) {
        return writePostgres(work);
      }
      execute(writer, "BEGIN IMMEDIATE");
      T result;
      try {
        result = work.run(writer);
        execute(writer, "COMMIT");
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly();
        throw e;
      }
      return result;
    } catch (SQLException e) {
      throw failure(what, e);
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T writePostgres(Work<T> work) throws SQLException {
    if (writer == null) {
      // The previous write lost the connection (server restart, network): connect again.
      writer = postgresWriter(dataSource, busyTimeout);
    }
    try {
      try (PreparedStatement lock = writer.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, POSTGRES_WRITE_LOCK);
        lock.executeQuery().close();
      }
      T result = work.run(writer);
      writer.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        writer.rollback();
      } catch (SQLException ignored) {
        // The transaction dies with a broken connection; nothing is left to undo.
      }
      if (e instanceof SQLException sql && (isConnectionLost(sql) || isClosed(writer))) {
        closeQuietly(writer);
        writer = null;
      }
      throw e;
    }
  }

  /** Runs {@code work} on a read-only connection; it must not write. */
  <T> T read(String what, Work<T> work) {
    if (readersShareWriter) {
      writeLock.lock();
      try {
        ensureOpen();
        return work.run(writer);
      } catch (SQLException e) {
        throw failure(what, e);
      } finally {
        writeLock.unlock();
      }
    }
    boolean fresh = false;
    while (true) {
      Connection reader = null;
      boolean healthy = false;
      try {
        reader = fresh ? newReader() : borrowReader();
        T result = work.run(reader);
        healthy = true;
        return result;
      } catch (SQLException e) {
        // An idle connection the server has since dropped (restart, failover): a read is safe to
        // run again, once, on a new connection.
        if (!fresh && vendor == Vendor.POSTGRESQL && isConnectionLost(e)) {
          fresh = true;
          continue;
        }
        throw failure(what, e);
      } finally {
        if (reader != null) {
          giveBack(reader, healthy);
        }
      }
    }
  }

  private Connection borrowReader() throws SQLException {
    synchronized (idleReaders) {
      ensureOpen();
      Connection idle = idleReaders.pollFirst();
      if (idle != null) {
        return idle;
      }
    }
    return newReader();
  }

  private Connection newReader() throws SQLException {
    ensureOpen();
    Connection fresh = dataSource.getConnection();
    try {
      execute(
          fresh,
          vendor == Vendor.SQLITE
              ? "PRAGMA query_only = true"
              : "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    } catch (SQLException e) {
      closeQuietly(fresh);
      throw e;
    }
    return fresh;
  }

  private void giveBack(Connection reader, boolean healthy) {
    synchronized (idleReaders) {
      if (healthy && !closed && idleReaders.size() < MAX_IDLE_READERS) {
        idleReaders.addFirst(reader);
        return;
      }
    }
    closeQuietly(reader);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the store at " + url + " is closed");
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      synchronized (idleReaders) {
        if (closed) {
          return;
        }
        closed = true;
        idleReaders.forEach(Database::closeQuietly);
        idleReaders.clear();
      }
      // The last connection to close checkpoints the WAL into the database file.
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
  }

  StoreException failure(String what, SQLException e) {
    boolean busy;
    String detail;
    if (vendor == Vendor.SQLITE) {
      int code = sqliteCode(e);
      busy = code == 5 || code == 6;
      detail = cause(e);
    } else {
      // lock_not_available (lock_timeout) and deadlock_detected
      busy = "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
      detail =
          isConnectionLost(e)
              ? "the connection to the PostgreSQL server was lost (" + cause(e) + ")"
              : cause(e);
    }
    StoreException.Reason reason = busy ? StoreException.Reason.BUSY : StoreException.Reason.FAILED;
    if (busy) {
      detail = "the database stayed locked by another writer past the busy timeout";
    }
    return new StoreException(
        reason, "storage " + url + ": " + what + " failed: " + scrub(detail, secret), e);
  }

  /** The opening failure of a database, whichever vendor it is. */
  StoreException openFailure(SQLException e) {
    return vendor == Vendor.SQLITE
        ? openFailure(url, location, e)
        : postgresOpenFailure(url, location, secret, e);
  }

  /**
   * Why a PostgreSQL server could not be used, in one line without the password: unreachable,
   * refused the login, no such database, or what the server said.
   */
  static StoreException postgresOpenFailure(
      String url, String location, String secret, SQLException e) {
    String prefix = "cannot open storage " + url + ": ";
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String said = scrub(cause(e), secret);
    if (state.startsWith("08")) {
      return new StoreException(
          StoreException.Reason.UNREACHABLE,
          prefix + "the PostgreSQL server for " + location + " cannot be reached (" + said + ")",
          e);
    }
    if (state.startsWith("28")) {
      return new StoreException(
          StoreException.Reason.ACCESS_DENIED,
          prefix
              + "the PostgreSQL server refused the login ("
              + said
              + "); check the user and password in the URL",
          e);
    }
    if (state.equals("3D000")) {
      return new StoreException(
          StoreException.Reason.CANNOT_OPEN,
          prefix + location + " does not exist; create it first (" + said + ")",
          e);
    }
    return new StoreException(StoreException.Reason.FAILED, prefix + said, e);
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /**
   * The connection itself failed (SQLSTATE class 08, or 57P01..57P03: the server terminated it or
   * is shutting down), not the statement.
   */
  static boolean isConnectionLost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.matches("57P0[123]")) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code text} without this database's password. */
  String scrub(String text) {
    return scrub(text, secret);
  }

  /** {@code text} with every occurrence of {@code secret} masked. */
  static String scrub(String text, String secret) {
    return secret.isEmpty() ? text : text.replace(secret, "***");
  }

  static StoreException openFailure(String url, String file, SQLException e) {
    String prefix = "cannot open storage " + url + ": ";
    switch (sqliteCode(e)) {
      case 11: // SQLITE_CORRUPT
      case 26: // SQLITE_NOTADB
        return new StoreException(
            StoreException.Reason.NOT_A_DATABASE,
            prefix + file + " is not an SQLite database (or is corrupt or encrypted)",
            e);
      case 3: // SQLITE_PERM
      case 8: // SQLITE_READONLY
      case 14: // SQLITE_CANTOPEN
        return new StoreException(
            StoreException.Reason.CANNOT_OPEN,
            prefix + file + " cannot be opened for writing (" + cause(e) + ")",
            e);
      case 5: // SQLITE_BUSY
      case 6: // SQLITE_LOCKED
        return new StoreException(
            StoreException.Reason.BUSY,
            prefix + file + " stayed locked by another writer past the busy timeout",
            e);
      default:
        return new StoreException(StoreException.Reason.FAILED, prefix + cause(e), e);
    }
  }

  /** The first SQL exception in the causes of {@code e}, itself included. */
  static Optional<SQLException> sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return Optional.of(sql);
      }
    }
    return Optional.empty();
  }

  /** The failure is the file's (missing, unwritable, no database, locked), not the SQL's. */
  static boolean isFileProblem(SQLException e) {
    return Set.of(3, 5, 6, 8, 11, 14, 26).contains(sqliteCode(e));
  }

  /** The primary SQLite result code in the exception or its causes, or -1. */
  static int sqliteCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException se) {
        return se.getResultCode().code & 0xff;
      }
    }
    return -1;
  }

  private static String cause(SQLException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private void rollbackQuietly() {
    try {
      execute(writer, "ROLLBACK");
    } catch (SQLException ignored) {
      // SQLite has already rolled back after some errors; nothing is left to undo.
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing is best effort; the data is committed or rolled back already.
    }
  }
}
