package io.hedgewatch.reference;

import static io.hedgewatch.reference.FundingTesting.BASE;
import static io.hedgewatch.reference.FundingTesting.RECEIVED;
import static io.hedgewatch.reference.FundingTesting.failure;
import static io.hedgewatch.reference.FundingTesting.fixture;
import static io.hedgewatch.reference.FundingTesting.malformed;
import static io.hedgewatch.reference.FundingTesting.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.reference.FundingTesting.FakeExchange;
import io.hedgewatch.reference.FundingTesting.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FundingBinanceProtocolTest {

  private static final FundingPerp BTCUSDT =
      FundingPerp.linear(CexFundingVenue.BINANCE, "BTCUSDT", "BTC/USDT");
  private static final FundingPerp BLZUSDT =
      FundingPerp.linear(CexFundingVenue.BINANCE, "BLZUSDT", "BLZ/USDT");

  private final BinanceFundingProtocol protocol = new BinanceFundingProtocol();

  @Test
  void urls_are_the_usdm_endpoints() {
    assertThat(protocol.premiumIndexUrl(BASE, BTCUSDT).toString())
        .isEqualTo("https://venue.test/fapi/v1/premiumIndex?symbol=BTCUSDT");
    assertThat(protocol.fundingInfoUrl(BASE).toString())
        .isEqualTo("https://venue.test/fapi/v1/fundingInfo");
    assertThat(
            protocol
                .fundingRateUrl(
                    BASE,
                    BTCUSDT,
                    Instant.ofEpochMilli(1698768000000L),
                    Instant.ofEpochMilli(1698796800000L),
                    1000)
                .toString())
        .isEqualTo(
            "https://venue.test/fapi/v1/fundingRate?symbol=BTCUSDT&startTime=1698768000000"
                + "&endTime=1698796800000&limit=1000");
    assertThat(protocol.defaultBaseUrl()).isEqualTo("https://fapi.binance.com");
  }

  @Test
  void reads_the_recorded_premium_index_exactly() {
    BinanceFundingProtocol.PremiumIndex p =
        ok(
            protocol.parsePremiumIndex(
                BTCUSDT, 200, fixture("binance-fapi-premiumIndex-BTCUSDT.json"), RECEIVED));

    assertThat(p.symbol()).isEqualTo("BTCUSDT");
    assertThat(p.markPrice()).isEqualTo(new BigDecimal("11793.63104562"));
    assertThat(p.indexPrice()).isEqualTo(new BigDecimal("11781.80495970"));
    assertThat(p.lastFundingRate()).isEqualTo(new BigDecimal("0.00038246"));
    assertThat(p.nextFundingTime()).isEqualTo(Instant.ofEpochMilli(1597392000000L));
    assertThat(p.time()).isEqualTo(Instant.ofEpochMilli(1597370495002L));
  }

  @Test
  void reads_the_recorded_funding_info_for_an_adjusted_symbol() {
    String body = fixture("binance-fapi-fundingInfo-BLZUSDT.json");

    Optional<BinanceFundingProtocol.FundingInfo> blz =
        ok(protocol.parseFundingInfo(BLZUSDT, 200, body, RECEIVED));

    assertThat(blz)
        .contains(
            new BinanceFundingProtocol.FundingInfo(
                "BLZUSDT",
                Duration.ofHours(8),
                new BigDecimal("0.02500000"),
                new BigDecimal("-0.02500000")));
    assertThat(ok(protocol.parseFundingInfo(BTCUSDT, 200, body, RECEIVED)))
        .as("a symbol fundingInfo does not list keeps the default interval")
        .isEmpty();
  }

  @Test
  void reads_the_recorded_funding_rate_history_exactly() {
    List<FundingMath.Settled> rows =
        ok(
            protocol.parseFundingRates(
                BTCUSDT, 200, fixture("binance-fapi-fundingRate-BTCUSDT.json"), RECEIVED));

    assertThat(rows)
        .containsExactly(
            new FundingMath.Settled(
                Instant.ofEpochMilli(1698768000000L), new BigDecimal("0.00010000")),
            new FundingMath.Settled(
                Instant.ofEpochMilli(1698796800000L), new BigDecimal("0.00010000")));
  }

  @Test
  void current_funding_of_an_unadjusted_symbol_is_per_8_hours() {
    FakeExchange exchange =
        new FakeExchange()
            .reply("premiumIndex", fixture("binance-fapi-premiumIndex-BTCUSDT.json"))
            .reply("fundingInfo", fixture("binance-fapi-fundingInfo-BLZUSDT.json"));

    CexFunding f = ok(protocol.current(BTCUSDT, BASE, exchange));

    assertThat(f.venue()).isEqualTo(CexFundingVenue.BINANCE);
    assertThat(f.symbol()).isEqualTo("BTCUSDT");
    assertThat(f.pair().toString()).isEqualTo("BTC/USDT");
    assertThat(f.observedAt()).isEqualTo(Instant.ofEpochMilli(1597370495002L));
    assertThat(f.rateRaw()).isEqualTo(new BigDecimal("0.00038246"));
    assertThat(f.interval()).isEqualTo(Duration.ofHours(8));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.0000478075");
    assertThat(f.apr()).isEqualByComparingTo("0.418793700");
    assertThat(f.nextFundingTime()).contains(Instant.ofEpochMilli(1597392000000L));
    assertThat(f.markPrice()).contains(new BigDecimal("11793.63104562"));
    assertThat(f.indexPrice()).contains(new BigDecimal("11781.80495970"));
    assertThat(f.fundingCapHourly()).as("no adjusted cap known").isEmpty();
    assertThat(exchange.endpoints()).containsExactly("premiumIndex", "fundingInfo");
    assertThat(exchange.requests.get(1).cacheFor())
        .isEqualTo(BinanceFundingProtocol.FUNDING_INFO_CACHE);
  }

  @Test
  void an_adjusted_symbol_takes_its_interval_and_cap_from_funding_info() {
    String premium =
        fixture("binance-fapi-premiumIndex-BTCUSDT.json").replace("BTCUSDT", "BLZUSDT");
    FakeExchange exchange =
        new FakeExchange()
            .reply("premiumIndex", premium)
            .reply("fundingInfo", fixture("binance-fapi-fundingInfo-BLZUSDT.json"));

    CexFunding f = ok(protocol.current(BLZUSDT, BASE, exchange));

    assertThat(f.interval()).isEqualTo(Duration.ofHours(8));
    assertThat(f.fundingCapHourly())
        .hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.003125"));
  }

  @Test
  void after_a_cap_hit_on_a_1h_interval_the_rate_is_already_hourly() {
    // The recorded fundingInfo entry, as Binance lists a symbol moved to 1 h after its cap hit.
    String info =
        fixture("binance-fapi-fundingInfo-BLZUSDT.json")
            .replace("BLZUSDT", "BTCUSDT")
            .replace("\"fundingIntervalHours\": 8", "\"fundingIntervalHours\": 1");
    FakeExchange exchange =
        new FakeExchange()
            .reply("premiumIndex", fixture("binance-fapi-premiumIndex-BTCUSDT.json"))
            .reply("fundingInfo", info);

    CexFunding f = ok(protocol.current(BTCUSDT, BASE, exchange));

    assertThat(f.interval()).isEqualTo(Duration.ofHours(1));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.00038246");
    assertThat(f.apr()).isEqualByComparingTo("3.3503496");
    assertThat(f.fundingCapHourly())
        .hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.025"));
  }

  @Test
  void a_failed_funding_info_fails_the_reading_rather_than_guess_the_interval() {
    FakeExchange exchange =
        new FakeExchange()
            .reply("premiumIndex", fixture("binance-fapi-premiumIndex-BTCUSDT.json"))
            .reply("fundingInfo", 429, fixture("errors/binance-error-too-many-requests.json"));

    assertThat(failure(protocol.current(BTCUSDT, BASE, exchange)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
  }

  @Test
  void history_of_the_recorded_rows_is_per_hour_from_their_8h_spacing() {
    Instant from = Instant.ofEpochMilli(1698768000000L);
    Instant to = Instant.ofEpochMilli(1698796800000L);
    FakeExchange exchange =
        new FakeExchange().reply("fundingRate", fixture("binance-fapi-fundingRate-BTCUSDT.json"));

    List<FundingPoint> points = ok(protocol.history(BTCUSDT, from, to, BASE, exchange));

    assertThat(points).extracting(FundingPoint::at).containsExactly(from, to);
    assertThat(points)
        .allSatisfy(p -> assertThat(p.rateHourly()).isEqualByComparingTo("0.0000125"));
    assertThat(exchange.endpoints())
        .as("the spacing tells the interval: fundingInfo is not needed")
        .containsExactly("fundingRate");
    HttpUrl url = exchange.urls("fundingRate").get(0);
    assertThat(url.queryParameter("startTime"))
        .as("one interval before from, to read the first row's interval")
        .isEqualTo(Long.toString(from.minus(Duration.ofHours(8)).toEpochMilli()));
    assertThat(url.queryParameter("endTime")).isEqualTo(Long.toString(to.toEpochMilli()));
    assertThat(url.queryParameter("limit")).isEqualTo("1000");
  }

  @Test
  void history_reads_the_interval_change_after_a_cap_hit_from_the_settlement_times() {
    Instant t0 = Instant.parse("2025-03-01T00:00:00Z");
    String body =
        "["
            + row(t0, "0.00040000")
            + ","
            + row(t0.plus(Duration.ofHours(8)), "0.00040000")
            + ","
            + row(t0.plus(Duration.ofHours(9)), "0.00300000")
            + ","
            + row(t0.plus(Duration.ofHours(10)), "-0.00100000")
            + "]";
    FakeExchange exchange = new FakeExchange().reply("fundingRate", body);

    List<FundingPoint> points =
        ok(protocol.history(BTCUSDT, t0, t0.plus(Duration.ofHours(10)), BASE, exchange));

    assertThat(points)
        .extracting(p -> p.rateHourly().stripTrailingZeros().toPlainString())
        .containsExactly("0.00005", "0.00005", "0.003", "-0.001");
  }

  @Test
  void a_single_settlement_takes_the_current_interval_from_funding_info() {
    Instant t = Instant.ofEpochMilli(1698768000000L);
    String info =
        fixture("binance-fapi-fundingInfo-BLZUSDT.json")
            .replace("BLZUSDT", "BTCUSDT")
            .replace("\"fundingIntervalHours\": 8", "\"fundingIntervalHours\": 4");
    FakeExchange exchange =
        new FakeExchange()
            .reply("fundingRate", "[" + row(t, "0.00010000") + "]")
            .reply("fundingInfo", info);

    List<FundingPoint> points = ok(protocol.history(BTCUSDT, t, t, BASE, exchange));

    assertThat(points)
        .singleElement()
        .satisfies(p -> assertThat(p.rateHourly()).isEqualByComparingTo("0.000025"));
    assertThat(exchange.endpoints()).containsExactly("fundingRate", "fundingInfo");
  }

  @Test
  void history_pages_by_start_time_within_binances_limit_of_1000() {
    Instant from = Instant.parse("2025-01-01T00:00:00Z");
    Instant to = from.plus(Duration.ofHours(1500));
    FakeExchange exchange =
        new FakeExchange().answer("fundingRate", url -> hourlyRows(url, "0.00020000"));

    List<FundingPoint> points = ok(protocol.history(BTCUSDT, from, to, BASE, exchange));

    assertThat(points).hasSize(1501);
    assertThat(points.get(0).at()).isEqualTo(from);
    assertThat(points.get(1500).at()).isEqualTo(to);
    assertThat(points).allSatisfy(p -> assertThat(p.rateHourly()).isEqualByComparingTo("0.0002"));
    List<HttpUrl> pages = exchange.urls("fundingRate");
    assertThat(pages).hasSize(2);
    Instant lastOfFirstPage = from.minus(Duration.ofHours(8)).plus(Duration.ofHours(999));
    assertThat(pages.get(1).queryParameter("startTime"))
        .isEqualTo(Long.toString(lastOfFirstPage.toEpochMilli() + 1));
  }

  /** Hourly settlements in [startTime, endTime], at most {@code limit}, oldest first. */
  private static Reply hourlyRows(HttpUrl url, String rate) {
    Instant start = Instant.ofEpochMilli(Long.parseLong(url.queryParameter("startTime")));
    Instant end = Instant.ofEpochMilli(Long.parseLong(url.queryParameter("endTime")));
    int limit = Integer.parseInt(url.queryParameter("limit"));
    Instant t = Instant.ofEpochSecond((start.getEpochSecond() + 3599) / 3600 * 3600);
    if (t.isBefore(start)) {
      t = t.plus(Duration.ofHours(1));
    }
    List<String> rows = new ArrayList<>();
    while (!t.isAfter(end) && rows.size() < limit) {
      rows.add(row(t, rate));
      t = t.plus(Duration.ofHours(1));
    }
    return Reply.ok("[" + String.join(",", rows) + "]");
  }

  private static String row(Instant t, String rate) {
    return "{\"symbol\":\"BTCUSDT\",\"fundingTime\":"
        + t.toEpochMilli()
        + ",\"fundingRate\":\""
        + rate
        + "\",\"markPrice\":\"34287.54619963\"}";
  }

  @Test
  void binance_errors_have_their_own_meaning() {
    assertThat(
            failure(
                protocol.parsePremiumIndex(
                    BTCUSDT, 400, fixture("errors/binance-error-invalid-symbol.json"), RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("BTCUSDT: -1121 Invalid symbol."));
    assertThat(
            failure(
                protocol.parsePremiumIndex(
                    BTCUSDT,
                    429,
                    fixture("errors/binance-error-too-many-requests.json"),
                    RECEIVED)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
    QuoteFailure banned =
        failure(
            protocol.parseFundingRates(
                BTCUSDT,
                418,
                fixture("errors/binance-error-ip-banned.json"),
                Instant.ofEpochMilli(1659146187000L).minusSeconds(90)));
    assertThat(banned).isInstanceOf(QuoteFailure.Banned.class);
    assertThat(((QuoteFailure.Banned) banned).backOff()).isEqualTo(Duration.ofSeconds(90));
    assertThat(
            failure(
                protocol.parseFundingInfo(
                    BTCUSDT,
                    400,
                    fixture("errors/binance-error-mandatory-parameter.json"),
                    RECEIVED)))
        .isInstanceOf(QuoteFailure.VenueError.class)
        .extracting(f -> ((QuoteFailure.VenueError) f).code())
        .isEqualTo("-1102");
    assertThat(failure(protocol.parsePremiumIndex(BTCUSDT, 503, "", RECEIVED)))
        .isInstanceOf(QuoteFailure.Unavailable.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no lastFundingRate | "lastFundingRate": "0.00038246", | | lastFundingRate is missing
          empty lastFundingRate | "lastFundingRate": "0.00038246" | "lastFundingRate": "" | lastFundingRate is an empty string
          rate in percent | "lastFundingRate": "0.00038246" | "lastFundingRate": "3.8" | lastFundingRate is not a fraction per interval: 3.8
          rate as words | "lastFundingRate": "0.00038246" | "lastFundingRate": "high" | lastFundingRate is not a decimal number: 'high'
          zero mark | "markPrice": "11793.63104562" | "markPrice": "0" | markPrice is zero: 0
          other symbol | "symbol": "BTCUSDT" | "symbol": "ETHUSDT" | symbol is 'ETHUSDT', asked for 'BTCUSDT'
          time in seconds | "time": 1597370495002 | "time": 1597370495 | time is not epoch milliseconds: 1597370495
          no nextFundingTime | "nextFundingTime": 1597392000000, | | nextFundingTime is missing
          """)
  void a_premium_index_missing_or_mistyping_a_field_is_malformed_naming_it(
      String what, String from, String to, String expected) {
    String body =
        fixture("binance-fapi-premiumIndex-BTCUSDT.json").replace(from, to == null ? "" : to);

    assertThat(malformed(protocol.parsePremiumIndex(BTCUSDT, 200, body, RECEIVED)))
        .isEqualTo(expected);
  }

  @Test
  void bodies_that_are_not_the_endpoints_reply_are_malformed() {
    assertThat(malformed(protocol.parsePremiumIndex(BTCUSDT, 200, "", RECEIVED)))
        .contains("empty body");
    assertThat(malformed(protocol.parsePremiumIndex(BTCUSDT, 200, "<html>busy</html>", RECEIVED)))
        .contains("not JSON");
    assertThat(malformed(protocol.parsePremiumIndex(BTCUSDT, 200, "[]", RECEIVED)))
        .contains("the reply is an array, expected an object");
    assertThat(malformed(protocol.parseFundingInfo(BTCUSDT, 200, "{}", RECEIVED)))
        .contains("the reply is an object, expected an array");
    assertThat(malformed(protocol.parseFundingRates(BTCUSDT, 200, "{\"a\":1}", RECEIVED)))
        .contains("expected an array");
    String zeroHours =
        fixture("binance-fapi-fundingInfo-BLZUSDT.json")
            .replace("\"fundingIntervalHours\": 8", "\"fundingIntervalHours\": 0");
    assertThat(malformed(protocol.parseFundingInfo(BLZUSDT, 200, zeroHours, RECEIVED)))
        .isEqualTo("fundingIntervalHours is 0, expected 1 to 24");
    String capBelowFloor =
        fixture("binance-fapi-fundingInfo-BLZUSDT.json").replace("\"0.02500000\"", "\"-0.03\"");
    assertThat(malformed(protocol.parseFundingInfo(BLZUSDT, 200, capBelowFloor, RECEIVED)))
        .contains("adjustedFundingRateCap -0.03 is below adjustedFundingRateFloor");
    String secondsRow =
        fixture("binance-fapi-fundingRate-BTCUSDT.json").replace("1698796800000", "1698796800");
    assertThat(malformed(protocol.parseFundingRates(BTCUSDT, 200, secondsRow, RECEIVED)))
        .isEqualTo("[1].fundingTime is not epoch milliseconds: 1698796800");
  }
}
