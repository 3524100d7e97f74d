package io.hedgewatch.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How often {@code run} asks each off-chain source, and the clients it asks them with, across the
 * cycles of one run.
 *
 * <p>{@code run} evaluates the config once per new block, every {@code pollInterval} (2 s on
 * Arbitrum). The chain reads are what a cycle is for and are never cached here: oracles, Synthetix
 * and GMX markets and positions, wallets and watched contracts are read at every cycle's head. The
 * centralized venues and the HTTP perp venues are asked on their own cadences instead: a read of a
 * {@link Kind} is served from memory while it is younger than the kind's time-to-live on the
 * injected clock, so that {@code run} stays within each venue's rate limits and a cycle does not
 * wait on answers it had a moment ago.
 *
 * <ul>
 *   <li>A value keeps its own time (a quote's {@code observedAt}, a snapshot's {@code at}), so the
 *       rules judge its age as they would a fresh read's: the reference composite still marks a
 *       quote older than {@code reference.unavailable}'s {@code maxAge} STALE, whatever the cache.
 *   <li>A failed read is kept for {@link #DEFAULT_FAILURE} at most (never longer than the kind's
 *       own time-to-live), and served as the failure it was: a venue that recovers is seen within
 *       seconds, a venue that is down is not asked every block, and a failure never stands in for a
 *       success nor a stale success for a failure. A read that throws is not kept at all.
 *   <li>Two cycles asking for the same thing at once read it once: the second waits for the first's
 *       answer (each read is bounded by its source's named timeout).
 *   <li>The clients (OkHttp, and with them each venue's Resilience4j rate limiter, circuit breaker
 *       and reply caches) live as long as this object, so the per-venue limits bound the request
 *       rate across cycles and not just within one; {@link #close()} releases them.
 * </ul>
 *
 * <p>{@link #none()} caches nothing and keeps no client: every read is made and every client made
 * and released within the one evaluation of {@code check}.
 *
 * <p>Entries are keyed by what is read (venue, pair, market), which a config bounds; one object
 * serves the cycles of one config.
 */
public final class ReadCadences implements AutoCloseable {

  /** What is read, each with its own time-to-live. */
  public enum Kind {
    /** One reference venue's spot quote of one market. */
    SPOT_QUOTES,
    /** One centralized venue's current perp funding of one pair. */
    CEX_FUNDING,
    /** An HTTP perp venue's markets, or its accounts' positions (Hyperliquid, dYdX). */
    VENUE_SNAPSHOTS,
    /** A pair's spot candles behind the realised volatility. */
    CANDLES,
    /** A market's settled funding history, topped up from its venue. */
    FUNDING_HISTORY
  }

  /**
   * Spot reference quotes: well inside {@code reference.unavailable}'s default {@code maxAge} (60
   * s), so a cached quote is never what makes a composite stale, while a 2 s block cadence asks
   * each venue a fifth as often (Kraken allows public calls at about one a second per IP, and a
   * config asks it for each pair and stablecoin rate).
   */
  public static final Duration DEFAULT_SPOT_QUOTES = Duration.ofSeconds(10);

  /**
   * Centralized perp funding: the rates move once per funding interval (1 h to 8 h) and the
   * predicted ones slowly; a minute is ample for {@code funding.divergence}.
   */
  public static final Duration DEFAULT_CEX_FUNDING = Duration.ofSeconds(60);

  /**
   * Hyperliquid and dYdX markets and account positions: marks and margins matter within seconds,
   * but every snapshot is one or more requests against the venue's per-IP limit, and on-chain the
   * same markets are read every block anyway; 10 s, as the spot reference.
   */
  public static final Duration DEFAULT_VENUE_SNAPSHOTS = Duration.ofSeconds(10);

  /**
   * Candles: the volatility is measured over a week of hourly candles ({@link Checker#CANDLES}), in
   * which a quarter of an hour moves one candle at most.
   */
  public static final Duration DEFAULT_CANDLES = Duration.ofMinutes(15);

  /**
   * Funding history: {@link FundingHistoryKeeper} asks the venue for the part of the window it has
   * not stored, which is never empty since the last {@link
   * FundingHistoryKeeper#DEFAULT_SETTLEMENT_LAG} is not trusted yet; funding settles hourly, so a
   * refresh every quarter of an hour sees each settlement soon enough for {@code funding.spike}.
   */
  public static final Duration DEFAULT_FUNDING_HISTORY = Duration.ofMinutes(15);

  /**
   * A failed read: short, so that a venue that recovers is seen within a few cycles, yet long
   * enough that a venue which is down or slow (its timeout paid on every ask) is not asked at every
   * block.
   */
  public static final Duration DEFAULT_FAILURE = Duration.ofSeconds(5);

  /** Reads of one kind since this object was made: how many were asked, how many served. */
  public record Stats(long asked, long served) {
    /** Reads that went to the source. */
    public long read() {
      return asked - served;
    }
  }

  private static final ReadCadences NONE = new ReadCadences();

  /** Null for {@link #none()}: nothing is timed, nothing is kept. */
  private final Clock clock;

  private final Map<Kind, Duration> ttls;
  private final Duration failureTtl;
  private volatile io.micrometer.core.instrument.MeterRegistry metrics;
  private final ConcurrentHashMap<Entry, Slot> slots = new ConcurrentHashMap<>();
  private final Map<Kind, LongAdder> asked = new EnumMap<>(Kind.class);
  private final Map<Kind, LongAdder> served = new EnumMap<>(Kind.class);

  /** Clients kept for the next cycles, by key, in the order made; guarded by {@code this}. */
  private final Map<String, Kept<?>> clients = new LinkedHashMap<>();

  private boolean closed;

  private ReadCadences() {
    this.clock = null;
    this.ttls = Map.of();
    this.failureTtl = Duration.ZERO;
    counters();
  }

  private ReadCadences(Clock clock, Map<Kind, Duration> ttls, Duration failureTtl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Map<Kind, Duration> all = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      Duration ttl = ttls.getOrDefault(kind, defaultTtl(kind));
      all.put(kind, positive(ttl, "time-to-live of " + kind));
    }
    this.ttls = Collections.unmodifiableMap(all);
    this.failureTtl = positive(failureTtl, "time-to-live of a failed read");
    counters();
  }

  private void counters() {
    for (Kind kind : Kind.values()) {
      asked.put(kind, new LongAdder());
      served.put(kind, new LongAdder());
    }
  }

  /** No caching and no kept clients: {@code check}'s single evaluation. */
  public static ReadCadences none() {
    return NONE;
  }

  /** The default time-to-live of every kind and of failures, on {@code clock}. */
  public static ReadCadences defaults(Clock clock) {
    return new ReadCadences(clock, Map.of(), DEFAULT_FAILURE);
  }

  /**
   * @param ttls time-to-live by kind; a kind not given keeps its default
   * @param failureTtl the longest a failed read is kept (a kind's own time-to-live caps it)
   * @throws IllegalArgumentException when a duration is not positive
   */
  public static ReadCadences custom(Clock clock, Map<Kind, Duration> ttls, Duration failureTtl) {
    return new ReadCadences(clock, Objects.requireNonNull(ttls, "ttls"), failureTtl);
  }

  /**
   * Measures every request the kept reference clients really send (not the ones served from
   * memory): {@code hedgewatch.reference.latency} and {@code hedgewatch.reference.errors} by venue.
   */
  public ReadCadences withMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    if (this == NONE) {
      throw new IllegalStateException("none() keeps no clients to measure");
    }
    this.metrics = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /** The registry given to {@link #withMetrics}, if any. */
  Optional<io.micrometer.core.instrument.MeterRegistry> metrics() {
    return Optional.ofNullable(metrics);
  }

  public static Duration defaultTtl(Kind kind) {
    return switch (kind) {
      case SPOT_QUOTES -> DEFAULT_SPOT_QUOTES;
      case CEX_FUNDING -> DEFAULT_CEX_FUNDING;
      case VENUE_SNAPSHOTS -> DEFAULT_VENUE_SNAPSHOTS;
      case CANDLES -> DEFAULT_CANDLES;
      case FUNDING_HISTORY -> DEFAULT_FUNDING_HISTORY;
    };
  }

  /** Whether reads are served from memory and clients kept; false only for {@link #none()}. */
  public boolean caches() {
    return clock != null;
  }

  /** How long a successful read of {@code kind} is served; zero for {@link #none()}. */
  public Duration ttl(Kind kind) {
    return caches() ? ttls.get(kind) : Duration.ZERO;
  }

  /** How long a failed read of {@code kind} is served; zero for {@link #none()}. */
  public Duration failureTtl(Kind kind) {
    Duration ttl = ttl(kind);
    return failureTtl.compareTo(ttl) < 0 ? failureTtl : ttl;
  }

  public Stats stats(Kind kind) {
    return new Stats(asked.get(kind).sum(), served.get(kind).sum());
  }

  /**
   * The value of {@code key}: the one read before while it is younger than its time-to-live, else
   * {@code read}'s, which is then kept. A caller that finds another reading the same key waits for
   * that answer rather than asking again.
   *
   * @param key what is read, with equals and hashCode (a record or a list); unique within {@code
   *     kind}
   * @param failed whether a value is a failure, kept only for {@link #failureTtl}
   * @throws IllegalStateException when this object is closed
   */
  <V> V read(Kind kind, Object key, Supplier<? extends V> read, Predicate<? super V> failed) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    asked.get(kind).increment();
    if (!caches()) {
      return read.get();
    }
    requireOpen();
    Slot slot = slots.computeIfAbsent(new Entry(kind, key), k -> new Slot());
    slot.lock.lock();
    try {
      Instant now = clock.instant();
      if (slot.readAt != null) {
        Duration ttl = slot.failed ? failureTtl(kind) : ttl(kind);
        if (Duration.between(slot.readAt, now).compareTo(ttl) < 0) {
          served.get(kind).increment();
          @SuppressWarnings("unchecked")
          V kept = (V) slot.value;
          return kept;
        }
      }
      // An expired value is dropped before asking, so that a read that throws leaves nothing.
      slot.readAt = null;
      slot.value = null;
      V value = read.get();
      slot.value = value;
      slot.failed = failed.test(value);
      slot.readAt = clock.instant();
      return value;
    } finally {
      slot.lock.unlock();
    }
  }

  /**
   * A client for this evaluation: the one kept under {@code key} (made by {@code create} the first
   * time), or, for {@link #none()}, a new one that closing the lease releases with {@code close}.
   */
  <T> Lease<T> client(String key, Supplier<? extends T> create, Consumer<? super T> close) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(close, "close");
    if (!caches()) {
      T made = Objects.requireNonNull(create.get(), "client " + key);
      return new Lease<>(made, () -> close.accept(made));
    }
    synchronized (this) {
      requireOpen();
      @SuppressWarnings("unchecked")
      Kept<T> kept = (Kept<T>) clients.get(key);
      if (kept == null) {
        // Made outside the map's methods: a client's maker may ask for another client.
        T made = Objects.requireNonNull(create.get(), "client " + key);
        kept = new Kept<>(made, close);
        clients.put(key, kept);
      }
      return new Lease<>(kept.client(), () -> {});
    }
  }

  /** {@link #client(String, Supplier, Consumer)} for a client that holds nothing to release. */
  <T> Lease<T> client(String key, Supplier<? extends T> create) {
    return client(key, create, c -> {});
  }

  /** Releases the kept clients, the last made first; reads and clients are refused after. */
  @Override
  public void close() {
    List<Kept<?>> release;
    synchronized (this) {
      if (!caches() || closed) {
        return;
      }
      closed = true;
      release = new ArrayList<>(clients.values());
      clients.clear();
    }
    Collections.reverse(release);
    RuntimeException first = null;
    for (Kept<?> kept : release) {
      try {
        kept.release();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    slots.clear();
    if (first != null) {
      throw first;
    }
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new IllegalStateException("read cadences are closed");
    }
  }

  /** A client for one evaluation; closing it releases the client unless it is kept. */
  static final class Lease<T> implements AutoCloseable {
    private final T client;
    private final Runnable release;

    private Lease(T client, Runnable release) {
      this.client = client;
      this.release = release;
    }

    T get() {
      return client;
    }

    @Override
    public void close() {
      release.run();
    }
  }

  private record Kept<T>(T client, Consumer<? super T> close) {
    void release() {
      close.accept(client);
    }
  }

  private record Entry(Kind kind, Object key) {}

  /** One key's value; the lock makes a second reader wait for the first's answer. */
  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    Object value;
    Instant readAt;
    boolean failed;
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }
}
