package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.ReferenceVenue;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReferenceVenuePolicyTest {

  private static double perSecond(ReferenceVenuePolicy policy) {
    return policy.requestsPerPeriod() / (policy.ratePeriod().toNanos() / 1e9);
  }

  @Test
  void every_venue_has_a_default_and_each_stays_below_the_venues_published_limit() {
    // Published public limits per IP, as requests per second (docs/cex-apis.md):
    // Binance 6000 weight/min at weight 2 per ticker; Coinbase ~10/s; Kraken ~1/s;
    // OKX ticker 20 per 2 s; Bybit 600 per 5 s.
    assertThat(perSecond(ReferenceVenuePolicy.DEFAULT_BINANCE)).isLessThan(6000.0 / 2 / 60);
    assertThat(perSecond(ReferenceVenuePolicy.DEFAULT_COINBASE)).isLessThan(10.0);
    assertThat(perSecond(ReferenceVenuePolicy.DEFAULT_KRAKEN)).isLessThanOrEqualTo(1.0);
    assertThat(perSecond(ReferenceVenuePolicy.DEFAULT_OKX)).isLessThan(20.0 / 2);
    assertThat(perSecond(ReferenceVenuePolicy.DEFAULT_BYBIT)).isLessThan(600.0 / 5);
    assertThat(Arrays.stream(ReferenceVenue.values()).map(ReferenceVenuePolicy::defaultFor))
        .allSatisfy(
            policy -> {
              assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(policy.attempts()).isEqualTo(2);
              assertThat(policy.breakerOpenFor()).isEqualTo(Duration.ofSeconds(30));
              assertThat(policy.permitWait()).isLessThan(policy.timeout());
            });
  }

  @Test
  void names_follow_venue_and_endpoint() {
    assertThat(ReferenceVenuePolicy.instanceName(ReferenceVenue.OKX))
        .isEqualTo("reference.okx.ticker");
    assertThat(ReferenceVenuePolicy.timeoutName(ReferenceVenue.BINANCE))
        .isEqualTo("reference.binance.ticker.timeout");
  }

  @Test
  void rejects_bad_values_naming_the_field_and_the_value() {
    ReferenceVenuePolicy base = ReferenceVenuePolicy.DEFAULT_BINANCE;
    assertThatThrownBy(() -> base.withRateLimit(0, Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestsPerPeriod must be at least 1, was 0");
    assertThatThrownBy(() -> base.withTimeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> base.withRateLimit(1, Duration.ofSeconds(1), Duration.ofSeconds(3)))
        .hasMessageContaining("permitWait must be shorter than timeout PT3S, was PT3S");
    assertThatThrownBy(() -> base.withRetry(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff must be at least initialBackoff PT2S, was PT1S");
    assertThatThrownBy(() -> base.withBreaker(0, Duration.ofSeconds(30)))
        .hasMessageContaining("breakerFailures must be at least 1, was 0");
    assertThatThrownBy(
            () ->
                base.withBackoffs(Duration.ofSeconds(1), Duration.ofHours(2), Duration.ofHours(1)))
        .hasMessageContaining("maxBanBackoff must be at least banBackoff PT2H, was PT1H");
  }
}
