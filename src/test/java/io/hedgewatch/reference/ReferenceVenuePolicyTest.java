package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.support.HttpPolicy;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReferenceVenuePolicyTest {

  private static double perSecond(HttpPolicy policy) {
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
}
