/**
 * Persistence: the {@link io.hedgewatch.store.Store} behind {@code storage.url}, SQLite by default
 * or PostgreSQL.
 *
 * <p>Layout: each concern is a public interface ({@link io.hedgewatch.store.BaselineStore}, {@link
 * io.hedgewatch.store.FundingHistoryStore}, {@link io.hedgewatch.store.ObservationStore}, {@link
 * io.hedgewatch.store.AlertStore}, {@link io.hedgewatch.store.Outbox}) with a package-private
 * {@code Sql*} implementation over the shared {@code Database}, and {@code Store} opens the
 * database once, migrates it, and delegates. A new concern adds an interface, an {@code Sql*}
 * class, a migration and a delegate.
 *
 * <p>Migrations are Flyway's, in {@code src/main/resources/db/migration}: {@code common/} holds SQL
 * that runs on SQLite and PostgreSQL alike; where the dialects differ, the same version number goes
 * into both {@code sqlite/} and {@code postgresql/} (only the open database's folder is on Flyway's
 * path, so the numbers never clash): version 3 does, for the event sequence. A database migrated by
 * a newer build is refused.
 *
 * <p>Column conventions: times are epoch milliseconds UTC in BIGINT columns named {@code *_ms}
 * (finer parts truncated); exact decimals are TEXT in {@link java.math.BigDecimal#toString()} form,
 * never REAL, and read back with the same value and scale; upserts use {@code INSERT ... ON
 * CONFLICT}, which both databases speak, as they do {@code RETURNING}.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL}, foreign keys on and a busy timeout; one
 * writer connection serializes writes, each a {@code BEGIN IMMEDIATE} transaction. On PostgreSQL
 * each write is a transaction holding an advisory lock, so writers are serialized across processes
 * in the same way.
 */
package io.hedgewatch.store;
