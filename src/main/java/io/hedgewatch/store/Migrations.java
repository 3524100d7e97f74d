package io.hedgewatch.store;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings the schema up to this build's version with Flyway, from {@code db/migration/common} and
 * the vendor's own folder when it has one. A database that a newer hedgewatch migrated is refused
 * rather than used: Flyway by default ignores migrations it does not know, and this build would
 * then write into a schema it has never seen.
 */
final class Migrations {

  static final String ROOT = "db/migration";

  private static final Set<MigrationState> FUTURE =
      EnumSet.of(MigrationState.FUTURE_SUCCESS, MigrationState.FUTURE_FAILED);

  private Migrations() {}

  /** Migrates and returns the schema version now in the database. */
  static String migrate(Database db) {
    ClassLoader loader = Migrations.class.getClassLoader();
    String vendorFolder = ROOT + "/" + db.vendor().folder();
    String[] locations =
        loader.getResource(vendorFolder) == null
            ? new String[] {"classpath:" + ROOT + "/common"}
            : new String[] {"classpath:" + ROOT + "/common", "classpath:" + vendorFolder};
    Flyway flyway =
        Flyway.configure(loader)
            .dataSource(db.dataSource())
            .locations(locations)
            .cleanDisabled(true)
            .load();
    String prefix = "cannot open storage " + db.url() + ": ";
    try {
      MigrationInfo[] all = flyway.info().all();
      Optional<MigrationVersion> future =
          Arrays.stream(all)
              .filter(m -> FUTURE.contains(m.getState()))
              .map(MigrationInfo::getVersion)
              .filter(Objects::nonNull)
              .max(Comparator.naturalOrder());
      if (future.isPresent()) {
        String known =
            Arrays.stream(all)
                .filter(m -> !FUTURE.contains(m.getState()) && m.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElse("none");
        throw new StoreException(
            StoreException.Reason.SCHEMA_TOO_NEW,
            prefix
                + "its schema is at version "
                + future.get().getVersion()
                + ", newer than this hedgewatch knows (up to "
                + known
                + "); run the newer hedgewatch that wrote it, or point storage.url at another file",
            null);
      }
      flyway.migrate();
      MigrationInfo current = flyway.info().current();
      return current == null || current.getVersion() == null
          ? "none"
          : current.getVersion().getVersion();
    } catch (FlywayException e) {
      Optional<SQLException> sql = Database.sqlCause(e);
      if (sql.isPresent()
          && (db.vendor() == Vendor.SQLITE
              ? Database.isFileProblem(sql.get())
              : Database.isConnectionLost(sql.get()))) {
        throw db.openFailure(sql.get());
      }
      throw new StoreException(
          StoreException.Reason.MIGRATION_FAILED,
          prefix + "migration failed: " + db.scrub(essence(e)),
          e);
    }
  }

  /** Flyway's message without its advice lines and links. */
  private static String essence(FlywayException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.contains("http://") && !l.contains("https://"))
        .filter(l -> !l.startsWith("Need more flexibility"))
        .collect(Collectors.joining(" "));
  }
}
