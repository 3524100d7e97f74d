package io.hedgewatch.audit;

import static io.hedgewatch.audit.AuditData.at;
import static io.hedgewatch.audit.AuditData.candle;
import static io.hedgewatch.audit.AuditData.incomplete;
import static io.hedgewatch.audit.AuditData.update;

import io.hedgewatch.domain.AnswerBounds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Planted audits for the report writers' tests. */
final class AuditReports {

  static final String HOSTILE_ID = "<script>alert('x')</script>&\"eth\"";

  /**
   * 10-minute heartbeat, 50 bps deviation, drift warn 100 / critical 200 bps, bounds 50..101 with a
   * 0.5 % margin (near the max within 0.505).
   */
  static final FeedAuditParams PARAMS =
      new FeedAuditParams(
          Duration.ofMinutes(10),
          new BigDecimal("0.005"),
          Duration.ofMinutes(2),
          Optional.of(
              new AnswerBounds(
                  BigInteger.valueOf(50_00000000L), BigInteger.valueOf(101_00000000L))),
          new BigDecimal("0.005"),
          new BigDecimal("0.01"),
          new BigDecimal("0.02"),
          3,
          new BigDecimal("0.9"),
          10,
          10);

  private AuditReports() {}

  /**
   * Two hours from {@link AuditData#T0}: rounds every 5 minutes with a 35-minute gap (40 to 75,
   * over three heartbeats), an incomplete round at 60, the reference 150 bps above the feed over
   * minutes 50-54 (a warn episode and a missed deviation trigger), 2.5 % below over 90-92 (a
   * critical episode), a round near the upper bound at 110 and one at it at 115.
   */
  static AuditReport planted(String feedId) {
    List<FeedUpdate> updates = new ArrayList<>();
    updates.add(update(-2, "100"));
    for (int m = 5; m <= 40; m += 5) {
      updates.add(update(m, "100"));
    }
    updates.add(incomplete(60));
    for (int m = 75; m <= 105; m += 5) {
      updates.add(update(m, "100"));
    }
    updates.add(update(110, "100.6"));
    updates.add(update(115, "101"));
    List<ReferencePoint> reference = new ArrayList<>();
    for (int m = 0; m < 120; m++) {
      String close;
      if (m >= 50 && m <= 54) {
        close = "101.5";
      } else if (m >= 90 && m <= 92) {
        close = "97.5";
      } else if (m >= 110 && m < 115) {
        close = "100.6";
      } else if (m >= 115) {
        close = "101";
      } else {
        close = "100";
      }
      reference.add(candle(m, close));
    }
    Instant from = at(0);
    Instant to = at(120);
    FeedAuditFindings findings = FeedAudit.audit(from, to, updates, reference, PARAMS);
    return new AuditReport(
        new AuditReport.Feed(
            feedId, "chainlink", "arbitrum", "0x00000000000000000000000000000000000000aa"),
        PARAMS,
        findings,
        updates,
        reference,
        List.of(
            new ReferenceCoverage("binance", 120, 120, Optional.empty()),
            new ReferenceCoverage("kraken", 0, 120, Optional.of("pair <XETHZUSD> not listed"))),
        Optional.empty());
  }

  /**
   * {@code rounds} rounds one a minute and {@code candles} one-second candles from T0, the
   * reference wandering and a single 500 bps spike at candle {@code candles / 2}.
   */
  static AuditReport large(int rounds, int candles) {
    List<FeedUpdate> updates = new ArrayList<>(rounds);
    for (int i = 0; i < rounds; i++) {
      updates.add(update(i, price(i)));
    }
    List<ReferencePoint> reference = new ArrayList<>(candles);
    for (int s = 0; s < candles; s++) {
      BigDecimal close =
          s == candles / 2
              ? new BigDecimal("105")
              : new BigDecimal(price(s / 60)).add(BigDecimal.valueOf(s % 7, 2));
      Instant open = AuditData.T0.plusSeconds(s);
      reference.add(new ReferencePoint(open, open.plusSeconds(1), close, 2));
    }
    Instant to = AuditData.T0.plus(Duration.ofMinutes(rounds));
    FeedAuditParams params =
        FeedAuditParams.defaults(Duration.ofMinutes(2), new BigDecimal("0.005"));
    FeedAuditFindings findings = FeedAudit.audit(AuditData.T0, to, updates, reference, params);
    return new AuditReport(
        new AuditReport.Feed("eth-usd", "chainlink", "arbitrum", "0xabc"),
        params,
        findings,
        updates,
        reference,
        List.of(),
        Optional.empty());
  }

  private static String price(int i) {
    return BigDecimal.valueOf(100_00 + (i * 37L % 200) - 100, 2).toPlainString();
  }
}
