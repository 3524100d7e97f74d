package io.hedgewatch.monitor;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.TimeRange;
import io.hedgewatch.store.FundingHistoryStore;
import io.hedgewatch.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps each market's funding history in the store and hands {@code funding.spike} the store's view
 * of it, so that a z-score exists from the first cycle and a venue is asked only for what the store
 * lacks. Used by {@code check} for every market, and meant for every cycle of {@code run}.
 *
 * <ul>
 *   <li><b>Venues with a history endpoint</b> ({@link #settled}): the store records which ranges
 *       were already asked of the venue; only the rest of the window is asked, written to the store
 *       (points and range in one transaction) and only then read back with the rest. A range is
 *       recorded as asked only up to {@code settlementLag} before now, so a settlement the venue
 *       publishes a little late is still picked up by the next cycle; asking those minutes twice is
 *       harmless, as the store keeps one point per time.
 *   <li><b>Venues without one</b> ({@link #sampled}, the on-chain venues): each cycle stores the
 *       snapshot's hourly rate at its block time, unless a stored sample lies closer than {@code
 *       sampleSpacing}; repeated cycles build the history the z-score needs.
 * </ul>
 *
 * <p>Samples are spaced an hour apart by default, as settled points are: {@code funding.spike}'s
 * {@code minPoints} (24) presumes hourly points, and a minute's spacing would judge a spike against
 * less than half an hour of history as soon as 24 cycles had run.
 *
 * <p>Without a usable store, settled history comes from the venue alone, as before there was a
 * store, and sampled markets have none. A store that fails half-way never costs the cycle the
 * venue's points: they are used from memory and the failure is reported.
 */
public final class FundingHistoryKeeper {

  /** How long before now a fetched range is not yet trusted to be complete. */
  public static final Duration DEFAULT_SETTLEMENT_LAG = Duration.ofMinutes(5);

  /** The least time between two stored samples of one market. */
  public static final Duration DEFAULT_SAMPLE_SPACING = Duration.ofHours(1);

  /** The venue's settled funding of one market in [from, to], oldest first. */
  @FunctionalInterface
  public interface VenueHistory {
    Read<List<FundingPoint>> between(Instant from, Instant to);
  }

  private final Optional<FundingHistoryStore> store;
  private final String unusable;
  private final Duration history;
  private final Duration settlementLag;
  private final Duration sampleSpacing;

  private FundingHistoryKeeper(
      Optional<FundingHistoryStore> store,
      String unusable,
      Duration history,
      Duration settlementLag,
      Duration sampleSpacing) {
    this.store = store;
    this.unusable = unusable;
    this.history = positive(history, "history");
    this.settlementLag = notNegative(settlementLag, "settlementLag");
    this.sampleSpacing = positive(sampleSpacing, "sampleSpacing");
  }

  /**
   * @param history how far back from now the window reaches
   */
  public FundingHistoryKeeper(FundingHistoryStore store, Duration history) {
    this(store, history, DEFAULT_SETTLEMENT_LAG, DEFAULT_SAMPLE_SPACING);
  }

  public FundingHistoryKeeper(
      FundingHistoryStore store, Duration history, Duration settlementLag, Duration sampleSpacing) {
    this(
        Optional.of(Objects.requireNonNull(store, "store")),
        null,
        history,
        settlementLag,
        sampleSpacing);
  }

  /**
   * A keeper for when the store cannot be used: settled history from the venue alone, no samples.
   *
   * @param reason why there is no store, for each sampled market's report
   */
  public static FundingHistoryKeeper withoutStore(String reason, Duration history) {
    return new FundingHistoryKeeper(
        Optional.empty(),
        Objects.requireNonNull(reason, "reason"),
        history,
        DEFAULT_SETTLEMENT_LAG,
        DEFAULT_SAMPLE_SPACING);
  }

  /**
   * The settled funding of {@code marketId} over the window ending at {@code now}: the store's,
   * after the venue has been asked for the ranges the store has not had yet.
   */
  public FundingHistory settled(String marketId, Instant now, VenueHistory venue) {
    Objects.requireNonNull(marketId, "marketId");
    Objects.requireNonNull(venue, "venue");
    TimeRange window = new TimeRange(now.minus(history), now);
    if (store.isEmpty()) {
      return fromVenue(window, venue, Optional.empty());
    }
    FundingHistoryStore s = store.get();
    List<TimeRange> gaps;
    try {
      gaps = TimeRange.gaps(window, s.fetched(marketId, window.from(), window.to()));
    } catch (StoreException e) {
      return fromVenue(window, venue, Optional.of(e.getMessage()));
    }
    TreeMap<Instant, FundingPoint> given = new TreeMap<>();
    Optional<String> problem = Optional.empty();
    Optional<String> storeProblem = Optional.empty();
    boolean answered = false;
    for (TimeRange gap : gaps) {
      Read<List<FundingPoint>> read = venue.between(gap.from(), gap.to());
      if (read.failureIfAny().isPresent()) {
        problem = Optional.of(read.failureIfAny().get().describe());
        break;
      }
      answered = true;
      List<FundingPoint> points = read.asOptional().orElseThrow();
      points.forEach(p -> given.putIfAbsent(p.at(), p));
      if (storeProblem.isEmpty()) {
        try {
          store(s, marketId, trusted(gap, now), points);
        } catch (StoreException e) {
          storeProblem = Optional.of(e.getMessage());
        }
      }
    }
    List<FundingPoint> stored;
    try {
      stored = s.history(marketId, window.from(), window.to());
    } catch (StoreException e) {
      if (!gaps.equals(List.of(window))) {
        // What the store held is out of reach, and the venue was asked only for the rest.
        return fromVenue(window, venue, storeProblem.or(() -> Optional.of(e.getMessage())));
      }
      stored = List.of();
      storeProblem = storeProblem.or(() -> Optional.of(e.getMessage()));
    }
    return new FundingHistory(
        merge(stored, given.values()),
        answered ? FundingHistory.Source.STORE_AND_VENUE : FundingHistory.Source.STORE,
        problem,
        storeProblem);
  }

  /**
   * The sampled funding of {@code marketId} over the window ending at the snapshot's time, after
   * storing the snapshot's rate as a sample when it is due ({@link #dueForSample}).
   */
  public FundingHistory sampled(String marketId, MarketSnapshot snapshot) {
    Objects.requireNonNull(marketId, "marketId");
    Instant at = snapshot.at();
    if (store.isEmpty()) {
      return new FundingHistory(
          List.of(),
          FundingHistory.Source.NONE,
          Optional.of(
              "no funding samples: they are kept in storage, which is unusable: " + unusable),
          Optional.empty());
    }
    FundingHistoryStore s = store.get();
    try {
      if (snapshot.fundingRateHourly().isPresent()
          && dueForSample(
              s.history(marketId, at.minus(sampleSpacing), at.plus(sampleSpacing)),
              at,
              sampleSpacing)) {
        s.append(marketId, List.of(new FundingPoint(at, snapshot.fundingRateHourly().get())));
      }
      return new FundingHistory(
          s.history(marketId, at.minus(history), at),
          FundingHistory.Source.SAMPLES,
          Optional.empty(),
          Optional.empty());
    } catch (StoreException e) {
      return new FundingHistory(
          List.of(),
          FundingHistory.Source.NONE,
          Optional.of("no funding samples: " + e.getMessage()),
          Optional.of(e.getMessage()));
    }
  }

  /**
   * Whether a sample taken at {@code at} is due: no stored sample lies strictly closer than {@code
   * spacing} to it, on either side (a check may read an older block than the last one stored).
   */
  static boolean dueForSample(Collection<FundingPoint> stored, Instant at, Duration spacing) {
    return stored.stream()
        .noneMatch(p -> Duration.between(p.at(), at).abs().compareTo(spacing) < 0);
  }

  /**
   * The part of an asked range the store may record as complete: up to {@code settlementLag} before
   * now; empty when nothing of it is old enough.
   */
  Optional<TimeRange> trusted(TimeRange asked, Instant now) {
    Instant settled = now.minus(settlementLag);
    Instant to = asked.to().isAfter(settled) ? settled : asked.to();
    return to.isBefore(asked.from())
        ? Optional.empty()
        : Optional.of(new TimeRange(asked.from(), to));
  }

  private static void store(
      FundingHistoryStore s,
      String marketId,
      Optional<TimeRange> fetched,
      List<FundingPoint> points) {
    if (fetched.isPresent()) {
      s.appendFetched(marketId, fetched.get(), points);
    } else {
      s.append(marketId, points);
    }
  }

  private FundingHistory fromVenue(
      TimeRange window, VenueHistory venue, Optional<String> storeProblem) {
    Read<List<FundingPoint>> read = venue.between(window.from(), window.to());
    return new FundingHistory(
        read.asOptional().orElse(List.of()),
        FundingHistory.Source.VENUE,
        read.failureIfAny().map(f -> f.describe()),
        storeProblem);
  }

  /** The store's points with the venue's added where the store has none, oldest first. */
  private static List<FundingPoint> merge(
      List<FundingPoint> stored, Collection<FundingPoint> given) {
    TreeMap<Instant, FundingPoint> all = new TreeMap<>();
    stored.forEach(p -> all.put(p.at(), p));
    given.forEach(p -> all.putIfAbsent(p.at(), p));
    return new ArrayList<>(all.values());
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  private static Duration notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d;
  }
}
