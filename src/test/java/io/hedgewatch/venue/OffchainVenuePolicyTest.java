package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.support.HttpPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OffchainVenuePolicyTest {

  private static final HttpPolicy HL = OffchainVenuePolicy.DEFAULT_HYPERLIQUID;

  @Test
  void the_venue_defaults_stay_well_inside_the_venues_published_limits() {
    // Hyperliquid: 1200 weight a minute; 10 requests of weight 20 per 20 s is 600 a minute
    assertThat(HL.requestsPerPeriod() * 20 * (60 / HL.ratePeriod().toSeconds())).isEqualTo(600);
    // dYdX indexer: 100 requests per 10 s; 25 per 5 s is 50 per 10 s
    HttpPolicy dydx = OffchainVenuePolicy.DEFAULT_DYDX;
    assertThat(dydx.requestsPerPeriod() * (10 / dydx.ratePeriod().toSeconds())).isEqualTo(50);
    assertThat(HL.permitWait()).isLessThan(HL.timeout());
    assertThat(HL.timeout()).isEqualTo(OffchainVenuePolicy.DEFAULT_TIMEOUT);
  }

  @Test
  void a_call_has_five_seconds_and_three_tries() {
    for (HttpPolicy policy :
        new HttpPolicy[] {
          OffchainVenuePolicy.DEFAULT_HYPERLIQUID, OffchainVenuePolicy.DEFAULT_DYDX
        }) {
      assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(policy.permitWait()).isEqualTo(Duration.ofMillis(500));
      assertThat(policy.attempts()).isEqualTo(3);
      assertThat(policy.initialBackoff()).isEqualTo(Duration.ofMillis(250));
      assertThat(policy.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
      assertThat(policy.breakerFailures()).isEqualTo(5);
      assertThat(policy.rateLimitedPause()).isEqualTo(Duration.ofSeconds(10));
    }
  }
}
