package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceListingValidationTest {

  private static String config(String reference) {
    return "chains:\n"
        + "  arb:\n"
        + "    chainId: 42161\n"
        + "    rpcUrls: [\"http://127.0.0.1:8545\"]\n"
        + "references:\n"
        + "  binance: {}\n"
        + "  coinbase: {}\n"
        + "  kraken: {}\n"
        + "feeds:\n"
        + "  feed:\n"
        + "    chain: arb\n"
        + "    type: chainlink\n"
        + "    address: \"0x639fe6ab55c921f74e7fac1ee960c0b6293ba612\"\n"
        + "    heartbeat: 1h\n"
        + "    reference: "
        + reference
        + "\n";
  }

  private static LoadResult load(String reference) {
    return ConfigLoader.parse(config(reference), Path.of("test.yaml"), Map.of());
  }

  @Test
  void a_pair_listed_by_enough_venues_is_valid() {
    assertThat(load("{ symbol: ETH/USD }")).isInstanceOf(LoadResult.Loaded.class);
  }

  @Test
  void a_pair_no_venue_lists_names_the_venues_that_cannot_price_it() {
    LoadResult result = load("{ symbol: PEPE/USD }");
    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    assertThat(((LoadResult.Invalid) result).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "feeds.feed.reference.symbol: PEPE/USD is priced by none of the feed's reference venues, fewer than"
                + " minSources 2 (not listed on binance, coinbase, kraken)");
  }

  @Test
  void too_few_listing_venues_for_min_sources_is_a_problem() {
    // Coinbase lists no BNB market: BNB/USD has only Binance here.
    LoadResult result = load("{ symbol: BNB/USD, sources: [binance, coinbase] }");
    assertThat(((LoadResult.Invalid) result).problems().get(0).toString())
        .contains("BNB/USD is priced by only 1 of the feed's reference venues")
        .contains("not listed on coinbase");
    assertThat(load("{ symbol: BNB/USD, sources: [binance, coinbase], minSources: 1 }"))
        .isInstanceOf(LoadResult.Loaded.class);
  }
}
