package io.hedgewatch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpPolicyTest {

  private static final HttpPolicy BASE = HttpPolicy.DEFAULT;

  @Test
  void each_with_changes_its_own_settings_and_keeps_the_others() {
    HttpPolicy changed =
        BASE.withRateLimit(4, Duration.ofSeconds(2), Duration.ofMillis(500))
            .withRetry(3, Duration.ofMillis(10), Duration.ofMillis(20))
            .withBreaker(7, Duration.ofMinutes(1))
            .withBackoffs(Duration.ofSeconds(3), Duration.ofMinutes(5), Duration.ofMinutes(50));

    assertThat(changed)
        .isEqualTo(
            new HttpPolicy(
                4,
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                Duration.ofSeconds(3),
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                7,
                Duration.ofMinutes(1),
                Duration.ofSeconds(3),
                Duration.ofMinutes(5),
                Duration.ofMinutes(50)));
  }

  @Test
  void every_setting_is_checked_at_once_naming_the_field_and_the_value() {
    assertThatThrownBy(() -> BASE.withRateLimit(0, Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HTTP policy: requestsPerPeriod must be at least 1, was 0");
    assertThatThrownBy(() -> BASE.withRateLimit(1, Duration.ZERO, Duration.ofMillis(1)))
        .hasMessage("HTTP policy: ratePeriod must be positive, was PT0S");
    assertThatThrownBy(() -> BASE.withRateLimit(1, Duration.ofSeconds(1), Duration.ofSeconds(3)))
        .hasMessage("HTTP policy: permitWait must be shorter than timeout PT3S, was PT3S");
    assertThatThrownBy(() -> BASE.withTimeout(Duration.ZERO))
        .hasMessage("HTTP policy: timeout must be positive, was PT0S");
    assertThatThrownBy(() -> BASE.withRetry(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessage("HTTP policy: attempts must be at least 1, was 0");
    assertThatThrownBy(() -> BASE.withRetry(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("HTTP policy: maxBackoff must be at least initialBackoff PT2S, was PT1S");
    assertThatThrownBy(() -> BASE.withBreaker(0, Duration.ofSeconds(30)))
        .hasMessage("HTTP policy: breakerFailures must be at least 1, was 0");
    assertThatThrownBy(
            () ->
                BASE.withBackoffs(
                    Duration.ofSeconds(-1), Duration.ofMinutes(2), Duration.ofHours(1)))
        .hasMessage("HTTP policy: rateLimitedPause must be positive, was PT-1S");
    assertThatThrownBy(
            () ->
                BASE.withBackoffs(Duration.ofSeconds(1), Duration.ofHours(2), Duration.ofHours(1)))
        .hasMessage("HTTP policy: maxBanBackoff must be at least banBackoff PT2H, was PT1H");
  }

  @Test
  void a_timeout_shorter_than_the_permit_wait_takes_the_wait_down_with_it() {
    HttpPolicy quick = BASE.withTimeout(Duration.ofMillis(200));

    assertThat(quick.timeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(quick.permitWait()).isEqualTo(Duration.ofMillis(100));
    assertThat(BASE.withTimeout(Duration.ofSeconds(10)).permitWait())
        .as("a wait already shorter is kept")
        .isEqualTo(Duration.ofMillis(250));
  }
}
