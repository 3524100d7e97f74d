package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.testing.MovableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s evaluations on the devnet: with {@link ReadCadences}, every check reads the chain
 * at its new head while the reference exchanges and the HTTP perp venues are asked on their
 * cadences; without, every check asks every venue.
 */
class ReadCadencesIT {

  private static final String HL_USER = "0x4444444444444444444444444444444444444444";

  private static Devnet devnet;

  @TempDir Path dir;

  private HedgewatchConfig config;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    devnet
        .perpVenues()
        .setHyperliquidPosition(
            HL_USER,
            "ETH",
            SimulatedPerpVenues.HyperliquidPosition.isolated(
                new BigDecimal("-3"), new BigDecimal("3000"), 5, new BigDecimal("1800")));
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @BeforeEach
  void load() throws IOException {
    Path file = devnet.writeConfig(dir.resolve("devnet.yaml"));
    Files.writeString(
        file,
        Files.readString(file)
            + "\npositions:\n"
            + "  hl-short: { market: eth-perp-hl, account: \""
            + HL_USER
            + "\", hedges: { asset: ETH, amount: 3 } }\n");
    LoadResult result = ConfigLoader.load(file);
    assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
    config = ((LoadResult.Loaded) result).config();
  }

  /** Requests every simulated venue has received so far, by host. */
  private static Map<String, Integer> asked() {
    Map<String, Integer> asked = new LinkedHashMap<>();
    for (ReferenceVenue venue : ReferenceVenue.values()) {
      asked.put(venue.configName(), devnet.exchanges().requests(venue));
    }
    for (CexFundingVenue venue :
        new CexFundingVenue[] {CexFundingVenue.DERIBIT, CexFundingVenue.KRAKEN_FUTURES}) {
      asked.put(venue.configName(), devnet.exchanges().requestPaths(venue).size());
    }
    for (SimulatedPerpVenues.Venue venue : SimulatedPerpVenues.Venue.values()) {
      asked.put(venue.name(), devnet.perpVenues().requests(venue));
    }
    return asked;
  }

  private static Map<String, Integer> since(Map<String, Integer> before) {
    Map<String, Integer> delta = new LinkedHashMap<>();
    asked().forEach((host, n) -> delta.put(host, n - before.get(host)));
    return delta;
  }

  private static long block(CheckReport report) {
    return report.chains().get(0).block().map(BlockRef::number).orElseThrow();
  }

  @Test
  void every_check_reads_the_new_head_while_the_venues_are_asked_on_their_cadences() {
    MovableClock clock = new MovableClock(Instant.now());
    Map<String, Integer> before = asked();
    try (ReadCadences cadences = ReadCadences.defaults(clock)) {
      Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock, cadences);
      CheckReport first = checker.check();
      Map<String, Integer> once = since(before);
      assertThat(once).allSatisfy((host, n) -> assertThat(n).as(host).isPositive());

      long head = block(first);
      for (int i = 1; i < 8; i++) {
        devnet.anvil().mine();
        clock.advance(Duration.ofSeconds(1));
        CheckReport report = checker.check();
        // The chain is read at every check, at its new head.
        assertThat(block(report)).isEqualTo(head + i);
        assertThat(report.chains().get(0).rpcCalls()).isPositive();
        assertThat(report.markets())
            .allSatisfy(m -> assertThat(m.snapshot().asOptional()).as(m.market().id()).isPresent());
      }
      // Eight checks in eight seconds: no venue asked again.
      assertThat(since(before)).isEqualTo(once);

      clock.advance(Duration.ofSeconds(3));
      checker.check();
      // At ten seconds the spot quotes and the perp venues' snapshots are due again, the candles,
      // the CEX funding and the funding history not: no venue asked more than at the first check.
      Map<String, Integer> twice = since(before);
      twice.forEach(
          (host, n) -> assertThat(n).as(host).isBetween(once.get(host), 2 * once.get(host)));
      assertThat(twice.get("binance")).isGreaterThan(once.get("binance"));
      assertThat(twice.get("deribit")).as("funding alone: 60 s").isEqualTo(once.get("deribit"));
    }
  }

  @Test
  void without_cadences_every_check_asks_every_venue() {
    Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, java.time.Clock.systemUTC());
    Map<String, Integer> before = asked();
    checker.check();
    Map<String, Integer> once = since(before);
    checker.check();
    Map<String, Integer> twice = since(before);
    once.forEach((host, n) -> assertThat(twice.get(host)).as(host).isGreaterThanOrEqualTo(n + 1));
  }
}
