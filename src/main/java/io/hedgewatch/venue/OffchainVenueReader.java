package io.hedgewatch.venue;

import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.support.ResilientHttp.Answer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * What the readers of the off-chain perp venues share: the venue id, the venue's {@link
 * OffchainVenueHttp} and its counters, and the bounds of a funding-history read.
 */
abstract class OffchainVenueReader implements VenueReader {

  final String venueId;
  final OffchainVenueHttp http;
  final int maxHistoryPages;

  /**
   * @param limiter the last part of the venue-wide rate limiter's name, {@code
   *     venue.<venueId>.<limiter>}
   * @param maxHistoryPages pages one funding-history read may take before it gives up
   */
  OffchainVenueReader(
      String venueId,
      String limiter,
      OkHttpClient httpClient,
      Clock clock,
      HttpPolicy policy,
      int maxHistoryPages) {
    this.venueId = Objects.requireNonNull(venueId, "venueId");
    if (maxHistoryPages < 1) {
      throw new IllegalArgumentException(
          "venue " + venueId + ": maxHistoryPages must be at least 1, was " + maxHistoryPages);
    }
    this.maxHistoryPages = maxHistoryPages;
    this.http =
        new OffchainVenueHttp(
            venueId,
            "venue." + venueId + "." + limiter,
            httpClient,
            Objects.requireNonNull(clock, "clock"),
            policy);
  }

  @Override
  public final String venueId() {
    return venueId;
  }

  /** Requests sent to the venue so far, retries included. */
  public final long requestsSent() {
    return http.requestsSent();
  }

  /**
   * Failed calls so far by retry/circuit name ({@code venue.<id>.<endpoint>}), every one counted.
   */
  public final Map<String, Long> failureCounts() {
    return http.failureCounts();
  }

  /** One failure for each of {@code marketKeys}, when nothing the venue said can serve any. */
  static <T> List<Read<T>> allFailed(List<String> marketKeys, ReadFailure failure) {
    return new ArrayList<>(Collections.nCopies(marketKeys.size(), Read.<T>failed(failure)));
  }

  /**
   * A venue's reply read by {@code parse}: the reply's own failure, else what {@code parse} makes
   * of it, else the failure {@code parse} rejects it with.
   */
  static <T> Read<T> parsed(Read<Answer> reply, Function<Answer, T> parse) {
    if (reply instanceof Read.Failed<Answer> failed) {
      return Read.failed(failed.failure());
    }
    try {
      return Read.ok(parse.apply(reply.asOptional().orElseThrow()));
    } catch (OffchainJson.Rejected e) {
      return Read.failed(e.failure());
    }
  }

  /** Programming error unless the arguments of a funding-history read are there and in order. */
  static void requireRange(String marketKey, Instant from, Instant to) {
    Objects.requireNonNull(marketKey, "marketKey");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("funding history from " + from + " is after to " + to);
    }
  }

  /** A funding history that needs more than {@link #maxHistoryPages} pages of {@code pages}. */
  ReadFailure tooManyPages(String marketKey, Instant from, Instant to, String pages) {
    return new ReadFailure.Unavailable(
        venueId
            + " "
            + marketKey
            + ": funding history from "
            + from
            + " to "
            + to
            + " needs more than "
            + maxHistoryPages
            + " pages of "
            + pages);
  }
}
