package io.hedgewatch.reference;

import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.support.ThrottledLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candles of an asset from the first centralized venue that has them all, the next venue asked only
 * when the one before fails or leaves slots empty.
 *
 * <p>A complete series is taken at once. When no venue gives one, the series with the most candles
 * is taken (its {@link CandleSeries#missing()} tells the volatility estimate how many slots are
 * empty); when none gives any, the failure names every venue's reason. Venues passed over are
 * logged, at most every 30 s each.
 */
public final class ReferenceCandles {

  private static final Logger LOG = LoggerFactory.getLogger(ReferenceCandles.class);

  private final List<CandleSource> sources;
  private final ThrottledLog log = new ThrottledLog(LOG, Duration.ofSeconds(30));

  /** {@code sources} in the order they are asked; one per venue. */
  public ReferenceCandles(List<CandleSource> sources) {
    this.sources = List.copyOf(sources);
    if (this.sources.isEmpty()) {
      throw new IllegalArgumentException("candles need at least one venue");
    }
    Set<ReferenceVenue> seen = new HashSet<>();
    for (CandleSource s : this.sources) {
      if (!seen.add(s.venue())) {
        throw new IllegalArgumentException("candles asked of " + s.venue().configName() + " twice");
      }
    }
  }

  /**
   * Sources for those of {@link CandleProtocols#DEFAULT_ORDER} that {@code references} configures
   * (a venue's optional {@code baseUrl}), in that order; empty when none is configured.
   */
  public static Optional<ReferenceCandles> of(
      Map<ReferenceVenue, Optional<String>> references, OkHttpClient http, Clock clock) {
    List<CandleSource> sources = new ArrayList<>();
    for (ReferenceVenue venue : CandleProtocols.DEFAULT_ORDER) {
      if (references.containsKey(venue)) {
        sources.add(HttpCandleSource.create(venue, references.get(venue), http, clock));
      }
    }
    return sources.isEmpty() ? Optional.empty() : Optional.of(new ReferenceCandles(sources));
  }

  public List<ReferenceVenue> venues() {
    return sources.stream().map(CandleSource::venue).toList();
  }

  /** The last {@code count} closed candles of {@code pair}; see {@link CandleSource#candles}. */
  public VenueReply<CandleSeries> candles(Pair pair, Duration interval, int count) {
    Objects.requireNonNull(pair, "pair");
    List<String> passedOver = new ArrayList<>();
    CandleSeries best = null;
    for (CandleSource source : sources) {
      VenueReply<CandleSeries> reply = source.candles(pair, interval, count);
      String venue = source.venue().configName();
      if (reply instanceof VenueReply.Ok<CandleSeries> ok) {
        CandleSeries series = ok.value();
        if (series.complete()) {
          logPassedOver(pair, passedOver);
          return reply;
        }
        passedOver.add(venue + ": " + series.missing() + " of " + series.slots() + " slots empty");
        if (best == null || series.candles().size() > best.candles().size()) {
          best = series;
        }
      } else {
        passedOver.add(venue + ": " + reply.failureIfAny().orElseThrow().describe());
      }
    }
    logPassedOver(pair, passedOver);
    if (best != null) {
      return VenueReply.ok(best);
    }
    return VenueReply.failed(
        new QuoteFailure.Unavailable(
            "no venue gave "
                + count
                + " "
                + CandleIntervals.label(interval)
                + " candles of "
                + pair
                + ": "
                + String.join("; ", passedOver)));
  }

  private void logPassedOver(Pair pair, List<String> passedOver) {
    for (String reason : passedOver) {
      log.warn(
          reason.substring(0, reason.indexOf(':')), "candles of {}: passed over {}", pair, reason);
    }
  }
}
