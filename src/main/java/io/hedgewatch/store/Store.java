package io.hedgewatch.store;

import io.hedgewatch.alert.AlertState;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.TimeRange;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * hedgewatch's persistent state behind one JDBC URL, an SQLite file or a PostgreSQL database:
 * platform baselines, funding history, observations, the alert lifecycle with its events, and the
 * outbox of their deliveries. Opening migrates the schema to this build's version; every write goes
 * through one connection, so writes from any thread are serialized, while reads use their own
 * connections. Every failure is a {@link StoreException} whose message is one line naming the URL
 * (its password masked) and the cause.
 *
 * <p>Thread-safe. Close it once at shutdown; the SQLite WAL is folded back into the database file
 * then.
 */
public final class Store
    implements BaselineStore,
        FundingHistoryStore,
        ObservationStore,
        AlertStore,
        Outbox,
        AutoCloseable {

  private final StoreSettings settings;
  private final Clock clock;
  private final Database db;
  private final String schemaVersion;
  private final SqlBaselineStore baselines;
  private final SqlFundingHistoryStore funding;
  private final SqlObservationStore observations;
  private final SqlAlertStore alerts;
  private final SqlOutbox outbox;

  private Store(StoreSettings settings, Clock clock, Database db, String schemaVersion) {
    this.settings = settings;
    this.clock = clock;
    this.db = db;
    this.schemaVersion = schemaVersion;
    this.baselines = new SqlBaselineStore(db);
    this.funding = new SqlFundingHistoryStore(db);
    this.observations = new SqlObservationStore(db);
    this.alerts = new SqlAlertStore(db, clock);
    this.outbox = new SqlOutbox(db);
  }

  /** Opens (creating if needed) and migrates the store at {@code url} with default settings. */
  public static Store open(String url) {
    return open(StoreSettings.of(url), Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) and migrates the store.
   *
   * @param clock what {@link #applyRetention()} measures age against, and the latest time at which
   *     a committed event's deliveries are due
   * @throws StoreException when the URL is unsupported, the file cannot be opened or is no
   *     database, the server cannot be reached or refuses the login, the schema is newer than this
   *     build, or a migration fails
   */
  public static Store open(StoreSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Vendor vendor =
        Vendor.of(settings.url())
            .orElseThrow(
                () ->
                    new StoreException(
                        StoreException.Reason.UNSUPPORTED_URL,
                        "cannot open storage "
                            + settings.redactedUrl()
                            + ": unsupported URL (expected jdbc:sqlite:FILE or"
                            + " jdbc:postgresql://HOST[:PORT]/DATABASE)",
                        null));
    Database db =
        vendor == Vendor.SQLITE ? Database.openSqlite(settings) : Database.openPostgres(settings);
    try {
      return new Store(settings, clock, db, Migrations.migrate(db));
    } catch (RuntimeException | Error e) {
      db.close();
      throw e;
    }
  }

  /** The URL, its password masked. */
  public String url() {
    return settings.redactedUrl();
  }

  /** The schema version in the database after migration, e.g. {@code "1"}. */
  public String schemaVersion() {
    return schemaVersion;
  }

  /**
   * Deletes what is older than the configured retention, measured from the clock's now: what {@link
   * #prune} deletes, and alert events whose every delivery is finished (DELIVERED or DEAD), with
   * those deliveries. Alert state and pending deliveries are never pruned.
   */
  public Pruned applyRetention() {
    Instant cutoff = clock.instant().minus(settings.retention());
    Pruned observed = prune(cutoff);
    int[] events = alerts.prune(cutoff);
    return new Pruned(
        observed.feedObservations(),
        observed.marketObservations(),
        observed.fundingPoints(),
        events[0],
        events[1]);
  }

  @Override
  public Optional<ContractState> baseline(String subject, String chain, String address) {
    return baselines.baseline(subject, chain, address);
  }

  @Override
  public void saveBaseline(ContractState state) {
    baselines.saveBaseline(state);
  }

  @Override
  public void append(String marketId, List<FundingPoint> points) {
    funding.append(marketId, points);
  }

  @Override
  public List<FundingPoint> history(String marketId, Instant from, Instant to) {
    return funding.history(marketId, from, to);
  }

  @Override
  public void appendFetched(String marketId, TimeRange fetched, List<FundingPoint> points) {
    funding.appendFetched(marketId, fetched, points);
  }

  @Override
  public List<TimeRange> fetched(String marketId, Instant from, Instant to) {
    return funding.fetched(marketId, from, to);
  }

  @Override
  public void recordFeed(FeedObservation observation) {
    observations.recordFeed(observation);
  }

  @Override
  public void recordFeeds(List<FeedObservation> list) {
    observations.recordFeeds(list);
  }

  @Override
  public void recordMarket(MarketObservation observation) {
    observations.recordMarket(observation);
  }

  @Override
  public void recordMarkets(List<MarketObservation> list) {
    observations.recordMarkets(list);
  }

  @Override
  public List<FeedObservation> feedObservations(String feedId, Instant from, Instant to) {
    return observations.feedObservations(feedId, from, to);
  }

  @Override
  public List<MarketObservation> marketObservations(String marketId, Instant from, Instant to) {
    return observations.marketObservations(marketId, from, to);
  }

  @Override
  public Pruned prune(Instant cutoff) {
    return observations.prune(cutoff);
  }

  @Override
  public AlertState alertState() {
    return alerts.alertState();
  }

  @Override
  public List<StoredEvent> commit(AlertState state, List<StoredEvent> events, List<String> sinks) {
    return alerts.commit(state, events, sinks);
  }

  @Override
  public List<StoredEvent> eventsAfter(long afterSequence, int limit) {
    return alerts.eventsAfter(afterSequence, limit);
  }

  @Override
  public List<StoredEvent> eventsOf(String alertId, int limit) {
    return alerts.eventsOf(alertId, limit);
  }

  @Override
  public Optional<Delivery> nextDue(String sink, Instant now) {
    return outbox.nextDue(sink, now);
  }

  @Override
  public Optional<Instant> nextAttemptAt(String sink) {
    return outbox.nextAttemptAt(sink);
  }

  @Override
  public void markDelivered(String sink, String eventId, Instant at) {
    outbox.markDelivered(sink, eventId, at);
  }

  @Override
  public void markRetry(
      String sink, String eventId, int attempts, Instant nextAttemptAt, String error) {
    outbox.markRetry(sink, eventId, attempts, nextAttemptAt, error);
  }

  @Override
  public void markDead(String sink, String eventId, int attempts, Instant at, String error) {
    outbox.markDead(sink, eventId, attempts, at, error);
  }

  @Override
  public List<OutboxStats> stats(List<String> sinks) {
    return outbox.stats(sinks);
  }

  @Override
  public List<Delivery> deadLetters(int limit) {
    return outbox.deadLetters(limit);
  }

  @Override
  public void close() {
    db.close();
  }
}
