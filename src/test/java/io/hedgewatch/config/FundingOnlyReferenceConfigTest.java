package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.cli.ConfigCommand;
import io.hedgewatch.domain.CexFundingVenue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code references.deribit}: a venue that gives funding and mark references only, configured like
 * the spot venues but never a spot price source.
 */
class FundingOnlyReferenceConfigTest {

  private static final String CHAIN_AND_FEED =
      """
      chains:
        arbitrum: { chainId: 42161, rpcUrls: ["https://arb1.arbitrum.io/rpc"] }
      venues:
        hl: { type: hyperliquid }
      feeds:
        eth-usd:
          chain: arbitrum
          type: chainlink
          address: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612"
          heartbeat: 24h
      """;

  private static LoadResult parse(String yaml) {
    return ConfigLoader.parse(yaml, Path.of("test.yaml"), Map.of());
  }

  private static HedgewatchConfig loaded(String yaml) {
    LoadResult result = parse(yaml);
    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  private static List<String> problems(String yaml) {
    LoadResult result = parse(yaml);
    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    return ((LoadResult.Invalid) result).problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void deribit_takes_a_base_url_and_is_left_out_of_the_spot_references() {
    HedgewatchConfig config =
        loaded(
            """
            references:
              binance: {}
              deribit: { baseUrl: "http://127.0.0.1:8123/deribit" }
              kraken: { futuresBaseUrl: "http://127.0.0.1:8123/kraken-futures" }
            """);
    assertThat(config.references()).containsOnlyKeys("binance", "deribit", "kraken");
    assertThat(config.references().get("deribit").baseUrl())
        .contains("http://127.0.0.1:8123/deribit");
    assertThat(config.references().get("deribit").futuresBaseUrl()).isEmpty();
    assertThat(config.spotReferences()).containsOnlyKeys("binance", "kraken");
    assertThat(loaded("references: { deribit: {} }\n").references().get("deribit").baseUrl())
        .isEmpty();
  }

  @Test
  void deribit_has_no_futures_base_url_and_no_other_key() {
    assertThat(
            problems(
                """
                references:
                  deribit: { baseUrl: "https://www.deribit.com", futuresBaseUrl: "https://x.test" }
                """))
        .containsExactly(
            "references.deribit.futuresBaseUrl: deribit has no separate futures API: its perps"
                + " are read at baseUrl");
    assertThat(problems("references: { deribit: { apiKey: k } }\n"))
        .containsExactly("references.deribit.apiKey: unknown key 'apiKey'; allowed keys: baseUrl");
    assertThat(problems("references: { derbit: {} }\n"))
        .containsExactly(
            "references.derbit: unknown reference venue 'derbit'; did you mean 'deribit'?");
  }

  @Test
  void a_feed_naming_deribit_as_a_spot_source_is_rejected_with_the_reason() {
    assertThat(
            problems(
                "references: { binance: {}, coinbase: {}, deribit: {} }\n"
                    + CHAIN_AND_FEED
                    + "    reference: { symbol: ETH/USD, sources: [binance, deribit], minSources: 1 }\n"))
        .containsExactly(
            "feeds.eth-usd.reference.sources[1]: 'deribit' gives funding and mark references only"
                + " (markets.*.fundingReferences), no spot prices; list spot venues here: binance,"
                + " coinbase, kraken, okx, bybit");
  }

  @Test
  void a_market_naming_deribit_as_a_spot_source_is_rejected_even_when_it_is_not_configured() {
    List<String> problems =
        problems(
            "references: { binance: {}, coinbase: {} }\n"
                + CHAIN_AND_FEED
                + "markets:\n"
                + "  m:\n"
                + "    venue: hl\n"
                + "    market: ETH\n"
                + "    reference: { symbol: ETH/USD, sources: deribit, minSources: 1 }\n");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith(
            "markets.m.reference.sources: 'deribit' gives funding and mark references only");
  }

  @Test
  void default_sources_are_the_spot_venues_and_deribit_does_not_count_towards_min_sources() {
    assertThat(
            problems(
                "references: { binance: {}, deribit: {} }\n"
                    + CHAIN_AND_FEED
                    + "    reference: { symbol: ETH/USD }\n"))
        .containsExactly(
            "feeds.eth-usd.reference: minSources defaults to 2 but only 1 reference venue is"
                + " configured with spot prices (deribit gives funding only); configure more"
                + " venues under references or set minSources");

    HedgewatchConfig config =
        loaded(
            "references: { binance: {}, coinbase: {}, deribit: {} }\n"
                + CHAIN_AND_FEED
                + "    reference: { symbol: ETH/USD }\n"
                + "markets:\n"
                + "  m: { venue: hl, market: ETH, reference: { symbol: ETH/USD },"
                + " fundingReferences: [deribit, okx] }\n");
    assertThat(config.feeds().get("eth-usd").reference().orElseThrow().sources()).isEmpty();
    assertThat(config.spotReferences()).containsOnlyKeys("binance", "coinbase");
    assertThat(config.markets().get("m").fundingReferences())
        .containsExactly(CexFundingVenue.DERIBIT, CexFundingVenue.OKX);
    assertThat(config.markets().get("m").reference().map(FeedReference::sources))
        .isEqualTo(Optional.of(List.of()));
  }

  @Test
  void config_validate_prints_the_funding_only_problem_and_exits_78(@TempDir Path dir)
      throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("c.yaml"),
            "references: { binance: {}, deribit: {} }\n"
                + CHAIN_AND_FEED
                + "    reference: { symbol: ETH/USD, sources: [deribit], minSources: 1 }\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ConfigCommand(Map.of()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("validate", file.toString())).isEqualTo(ConfigCommand.EXIT_INVALID);
    assertThat(err.toString())
        .contains(
            "feeds.eth-usd.reference.sources[0]: 'deribit' gives funding and mark references"
                + " only");
  }
}
