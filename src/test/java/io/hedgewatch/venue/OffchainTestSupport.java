package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.support.HttpPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import okhttp3.OkHttpClient;

/** Fixtures, a movable clock and fast policies for the off-chain perp venue tests. */
final class OffchainTestSupport {

  /**
   * Roomy rate limit, two tries with millisecond backoff, circuit after 3 failed calls, 2 s per
   * call.
   */
  static final HttpPolicy FAST =
      OffchainVenuePolicy.DEFAULT_HYPERLIQUID
          .withRateLimit(1000, Duration.ofSeconds(1), Duration.ofMillis(100))
          .withTimeout(Duration.ofSeconds(2))
          .withRetry(2, Duration.ofMillis(1), Duration.ofMillis(5))
          .withBreaker(3, Duration.ofSeconds(30));

  private OffchainTestSupport() {}

  /** A recorded reply from {@code src/test/resources/fixtures/venues/}, byte for byte. */
  static String fixture(String name) {
    String path = "/fixtures/venues/" + name;
    try (InputStream in = OffchainTestSupport.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String body) {
    try {
      return OffchainJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The indexer body inside one of Nautilus's dYdX captures: the {@code requestId / status /
   * isoTimestamp / result} envelope is the capture tool's, the indexer answered {@code result}.
   */
  static String unwrapCapture(String capture) {
    JsonNode envelope = json(capture);
    assertThat(envelope.path("status").asText()).isEqualTo("success");
    return envelope.get("result").toString();
  }

  /** OkHttp without its silent retries: every request a reader makes is one a server counts. */
  static OkHttpClient http() {
    return new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  }

  static void close(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  static MarketSnapshot ok(Read<MarketSnapshot> read) {
    assertThat(read).isInstanceOf(Read.Ok.class);
    return read.asOptional().orElseThrow();
  }

  static ReadFailure failure(Read<?> read) {
    assertThat(read).isInstanceOf(Read.Failed.class);
    return read.failureIfAny().orElseThrow();
  }

  /** A clock that stands still until a test moves it. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock has one zone");
    }
  }
}
