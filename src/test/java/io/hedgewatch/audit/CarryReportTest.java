package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.PositionSide;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarryReportTest {

  private static final Instant D = Instant.parse("2026-03-01T00:00:00Z");
  private static final CarryAuditHedge SHORT_2 =
      new CarryAuditHedge(PositionSide.SHORT, new BigDecimal("2"));

  /** Every {@code every} from {@code since} to one day after D, at {@code rate} per hour. */
  private static List<FundingPoint> points(Instant since, Duration every, String rate) {
    List<FundingPoint> out = new ArrayList<>();
    for (Instant t = since; !t.isAfter(D.plus(Duration.ofDays(1))); t = t.plus(every)) {
      out.add(new FundingPoint(t, new BigDecimal(rate)));
    }
    return out;
  }

  /**
   * A short 2 at 3000 over one day: hyperliquid hourly at 0.00001 / h (earns 1.44, 8.76 % a year),
   * binance 8-hourly at 0.0000125 / h (1.8, 10.95 %), bybit 8-hourly at 0.000005 / h from 08:00
   * only (its first 8 h missing; 0.48 over 16 h, 4.38 %).
   */
  private static CarryReport report(String venueName, List<String> problems) {
    Instant to = D.plus(Duration.ofDays(1));
    CarryAuditResult result =
        CarryAudit.audit(
            SHORT_2,
            D,
            to,
            CarryAuditPrices.constant(new BigDecimal("3000")),
            new CarryAuditSeries(
                venueName, points(D, Duration.ofHours(1), "0.00001"), Duration.ofHours(1)),
            List.of(
                new CarryAuditSeries(
                    "binance", points(D, Duration.ofHours(8), "0.0000125"), Duration.ofHours(8)),
                new CarryAuditSeries(
                    "bybit",
                    points(D.plus(Duration.ofHours(16)), Duration.ofHours(8), "0.000005"),
                    Duration.ofHours(8))));
    return new CarryReport(
        new CarryHistory.Target.Market("hl-eth"),
        "hl-eth",
        "constant notional at 3000",
        result,
        problems);
  }

  @Test
  void json_carries_every_field_with_numbers_as_decimal_strings_and_the_comparison()
      throws Exception {
    JsonNode carry =
        new ObjectMapper()
            .readTree(CarryAuditJson.render(report("hyperliquid", List.of("okx: down"))))
            .get("carry");

    assertThat(carry.get("target").get("kind").asText()).isEqualTo("market");
    assertThat(carry.get("target").get("id").asText()).isEqualTo("hl-eth");
    assertThat(carry.get("from").asText()).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(carry.get("hedge").get("side").asText()).isEqualTo("SHORT");
    assertThat(carry.get("hedge").get("size").isTextual()).isTrue();
    JsonNode hl = carry.get("hedgeVenue");
    assertThat(hl.get("venue").asText()).isEqualTo("hyperliquid");
    assertThat(hl.get("received").isTextual()).isTrue();
    assertThat(hl.get("received").asText()).isEqualTo("1.44");
    assertThat(hl.get("paid").asText()).isEqualTo("0");
    assertThat(hl.get("net").asText()).isEqualTo("1.44");
    assertThat(hl.get("netApr").asText()).isEqualTo("0.0876");
    assertThat(hl.get("settlements").asInt()).isEqualTo(24);
    assertThat(hl.get("intervalSeconds").asLong()).isEqualTo(3600);
    assertThat(hl.get("coverage").get("complete").asBoolean()).isTrue();
    JsonNode bybit = carry.get("cex").get(1);
    assertThat(bybit.get("netApr").asText()).isEqualTo("0.0438");
    assertThat(bybit.get("coverage").get("missing").get(0).get("to").asText())
        .isEqualTo("2026-03-01T08:00:00Z");
    assertThat(bybit.get("coverage").get("missingIntervals").asLong()).isEqualTo(1);
    JsonNode c = carry.get("comparison");
    assertThat(c.get("cheapestVenue").asText()).isEqualTo("binance");
    assertThat(c.get("cheapestApr").asText()).isEqualTo("0.1095");
    // the median of 10.95 % and 4.38 %
    assertThat(c.get("medianApr").asText()).isEqualTo("0.07665");
    assertThat(c.get("excessAprVsCheapest").asText()).isEqualTo("0.0219");
    // 0.0219 a year on 6000 notional for 24 h
    assertThat(c.get("excessCostVsCheapest").asText()).isEqualTo("0.36");
    assertThat(carry.get("problems").get(0).asText()).isEqualTo("okx: down");
  }

  @Test
  void json_has_nulls_not_missing_fields_without_a_comparison() throws Exception {
    CarryAuditResult lone =
        CarryAudit.audit(
            SHORT_2,
            D,
            D.plus(Duration.ofHours(2)),
            CarryAuditPrices.constant(new BigDecimal("3000")),
            new CarryAuditSeries("hyperliquid", List.of(), Duration.ofHours(1)),
            List.of());
    JsonNode carry =
        new ObjectMapper()
            .readTree(
                CarryAuditJson.render(
                    new CarryReport(
                        new CarryHistory.Target.Position("p"), "m", "x", lone, List.of())))
            .get("carry");

    assertThat(carry.get("target").get("kind").asText()).isEqualTo("position");
    assertThat(carry.get("hedgeVenue").get("netApr").isNull()).isTrue();
    assertThat(carry.get("hedgeVenue").get("coverage").get("first").isNull()).isTrue();
    assertThat(carry.get("comparison").get("cheapestVenue").isNull()).isTrue();
    assertThat(carry.get("comparison").get("excessCostVsMedian").isNull()).isTrue();
  }

  @Test
  void csv_has_a_row_per_settlement_per_venue_with_payment_and_running_total() {
    String csv = CarryAuditCsv.render(report("hyperliquid", List.of()));
    List<String> rows = csv.lines().toList();

    assertThat(rows.get(0))
        .isEqualTo("venue,time,rateHourly,chargedSeconds,notional,payment,cumulative");
    // 24 hourly + 3 binance + 2 bybit (its 16:00 and 24:00 settlements)
    assertThat(rows).hasSize(1 + 24 + 3 + 2);
    assertThat(rows.get(1))
        .isEqualTo("hyperliquid,2026-03-01T01:00:00Z,0.00001,3600,6000,0.06,0.06");
    assertThat(rows.get(24)).endsWith(",0.06,1.44");
    assertThat(rows.get(25)).isEqualTo("binance,2026-03-01T08:00:00Z,0.0000125,28800,6000,0.6,0.6");
    assertThat(csv).contains("\r\n");
  }

  @Test
  void html_puts_the_net_carry_and_comparison_first_and_escapes_every_name() {
    String html =
        CarryAuditHtml.render(report("<b>hl\"&'</b>", List.of("bybit <script>alert(1)</script>")));

    assertThat(html).doesNotContain("<b>hl").doesNotContain("<script>");
    assertThat(html).contains("&lt;b&gt;hl&quot;&amp;&#39;&lt;/b&gt;");
    assertThat(html).contains("bybit &lt;script&gt;alert(1)&lt;/script&gt;");
    int headline = html.indexOf("id=\"headline\"");
    int chart = html.indexOf("id=\"chart-carry\"");
    int table = html.indexOf("id=\"venues\"");
    assertThat(headline).isPositive().isLessThan(chart);
    assertThat(chart).isLessThan(table);
    assertThat(html.substring(headline, chart))
        .contains("received 1.44 USD")
        .contains("APR 8.76 %")
        .contains("cheapest CEX binance APR 10.95 %")
        .contains("median CEX APR 7.67 %");
    // one line per venue in the chart, each with its settlements
    assertThat(html).contains("data-venue=\"binance\" data-points=\"3\"");
    assertThat(html).contains("data-venue=\"bybit\" data-points=\"2\"");
    assertThat(html).contains("1 intervals: 2026-03-01T00:00:00Z to 2026-03-01T08:00:00Z");
  }

  @Test
  void html_fetches_nothing() {
    String html = CarryAuditHtml.render(report("hyperliquid", List.of()));

    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("@import")
        .doesNotContain("url(");
  }

  @Test
  void the_feed_reports_section_has_a_running_total_per_venue_and_the_problems() {
    CarrySection section = report("hyperliquid", List.of("okx: down")).section();

    assertThat(section.title()).isEqualTo("Hedge carry: short 2 on market hl-eth");
    assertThat(section.series())
        .extracting(CarrySection.TimeSeries::name)
        .containsExactly("hyperliquid net carry", "binance net carry", "bybit net carry");
    assertThat(section.series().get(1).points().get(2).value()).isEqualByComparingTo("1.8");
    assertThat(section.notes()).anySatisfy(n -> assertThat(n).isEqualTo("missing: okx: down"));
  }
}
