package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  private static final List<String> FEED_KEYS =
      List.of(
          "chain",
          "type",
          "address",
          "priceId",
          "heartbeat",
          "deviationThreshold",
          "marketHours",
          "expectAggregator",
          "reference");

  @Test
  void suggests_the_nearest_key_for_a_typo() {
    assertThat(Suggestions.nearest("heartbeet", FEED_KEYS)).contains("heartbeat");
    assertThat(Suggestions.nearest("adress", FEED_KEYS)).contains("address");
    assertThat(Suggestions.nearest("deviationTreshold", FEED_KEYS)).contains("deviationThreshold");
  }

  @Test
  void ignores_case() {
    assertThat(Suggestions.nearest("PriceID", FEED_KEYS)).contains("priceId");
  }

  @Test
  void counts_a_swap_of_two_letters_as_one_edit() {
    assertThat(Suggestions.distance("chian", "chain")).isEqualTo(1);
    assertThat(Suggestions.nearest("tpye", FEED_KEYS)).contains("type");
  }

  @Test
  void suggests_a_key_that_the_input_extends_or_shortens() {
    assertThat(Suggestions.nearest("warning", List.of("enabled", "sustain", "warn", "critical")))
        .contains("warn");
    assertThat(Suggestions.nearest("dev", FEED_KEYS)).contains("deviationThreshold");
    assertThat(Suggestions.nearest("re", FEED_KEYS)).isEmpty();
  }

  @Test
  void suggests_nothing_when_no_key_is_close() {
    assertThat(Suggestions.nearest("colour", FEED_KEYS)).isEmpty();
    assertThat(Suggestions.nearest("x", List.of())).isEmpty();
  }
}
