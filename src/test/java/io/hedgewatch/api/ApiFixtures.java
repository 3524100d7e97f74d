package io.hedgewatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.alert.Acknowledgement;
import io.hedgewatch.alert.AlertId;
import io.hedgewatch.alert.TrackedAlert;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.ChainStatus;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.monitor.FeedStatus;
import io.hedgewatch.monitor.MarketReport;
import io.hedgewatch.monitor.PositionReport;
import io.hedgewatch.risk.MarketContext;
import io.hedgewatch.risk.PositionContext;
import io.hedgewatch.risk.PositionRules;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small monitored portfolio and the report of one cycle of it, built as the checker would. */
final class ApiFixtures {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  static final HedgewatchConfig CONFIG =
      load(
          """
          chains:
            arbitrum: { chainId: 42161, rpcUrls: ["http://127.0.0.1:9/"] }
          feeds:
            eth-usd:
              chain: arbitrum
              type: chainlink
              address: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612"
              heartbeat: 24h
          venues:
            hl: { type: hyperliquid, baseUrl: "http://127.0.0.1:9" }
          markets:
            eth-perp: { venue: hl, market: ETH }
          positions:
            hand-short:
              market: eth-perp
              side: short
              size: 10
              entryPrice: 3000
              collateral: 6000
              maintenanceMarginRatio: 1%
          """);

  static final Alert STALE =
      new Alert(
          "oracle.stale",
          Severity.WARNING,
          "feed:eth-usd",
          "eth-usd not updated for 25h",
          90_000.0,
          86_400.0,
          "check the feed");

  static final Alert BLIND =
      new Alert(
          "monitor.blind",
          Severity.UNKNOWN,
          "market:eth-perp",
          "cannot read market eth-perp",
          null,
          null,
          "check the venue");

  private ApiFixtures() {}

  private static HedgewatchConfig load(String yaml) {
    LoadResult result = ConfigLoader.parse(yaml, Path.of("api-test.yaml"), Map.of());
    assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  /** A cycle: the chain read at block 1234, the feed 25 h old, the market unreadable. */
  static CheckReport report() {
    BlockRef block = new BlockRef(1234, NOW);
    ChainStatus chain =
        new ChainStatus(
            "arbitrum",
            42161,
            Optional.of(block),
            Optional.empty(),
            Optional.empty(),
            "multicall3",
            2,
            3);
    BigInteger updated = BigInteger.valueOf(NOW.getEpochSecond() - 90_000);
    FeedReading.Chainlink reading =
        new FeedReading.Chainlink(
            "eth-usd",
            8,
            new ChainlinkRound(
                BigInteger.valueOf(7),
                new BigInteger("300012345678"),
                updated,
                updated,
                BigInteger.valueOf(7)),
            Optional.of("ETH / USD"),
            Optional.of("0x0000000000000000000000000000000000000abc"),
            Optional.of(1),
            Optional.empty(),
            Optional.empty());
    FeedStatus feed =
        new FeedStatus(
            CONFIG.feeds().get("eth-usd").spec(),
            Optional.of(reading),
            Optional.of(block),
            Optional.empty(),
            Optional.empty(),
            Severity.WARNING);
    MarketReport market =
        new MarketReport(
            CONFIG.markets().get("eth-perp"),
            CONFIG.venues().get("hl"),
            Read.failed(new ReadFailure.Malformed("venue hl answered 502")),
            MarketContext.EMPTY,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Severity.UNKNOWN);
    PositionSnapshot shortEth =
        new PositionSnapshot(
            "hand-short",
            "eth-perp",
            "described in config",
            NOW,
            PositionSide.SHORT,
            new BigDecimal("10"),
            Optional.of(new BigDecimal("3000")),
            new BigDecimal("3000"),
            MarginMode.ISOLATED,
            new BigDecimal("6000"),
            new BigDecimal("300"),
            Optional.empty(),
            Optional.of(BigDecimal.ZERO),
            Optional.empty(),
            Optional.empty());
    PositionContext context = PositionContext.of("ETH", "USD");
    PositionReport position =
        new PositionReport(
            CONFIG.positions().get("hand-short"),
            CONFIG.markets().get("eth-perp"),
            Read.ok(shortEth),
            Optional.of(context),
            Optional.of(PositionRules.metrics(shortEth, context, CONFIG::rule)),
            List.of(),
            Severity.OK);
    return new CheckReport(
        NOW,
        Severity.WARNING,
        List.of(chain),
        List.of(feed),
        List.of(market),
        List.of(position),
        List.of(),
        List.of(STALE, BLIND),
        List.of());
  }

  static TrackedAlert open(Alert alert, Instant since, Acknowledgement acknowledgement) {
    return new TrackedAlert(
        AlertId.of(alert),
        alert.rule(),
        alert.subject(),
        TrackedAlert.Phase.OPEN,
        0,
        0,
        alert.severity(),
        alert,
        since,
        since.plusSeconds(60),
        acknowledgement,
        1);
  }

  static TrackedAlert pending(Alert alert) {
    return new TrackedAlert(
        AlertId.of(alert),
        alert.rule(),
        alert.subject(),
        TrackedAlert.Phase.PENDING,
        1,
        0,
        null,
        alert,
        null,
        null,
        null,
        0);
  }
}
