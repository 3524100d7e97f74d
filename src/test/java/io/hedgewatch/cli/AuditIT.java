package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.devnet.Anvil;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.testing.JsonRpcProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of {@code hedgewatch audit} (issue 8): the devnet ETH / USD proxy seeded with
 * 3,000 rounds a minute apart (each at :30 of its minute) over two phases, against Coinbase's
 * simulated candles made flat at 3,000 USD, with planted:
 *
 * <ul>
 *   <li>three gaps over the 10-minute heartbeat: 12, 15 and 18 minutes (none over two heartbeats);
 *   <li>a drift episode: 30 rounds at 3,075 (+250 bps, above the 150 bps critical level), each
 *       triggering the 1 % deviation and each replaced a minute later (met);
 *   <li>a missed deviation trigger: 3,045 (+150 bps, above warn, not above critical) held for five
 *       minutes, past the two minutes' tolerance;
 *   <li>a round at the second aggregator's minAnswer (2,940 USD, -200 bps);
 *   <li>an incomplete round (updatedAt 0).
 * </ul>
 *
 * The period ends at today's UTC midnight, so that every candle day is closed and cached; anvil
 * starts before the period (so the feed's first round precedes it) and is moved to now once seeded.
 */
class AuditIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final BigInteger FLAT = Devnet.ETH_USD_ANSWER; // 3,000 USD
  private static final BigInteger DRIFTED = usd(3_075);
  private static final BigInteger MISSED = usd(3_045);
  private static final BigInteger MIN_ANSWER = usd(2_940);
  private static final BigInteger MAX_ANSWER = usd(8_000);

  /** Minutes of the period; 46 of them have no round (the gaps and the missed trigger's hold). */
  private static final int MINUTES = 3_046;

  private static final int PER_FIRST_PHASE = 1_500;
  private static final int DRIFT_FROM = 600;
  private static final int DRIFT_MINUTES = 30;
  private static final int MISS_AT = 2_400;
  private static final int BOUND_AT = 2_600;
  private static final int INCOMPLETE_AFTER = 2_800;

  /** Minutes without a round, [start, end): gaps of 12, 15 and 18 minutes, and the held 3,045. */
  private static final int[][] SKIPPED = {
    {200, 211}, {1_000, 1_014}, {2_000, 2_017}, {MISS_AT + 1, MISS_AT + 5}
  };

  private static Devnet devnet;
  private static long from; // epoch seconds, a minute boundary
  private static long to;
  private static Path config;
  private static Path dir;

  @BeforeAll
  static void seed(@TempDir Path tmp) throws Exception {
    dir = tmp;
    long now = Instant.now().getEpochSecond();
    to = Math.floorDiv(now, 86_400) * 86_400;
    from = to - 60L * MINUTES;
    devnet = Devnet.start(Anvil.builder().genesisTimestamp(from - 3_600));
    devnet.exchanges().candles().setAnnualVolatility("ETH", 0);
    String proxy = devnet.contracts().ethUsdProxy();

    List<BigInteger> answers = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<Integer> minutes = new ArrayList<>();
    for (int m = 0; m < MINUTES; m++) {
      if (skipped(m)) {
        continue;
      }
      BigInteger answer = FLAT;
      if (m >= DRIFT_FROM && m < DRIFT_FROM + DRIFT_MINUTES) {
        answer = DRIFTED;
      } else if (m == MISS_AT) {
        answer = MISSED;
      } else if (m == BOUND_AT) {
        answer = MIN_ANSWER;
      }
      answers.add(answer);
      times.add(at(m));
      minutes.add(m);
    }
    assertThat(answers).hasSize(3_000);
    int incompleteAfter = minutes.indexOf(INCOMPLETE_AFTER);

    devnet
        .ops()
        .postRounds(proxy, answers.subList(0, PER_FIRST_PHASE), times.subList(0, PER_FIRST_PHASE));
    String second = devnet.ops().deployAggregator(8, "ETH / USD", MIN_ANSWER, MAX_ANSWER);
    devnet.ops().proposeAndConfirmAggregator(proxy, second);
    devnet
        .ops()
        .postRounds(
            proxy,
            answers.subList(PER_FIRST_PHASE, incompleteAfter + 1),
            times.subList(PER_FIRST_PHASE, incompleteAfter + 1));
    devnet.ops().postRawRound(proxy, BigInteger.ZERO, 0, 0, BigInteger.ZERO);
    devnet
        .ops()
        .postRounds(
            proxy,
            answers.subList(incompleteAfter + 1, answers.size()),
            times.subList(incompleteAfter + 1, times.size()));
    devnet.anvil().mineAt(now);

    config = devnet.writeConfig(tmp.resolve("devnet.yaml"));
    // feeds are the config's last section: a feed of our own on the same proxy
    Files.writeString(
        config,
        "  eth-audit:\n"
            + "    chain: devnet\n"
            + "    type: chainlink\n"
            + "    address: \""
            + proxy
            + "\"\n"
            + "    heartbeat: 10m\n"
            + "    deviationThreshold: 1%\n"
            + "    marketHours: crypto\n"
            + "    reference: { symbol: ETH/USD, sources: [coinbase], minSources: 1 }\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static boolean skipped(int minute) {
    for (int[] s : SKIPPED) {
      if (minute >= s[0] && minute < s[1]) {
        return true;
      }
    }
    return false;
  }

  /** The round of minute m: at :30 of it, inside the candle of that minute. */
  private static long at(int minute) {
    return from + 60L * minute + 30;
  }

  private static String iso(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString();
  }

  private static String minute(int m) {
    return iso(from + 60L * m);
  }

  private static BigInteger usd(long whole) {
    return BigInteger.valueOf(whole).multiply(BigInteger.TEN.pow(Devnet.USD_DECIMALS));
  }

  record Run(int exit, String out, String err) {}

  private static Run audit(Path configFile, String... more) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("audit", "--config", configFile.toString()));
    args.addAll(List.of(more));
    int exit =
        HedgewatchCommand.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void the_report_numbers_are_what_was_planted_and_a_second_run_asks_neither_chain_nor_venues()
      throws Exception {
    Path cache = dir.resolve("cache");
    Path out1 = dir.resolve("out1");
    Run first =
        audit(
            config,
            "--feed",
            "eth-audit",
            "--from",
            iso(from),
            "--to",
            iso(to),
            "--out",
            out1.toString(),
            "--cache",
            cache.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    String[] lines = first.out().split("\n");
    assertThat(lines[0]).startsWith("feed eth-audit on devnet, " + iso(from) + " .. " + iso(to));
    assertThat(lines[1]).isEqualTo("verdict: UNTRUSTWORTHY");

    JsonNode s = JSON.readTree(out1.resolve("summary.json").toFile());
    assertThat(s.fieldNames().next()).isEqualTo("verdict");
    assertThat(s.get("from").asText()).isEqualTo(iso(from));
    assertThat(s.get("to").asText()).isEqualTo(iso(to));
    assertThat(s.get("params").get("bounds").get("minAnswer").asText())
        .isEqualTo(MIN_ANSWER.toString());

    // 3,000 rounds and the incomplete one
    assertThat(s.get("rounds").asInt()).isEqualTo(3_001);
    assertThat(s.get("completeRounds").asInt()).isEqualTo(3_000);
    assertThat(s.get("incompleteRounds").asInt()).isEqualTo(1);
    assertThat(s.get("incomplete").get(0).get("at").asText()).isEqualTo(iso(at(INCOMPLETE_AFTER)));
    List<String> csv = Files.readAllLines(out1.resolve("rounds.csv"));
    assertThat(csv).hasSize(1 + 3_001);

    // heartbeat: 30 s from the period's start to the first round, 30 s from the last to its end
    assertThat(s.get("gaps").asInt()).isEqualTo(3_001);
    assertThat(s.get("maxGapSeconds").asLong()).isEqualTo(18 * 60);
    assertThat(s.get("gapsOverHeartbeat").asInt()).isEqualTo(3);
    assertThat(s.get("staleSeconds").asLong()).isEqualTo(2 * 60 + 5 * 60 + 8 * 60);
    assertThat(s.get("largestGaps"))
        .extracting(g -> g.get("start").asText(), g -> g.get("seconds").asLong())
        .startsWith(
            org.assertj.core.groups.Tuple.tuple(iso(at(1_999)), 1_080L),
            org.assertj.core.groups.Tuple.tuple(iso(at(999)), 900L),
            org.assertj.core.groups.Tuple.tuple(iso(at(199)), 720L),
            org.assertj.core.groups.Tuple.tuple(iso(at(MISS_AT)), 300L));

    // deviation: the 30 drifted rounds and the bound round were replaced within a minute
    assertThat(s.get("deviationTriggers").asInt()).isEqualTo(32);
    assertThat(s.get("deviationTriggersMet").asInt()).isEqualTo(31);
    assertThat(s.get("deviationTriggersUndetermined").asInt()).isZero();
    assertThat(s.get("missedDeviationTriggers").asInt()).isEqualTo(1);
    JsonNode miss = s.get("deviationMisses").get(0);
    assertThat(miss.get("start").asText()).isEqualTo(minute(MISS_AT + 1));
    assertThat(miss.get("end").asText()).isEqualTo(iso(at(MISS_AT + 5)));
    assertThat(miss.get("answer").asText()).isEqualTo("3045");
    // (3,000 - 3,045) / 3,045
    assertThat(miss.get("peakMoveBps").decimalValue()).isEqualByComparingTo("-147.78");

    // drift: one candle a minute, every one judged; 3,010 at 0, 5 at 150, 1 at 200, 30 at 250
    JsonNode drift = s.get("driftBps");
    assertThat(drift.get("samples").asInt()).isEqualTo(MINUTES);
    assertThat(drift.get("p50").decimalValue()).isEqualByComparingTo("0");
    assertThat(drift.get("p95").decimalValue()).isEqualByComparingTo("0");
    assertThat(drift.get("p99").decimalValue()).isEqualByComparingTo("200");
    assertThat(drift.get("max").decimalValue()).isEqualByComparingTo("250");
    assertThat(s.get("timeAboveCriticalSeconds").asLong()).isEqualTo(30 * 60 + 60);
    assertThat(s.get("timeAboveWarnSeconds").asLong()).isEqualTo(30 * 60 + 60 + 5 * 60);
    assertThat(s.get("referenceCoverageShare").decimalValue()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(s.get("uncovered")).isEmpty();
    assertThat(s.get("episodeCount").asInt()).isEqualTo(3);
    assertThat(s.get("episodes"))
        .extracting(
            e -> e.get("start").asText(),
            e -> e.get("end").asText(),
            e -> e.get("peakDriftBps").decimalValue().stripTrailingZeros().toPlainString(),
            e -> e.get("severity").asText(),
            e -> e.get("samples").asInt())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                minute(DRIFT_FROM),
                minute(DRIFT_FROM + DRIFT_MINUTES),
                "250",
                "CRITICAL",
                DRIFT_MINUTES),
            org.assertj.core.groups.Tuple.tuple(
                minute(BOUND_AT), minute(BOUND_AT + 1), "-200", "CRITICAL", 1),
            org.assertj.core.groups.Tuple.tuple(
                minute(MISS_AT), minute(MISS_AT + 5), "150", "WARNING", 5));

    // the bound hit
    assertThat(s.get("boundHits")).hasSize(1);
    JsonNode hit = s.get("boundHits").get(0);
    assertThat(hit.get("at").asText()).isEqualTo(iso(at(BOUND_AT)));
    assertThat(hit.get("answerRaw").asText()).isEqualTo(MIN_ANSWER.toString());
    assertThat(hit.get("bound").asText()).isEqualTo("MIN");
    assertThat(hit.get("position").asText()).isEqualTo("AT");

    // the verdict and its reasons, most severe first
    JsonNode verdict = s.get("verdict");
    assertThat(verdict.get("trust").asText()).isEqualTo("UNTRUSTWORTHY");
    assertThat(verdict.get("reasons"))
        .extracting(r -> r.get("severity").asText() + " " + r.get("kind").asText())
        .containsExactly(
            "CRITICAL DRIFT_CRITICAL",
            "CRITICAL AT_BOUND",
            "WARNING DRIFT_WARN",
            "WARNING STALE",
            "WARNING DEVIATION_MISSED",
            "WARNING INCOMPLETE_ROUNDS");
    assertThat(verdict.get("untrusted"))
        .extracting(r -> r.get("from").asText() + ".." + r.get("to").asText())
        .containsExactly(
            minute(DRIFT_FROM) + ".." + minute(DRIFT_FROM + DRIFT_MINUTES),
            minute(BOUND_AT) + ".." + iso(at(BOUND_AT + 1)));

    // again, through a proxy that counts: the rounds and the candles come from the cache
    Map<ReferenceVenue, Integer> before = new EnumMap<>(ReferenceVenue.class);
    for (ReferenceVenue v : ReferenceVenue.values()) {
      before.put(v, devnet.exchanges().requests(v));
    }
    assertThat(before.get(ReferenceVenue.COINBASE)).isPositive();
    try (JsonRpcProxy rpc = new JsonRpcProxy(devnet.rpcUrl())) {
      Path proxied = dir.resolve("proxied.yaml");
      Files.writeString(
          proxied,
          Files.readString(config).replace(devnet.rpcUrl(), rpc.url()),
          StandardCharsets.UTF_8);
      assertThat(Files.readString(proxied)).contains(rpc.url());
      Path out2 = dir.resolve("out2");
      Run second =
          audit(
              proxied,
              "--feed",
              "eth-audit",
              "--from",
              iso(from),
              "--to",
              iso(to),
              "--out",
              out2.toString(),
              "--cache",
              cache.toString());
      assertThat(second.exit()).as(second.err()).isZero();
      assertThat(second.out()).contains("rounds from the cache");
      assertThat(rpc.totalCalls()).isZero();
      assertThat(rpc.httpRequests()).isZero();
      for (ReferenceVenue v : ReferenceVenue.values()) {
        assertThat(devnet.exchanges().requests(v)).as(v.configName()).isEqualTo(before.get(v));
      }
      assertThat(Files.readString(out2.resolve("summary.json")))
          .isEqualTo(Files.readString(out1.resolve("summary.json")));
    }
  }

  @Test
  void an_unknown_feed_fails_naming_the_configured_feeds() {
    Run run =
        audit(
            config,
            "--feed",
            "eth-nope",
            "--from",
            iso(from),
            "--to",
            iso(to),
            "--out",
            dir.resolve("nope").toString(),
            "--cache",
            dir.resolve("cache-nope").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("eth-nope").contains("eth-usd").contains("eth-audit");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(dir.resolve("nope")).doesNotExist();
  }

  @Test
  void a_period_ending_before_it_starts_fails() {
    Run run =
        audit(
            config,
            "--feed",
            "eth-audit",
            "--from",
            iso(to),
            "--to",
            iso(from),
            "--out",
            dir.resolve("backwards").toString(),
            "--cache",
            dir.resolve("cache-backwards").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("--to").contains("--from");
    assertThat(dir.resolve("backwards")).doesNotExist();
  }
}
