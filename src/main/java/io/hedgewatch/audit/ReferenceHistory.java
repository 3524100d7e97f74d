package io.hedgewatch.audit;

import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import io.hedgewatch.reference.CandleIntervals;
import io.hedgewatch.reference.CandleProtocols;
import io.hedgewatch.reference.CandleWindowSource;
import io.hedgewatch.reference.HttpCandleSource;
import io.hedgewatch.reference.VenueReply;
import io.hedgewatch.risk.ReferenceComposite;
import io.hedgewatch.risk.RuleSettingsLookup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;

/**
 * The reference an audit compares a feed against: the centralized venues' candles over a period,
 * quote-normalised and combined slot by slot exactly as the live reference is.
 *
 * <p><b>Markets.</b> As {@code ReferenceService} plans a live cycle: each of the feed's venues'
 * preferred market for the pair (ETHUSDT on Binance for ETH/USD), and for every stablecoin those
 * markets are quoted in, the conversion markets (USDT/USD, then USDC/USD or USDC/USDT) of every
 * configured venue that lists one.
 *
 * <p><b>Per slot.</b> Each market's candle close becomes a quote observed at the candle's close and
 * the slot goes through {@link ReferenceComposite#compute}: the same conversion through a composite
 * stablecoin rate (never 1:1), one price per venue, median, and the same one-pass outlier exclusion
 * at {@code reference.divergence}'s {@code warn}. A slot without enough venues left has no point
 * ({@link Result#unpricedSlots()}). {@link ReferencePoint#sources()} counts the feed's venues that
 * had a candle in the slot.
 *
 * <p><b>Fetching.</b> Candles are read by UTC day, each venue paged by its own rules (Binance 1000
 * a request, Coinbase 300), each day only as far as the period asks (its first and last days in
 * part). What was read of a closed day is stored in the {@link CandleCache} with the part it
 * covers, so a second run over the same period makes no request and a wider one asks only for the
 * missing part of a day. The first failure of a market ends its reads for this run (the days
 * already stored stay stored); the report names it. Kraken keeps only its last 720 entries of an
 * interval: slots older than that are never asked for and count as not covered, with the reason.
 *
 * <p><b>Interval</b> (see {@link #intervalFor}): the finest of 1m, 5m, 15m, 1h, 1d that keeps the
 * period within {@link #MAX_SLOTS} slots: 1m up to a week, 5m up to five weeks, 15m up to 105 days,
 * 1h up to 420 days. At most that is about 11 Binance requests, 34 Coinbase requests and one Kraken
 * request a UTC day asked, per market.
 */
public final class ReferenceHistory {

  /** A week of 1m candles. */
  public static final int MAX_SLOTS = 10_080;

  /** The intervals every candle venue serves (Coinbase has no 30m or 4h). */
  public static final List<Duration> INTERVALS =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofHours(1),
          Duration.ofDays(1));

  private static final Duration DAY = Duration.ofDays(1);

  /**
   * Told how far the read is: {@code done} of {@code total} days of venue markets (read, cached or
   * given up). Called from the markets' threads, one at a time.
   */
  @FunctionalInterface
  public interface Progress {
    void advanced(long done, long total);

    Progress NONE = (done, total) -> {};
  }

  /** How one venue market covered the period. */
  public record Coverage(
      ReferenceVenue venue,
      Pair pair,
      Optional<String> symbol,
      boolean conversion,
      int slots,
      int covered,
      int fetchedDays,
      int cachedDays,
      List<String> problems) {
    public Coverage {
      Objects.requireNonNull(venue, "venue");
      Objects.requireNonNull(pair, "pair");
      Objects.requireNonNull(symbol, "symbol");
      problems = List.copyOf(problems);
    }

    public boolean complete() {
      return covered == slots;
    }
  }

  /**
   * The reference over {@code [from, to)}: {@code from} floored and {@code to} raised to the
   * interval's grid, {@code to} then cut at the running interval's open.
   *
   * @param points one per slot that had a composite, oldest first
   * @param coverage one per venue market asked (the feed's venues first, then conversions), and one
   *     per feed venue that could not be asked, saying why
   * @param unpricedSlots slots with a candle from some venue but no composite (too few venues left
   *     after screening), with the first such slot's reason in {@code unpricedExample}
   */
  public record Result(
      Pair pair,
      Duration interval,
      Instant from,
      Instant to,
      int slots,
      List<ReferencePoint> points,
      List<Coverage> coverage,
      int unpricedSlots,
      Optional<String> unpricedExample) {
    public Result {
      points = List.copyOf(points);
      coverage = List.copyOf(coverage);
    }
  }

  private final Map<ReferenceVenue, CandleWindowSource> sources = new LinkedHashMap<>();
  private final CandleCache cache;
  private final Clock clock;
  private final RuleSettingsLookup settings;

  /** {@code sources} one per venue; conversion markets are looked for in this order. */
  public ReferenceHistory(
      List<? extends CandleWindowSource> sources,
      CandleCache cache,
      Clock clock,
      RuleSettingsLookup settings) {
    for (CandleWindowSource s : sources) {
      if (this.sources.put(s.venue(), s) != null) {
        throw new IllegalArgumentException("candles asked of " + s.venue().configName() + " twice");
      }
    }
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * HTTP sources, with each venue's default policy, for those configured venues ({@code baseUrl}
   * override, empty for the public API) that serve candles: Binance, Coinbase, Kraken.
   */
  public static ReferenceHistory overHttp(
      Map<ReferenceVenue, Optional<String>> baseUrls,
      OkHttpClient http,
      Clock clock,
      CandleCache cache,
      RuleSettingsLookup settings) {
    List<HttpCandleSource> list = new ArrayList<>();
    for (ReferenceVenue venue : CandleProtocols.DEFAULT_ORDER) {
      if (baseUrls.containsKey(venue)) {
        list.add(HttpCandleSource.create(venue, baseUrls.get(venue), http, clock));
      }
    }
    return new ReferenceHistory(list, cache, clock, settings);
  }

  /** The finest of {@link #INTERVALS} that keeps {@code [from, to)} within {@link #MAX_SLOTS}. */
  public static Duration intervalFor(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("the period ends at " + to + ", not after " + from);
    }
    Duration period = Duration.between(from, to);
    for (Duration interval : INTERVALS) {
      if (period.toMillis() <= interval.toMillis() * MAX_SLOTS) {
        return interval;
      }
    }
    return INTERVALS.get(INTERVALS.size() - 1);
  }

  /** {@link #read(Pair, List, int, Instant, Instant, Duration)} at {@link #intervalFor}. */
  public Result read(
      Pair pair, List<ReferenceVenue> venues, int minSources, Instant from, Instant to) {
    return read(pair, venues, minSources, from, to, intervalFor(from, to), Progress.NONE);
  }

  /**
   * {@link #read(Pair, List, int, Instant, Instant, Duration, Progress)} at {@link #intervalFor}.
   */
  public Result read(
      Pair pair,
      List<ReferenceVenue> venues,
      int minSources,
      Instant from,
      Instant to,
      Progress progress) {
    return read(pair, venues, minSources, from, to, intervalFor(from, to), progress);
  }

  /** {@link #read(Pair, List, int, Instant, Instant, Duration, Progress)} without progress. */
  public Result read(
      Pair pair,
      List<ReferenceVenue> venues,
      int minSources,
      Instant from,
      Instant to,
      Duration interval) {
    return read(pair, venues, minSources, from, to, interval, Progress.NONE);
  }

  /**
   * The reference of {@code pair} from {@code venues} (a feed's {@code reference.sources}).
   *
   * @throws IllegalArgumentException for an interval not every venue serves, {@code to} not after
   *     {@code from}, or {@code minSources} below 1
   */
  public Result read(
      Pair pair,
      List<ReferenceVenue> venues,
      int minSources,
      Instant from,
      Instant to,
      Duration interval,
      Progress progress) {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(progress, "progress");
    CandleIntervals.require(interval);
    if (!INTERVALS.contains(interval)) {
      throw new IllegalArgumentException(
          "audit candles are 1m, 5m, 15m, 1h or 1d (every venue serves those), not "
              + CandleIntervals.label(interval));
    }
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("the period ends at " + to + ", not after " + from);
    }
    if (minSources < 1) {
      throw new IllegalArgumentException("minSources must be at least 1, was " + minSources);
    }
    long step = interval.toMillis();
    Instant start = Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), step) * step);
    Instant end = Instant.ofEpochMilli(-Math.floorDiv(-to.toEpochMilli(), step) * step);
    Instant running = Instant.ofEpochMilli(Math.floorDiv(clock.millis(), step) * step);
    if (end.isAfter(running)) {
      end = running.isAfter(start) ? running : start;
    }
    int slots = (int) ((end.toEpochMilli() - start.toEpochMilli()) / step);

    List<Coverage> coverage = new ArrayList<>();
    List<Market> markets = plan(pair, venues, slots, coverage);
    long days =
        start.isBefore(end)
            ? ChronoUnit.DAYS.between(
                    LocalDate.ofInstant(start, ZoneOffset.UTC),
                    LocalDate.ofInstant(end.minusMillis(1), ZoneOffset.UTC))
                + 1
            : 0;
    DayCount count = new DayCount(progress, days * markets.size());
    Map<Market, TreeMap<Instant, Candle>> candles =
        fetchAll(markets, interval, start, end, slots, coverage, count);

    List<ReferencePoint> points = new ArrayList<>();
    int unpriced = 0;
    Optional<String> example = Optional.empty();
    for (Instant open = start; open.isBefore(end); open = open.plus(interval)) {
      Instant close = open.plus(interval);
      List<QuoteOutcome> outcomes = new ArrayList<>();
      Set<ReferenceVenue> withCandle = new LinkedHashSet<>();
      for (Map.Entry<Market, TreeMap<Instant, Candle>> e : candles.entrySet()) {
        Candle c = e.getValue().get(open);
        if (c == null) {
          continue;
        }
        Market m = e.getKey();
        outcomes.add(
            new QuoteOutcome.Quoted(new VenueQuote(m.venue(), m.market(), c.close(), close, true)));
        if (!m.conversion()) {
          withCandle.add(m.venue());
        }
      }
      if (withCandle.isEmpty()) {
        continue;
      }
      ReferencePrice price =
          ReferenceComposite.compute(pair, outcomes, minSources, close, settings);
      if (price.price().isPresent()) {
        points.add(new ReferencePoint(open, close, price.price().get(), withCandle.size()));
      } else {
        unpriced++;
        if (example.isEmpty()) {
          example = Optional.of(open + ": " + price.unavailableReason().orElse("no price"));
        }
      }
    }
    return new Result(pair, interval, start, end, slots, points, coverage, unpriced, example);
  }

  /** A venue market to read, and whether it converts a stablecoin rather than pricing the pair. */
  private record Market(
      CandleWindowSource source, Pair asked, VenueMarket market, boolean conversion) {
    ReferenceVenue venue() {
      return source.venue();
    }
  }

  /** As {@code ReferenceService} plans a cycle, over the venues that serve candles. */
  private List<Market> plan(
      Pair pair, List<ReferenceVenue> venues, int slots, List<Coverage> coverage) {
    List<Market> markets = new ArrayList<>();
    Deque<Pair> conversions = new ArrayDeque<>();
    Set<Pair> seen = new LinkedHashSet<>();
    for (ReferenceVenue venue : new LinkedHashSet<>(venues)) {
      CandleWindowSource source = sources.get(venue);
      Optional<VenueMarket> market = source == null ? Optional.empty() : source.market(pair);
      if (market.isEmpty()) {
        String why =
            source == null
                ? venue.configName() + " is not configured under references or serves no candles"
                : venue.configName() + " lists no market for " + pair;
        coverage.add(
            new Coverage(venue, pair, Optional.empty(), false, slots, 0, 0, 0, List.of(why)));
        continue;
      }
      markets.add(new Market(source, pair, market.get(), false));
      queueConversion(market.get().pair(), pair, conversions, seen);
    }
    while (!conversions.isEmpty()) {
      Pair conversion = conversions.poll();
      for (CandleWindowSource source : sources.values()) {
        Optional<VenueMarket> market = source.market(conversion);
        if (market.isPresent()) {
          markets.add(new Market(source, conversion, market.get(), true));
          queueConversion(market.get().pair(), conversion, conversions, seen);
        }
      }
    }
    return markets;
  }

  private static void queueConversion(
      Pair quoted, Pair wanted, Deque<Pair> conversions, Set<Pair> seen) {
    if (!quoted.quote().equals(wanted.quote())) {
      Pair conversion = new Pair(quoted.quote(), wanted.quote());
      if (seen.add(conversion)) {
        conversions.add(conversion);
      }
    }
  }

  /**
   * Every market's candles, one thread per market: each venue paces its own requests (its rate
   * limiter), so reading them one after another would add up the waits of all. Coverage is added in
   * the markets' order, as if read in turn.
   */
  private Map<Market, TreeMap<Instant, Candle>> fetchAll(
      List<Market> markets,
      Duration interval,
      Instant start,
      Instant end,
      int slots,
      List<Coverage> coverage,
      DayCount count) {
    Map<Market, TreeMap<Instant, Candle>> candles = new LinkedHashMap<>();
    if (markets.isEmpty()) {
      return candles;
    }
    ExecutorService pool = Executors.newFixedThreadPool(markets.size());
    try {
      List<Future<Fetched>> futures = new ArrayList<>();
      for (Market m : markets) {
        futures.add(
            pool.submit(
                () -> {
                  List<Coverage> own = new ArrayList<>(1);
                  return new Fetched(fetch(m, interval, start, end, slots, own, count), own);
                }));
      }
      for (int i = 0; i < markets.size(); i++) {
        Fetched f = join(futures.get(i));
        candles.put(markets.get(i), f.candles());
        coverage.addAll(f.coverage());
      }
      return candles;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The days of all markets done so far, told to the progress one at a time. */
  private static final class DayCount {
    private final Progress progress;
    private final long total;
    private long done;

    DayCount(Progress progress, long total) {
      this.progress = progress;
      this.total = total;
    }

    synchronized void add() {
      done++;
      progress.advanced(done, total);
    }
  }

  private record Fetched(TreeMap<Instant, Candle> candles, List<Coverage> coverage) {}

  private static Fetched join(Future<Fetched> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading candles", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** One market's candles in {@code [start, end)}, by UTC day, through the cache. */
  private TreeMap<Instant, Candle> fetch(
      Market m,
      Duration interval,
      Instant start,
      Instant end,
      int slots,
      List<Coverage> coverage,
      DayCount count) {
    TreeMap<Instant, Candle> kept = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    String label = CandleIntervals.label(interval);
    Instant running =
        Instant.ofEpochMilli(
            Math.floorDiv(clock.millis(), interval.toMillis()) * interval.toMillis());
    Optional<Instant> earliest =
        m.source().supports(interval) ? m.source().earliestServed(interval) : Optional.empty();
    int fetched = 0;
    int cached = 0;
    if (!m.source().supports(interval)) {
      problems.add(m.venue().configName() + " has no " + label + " candles");
    } else if (start.isBefore(end)) {
      LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
      LocalDate last = LocalDate.ofInstant(end.minusMillis(1), ZoneOffset.UTC);
      Optional<String> failure = Optional.empty();
      int skipped = 0;
      for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1), count.add()) {
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = dayStart.plus(DAY);
        boolean closed = !dayEnd.isAfter(running);
        // only the part of the day the period asks for (its first and last days in part): fewer
        // pages; a closed day's part is stored with its range, so a run over the same period
        // finds it whole in the cache and a wider one fetches only what is missing
        Instant askFrom = latest(dayStart, start);
        Instant askTo = earliest(dayEnd, end);
        Instant servedFrom = latest(askFrom, earliest.orElse(askFrom));
        if (!servedFrom.isBefore(askTo)) {
          continue; // nothing of the day is within the venue's lookback: not asked
        }
        Optional<CandleCache.Day> hit =
            closed ? cache.read(m.venue(), m.market(), interval, day) : Optional.empty();
        List<Candle> got;
        if (hit.isPresent() && hit.get().covers(servedFrom, askTo)) {
          cached++;
          got = hit.get().candles();
        } else if (failure.isPresent()) {
          skipped++;
          continue;
        } else {
          CandleCache.Window ask =
              hit.map(h -> h.missing(servedFrom, askTo))
                  .orElse(new CandleCache.Window(servedFrom, askTo));
          VenueReply<CandleSeries> reply =
              m.source().window(m.asked(), interval, ask.from(), ask.to());
          if (reply instanceof VenueReply.Failed<CandleSeries> f) {
            failure = Optional.of(day + ": " + f.failure().describe());
            continue;
          }
          fetched++;
          CandleCache.Day read =
              new CandleCache.Day(ask.from(), ask.to(), reply.asOptional().orElseThrow().candles());
          if (hit.isPresent()) {
            read = hit.get().mergedWith(read);
          }
          got = read.candles();
          if (closed) {
            cache.write(m.venue(), m.market(), interval, day, read);
          }
        }
        for (Candle c : got) {
          if (!c.openTime().isBefore(start) && c.openTime().isBefore(end)) {
            kept.put(c.openTime(), c);
          }
        }
      }
      failure.ifPresent(problems::add);
      if (skipped > 0) {
        problems.add(skipped + " later day(s) not asked after that failure");
      }
      if (earliest.isPresent() && earliest.get().isAfter(start)) {
        Instant cut = earliest(earliest.get(), end);
        long lost = (cut.toEpochMilli() - start.toEpochMilli()) / interval.toMillis();
        problems.add(
            m.venue().configName()
                + " keeps only its last "
                + Duration.between(earliest.get(), running).toMillis() / interval.toMillis()
                + " closed "
                + label
                + " candles: nothing before "
                + earliest.get()
                + " ("
                + lost
                + " slots)");
      }
    }
    int missing = slots - kept.size();
    if (missing > 0 && problems.isEmpty()) {
      problems.add(missing + " slots without a candle at the venue (no trades, or not listed yet)");
    }
    coverage.add(
        new Coverage(
            m.venue(),
            m.asked(),
            Optional.of(m.market().nativeSymbol()),
            m.conversion(),
            slots,
            kept.size(),
            fetched,
            cached,
            problems));
    return kept;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
