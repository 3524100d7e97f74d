package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OffchainVenuePolicyTest {

  private static final OffchainVenuePolicy HL = OffchainVenuePolicy.DEFAULT_HYPERLIQUID;

  @Test
  void the_venue_defaults_stay_well_inside_the_venues_published_limits() {
    // Hyperliquid: 1200 weight a minute; 10 requests of weight 20 per 20 s is 600 a minute
    assertThat(HL.requestsPerPeriod() * 20 * (60 / HL.ratePeriod().toSeconds())).isEqualTo(600);
    // dYdX indexer: 100 requests per 10 s; 25 per 5 s is 50 per 10 s
    OffchainVenuePolicy dydx = OffchainVenuePolicy.DEFAULT_DYDX;
    assertThat(dydx.requestsPerPeriod() * (10 / dydx.ratePeriod().toSeconds())).isEqualTo(50);
    assertThat(HL.permitWait()).isLessThan(HL.timeout());
    assertThat(HL.timeout()).isEqualTo(OffchainVenuePolicy.DEFAULT_TIMEOUT);
  }

  @Test
  void every_setting_is_checked_at_once_naming_the_field_and_the_value() {
    assertThatThrownBy(() -> HL.withRateLimit(0, Duration.ofSeconds(1), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("off-chain venue policy: requestsPerPeriod must be at least 1, was 0");
    assertThatThrownBy(() -> HL.withRateLimit(1, Duration.ZERO, Duration.ofMillis(1)))
        .hasMessage("off-chain venue policy: ratePeriod must be positive, was PT0S");
    assertThatThrownBy(() -> HL.withRateLimit(1, Duration.ofSeconds(1), Duration.ofSeconds(5)))
        .hasMessage(
            "off-chain venue policy: permitWait must be shorter than timeout (5000 ms), was PT5S");
    assertThatThrownBy(() -> HL.withRetry(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessage("off-chain venue policy: attempts must be at least 1, was 0");
    assertThatThrownBy(() -> HL.withRetry(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage(
            "off-chain venue policy: maxBackoff must not be shorter than initialBackoff (2000 ms),"
                + " was PT1S");
    assertThatThrownBy(() -> HL.withBreaker(0, Duration.ofSeconds(1)))
        .hasMessage("off-chain venue policy: breakerFailures must be at least 1, was 0");
    assertThatThrownBy(() -> HL.withRateLimitedPause(Duration.ofSeconds(-1)))
        .hasMessage("off-chain venue policy: rateLimitedPause must be positive, was PT-1S");
    assertThatThrownBy(() -> HL.withTimeout(Duration.ZERO))
        .hasMessage("off-chain venue policy: timeout must be positive, was PT0S");
  }

  @Test
  void a_timeout_shorter_than_the_permit_wait_takes_the_wait_down_with_it() {
    OffchainVenuePolicy quick = HL.withTimeout(Duration.ofMillis(200));

    assertThat(quick.timeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(quick.permitWait()).isEqualTo(Duration.ofMillis(100));
  }
}
