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
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FundingBybitProtocolTest {

  /** The recorded ticker is Bybit's inverse BTCUSD perp (docs example, testnet values). */
  private static final FundingPerp BTCUSD =
      FundingPerp.inverse(CexFundingVenue.BYBIT, "BTCUSD", "BTC/USD");

  /** The recorded funding history is Bybit's USDC perp ETHPERP. */
  private static final FundingPerp ETHPERP =
      FundingPerp.linear(CexFundingVenue.BYBIT, "ETHPERP", "ETH/USDC");

  private static final FundingPerp ETHUSDT =
      FundingPerp.linear(CexFundingVenue.BYBIT, "ETHUSDT", "ETH/USDT");

  private static final String TICKER = "bybit-v5-market-tickers-inverse-BTCUSD.json";
  private static final String HISTORY = "bybit-v5-market-funding-history-ETHPERP.json";

  private final BybitFundingProtocol protocol = new BybitFundingProtocol();

  @Test
  void urls_take_the_category_from_the_contract() {
    assertThat(protocol.tickerUrl(BASE, BTCUSD).toString())
        .isEqualTo("https://venue.test/v5/market/tickers?category=inverse&symbol=BTCUSD");
    assertThat(protocol.tickerUrl(BASE, ETHUSDT).toString())
        .isEqualTo("https://venue.test/v5/market/tickers?category=linear&symbol=ETHUSDT");
    assertThat(
            protocol
                .historyUrl(
                    BASE,
                    ETHUSDT,
                    Instant.ofEpochMilli(1672012800000L),
                    Instant.ofEpochMilli(1672041600000L),
                    200)
                .toString())
        .isEqualTo(
            "https://venue.test/v5/market/funding/history?category=linear&symbol=ETHUSDT"
                + "&startTime=1672012800000&endTime=1672041600000&limit=200");
  }

  @Test
  void reads_the_recorded_ticker_exactly() {
    CexFunding f = ok(protocol.parseTicker(BTCUSD, 200, fixture(TICKER), RECEIVED));

    assertThat(f.venue()).isEqualTo(CexFundingVenue.BYBIT);
    assertThat(f.symbol()).isEqualTo("BTCUSD");
    assertThat(f.pair().toString()).isEqualTo("BTC/USD");
    assertThat(f.observedAt()).isEqualTo(Instant.ofEpochMilli(1760352369814L));
    assertThat(f.rateRaw()).isEqualTo(new BigDecimal("0.0001"));
    assertThat(f.interval()).isEqualTo(Duration.ofHours(8));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.0000125");
    assertThat(f.apr()).isEqualByComparingTo("0.1095");
    assertThat(f.nextFundingTime()).contains(Instant.ofEpochMilli(1760371200000L));
    assertThat(f.markPrice()).contains(new BigDecimal("114898.43"));
    assertThat(f.indexPrice()).contains(new BigDecimal("114890.92"));
    assertThat(f.fundingCapHourly())
        .hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.000625"));
  }

  @Test
  void a_4h_interval_divides_the_rate_and_the_cap_by_4() {
    String body =
        fixture(TICKER).replace("\"fundingIntervalHour\": \"8\"", "\"fundingIntervalHour\": \"4\"");

    CexFunding f = ok(protocol.parseTicker(BTCUSD, 200, body, RECEIVED));

    assertThat(f.interval()).isEqualTo(Duration.ofHours(4));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.000025");
    assertThat(f.fundingCapHourly())
        .hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.00125"));
  }

  @Test
  void an_empty_cap_is_not_applicable_and_a_negative_rate_keeps_its_sign() {
    String body =
        fixture(TICKER)
            .replace("\"fundingCap\": \"0.005\"", "\"fundingCap\": \"\"")
            .replace("\"fundingRate\": \"0.0001\"", "\"fundingRate\": \"-0.00032\"");

    CexFunding f = ok(protocol.parseTicker(BTCUSD, 200, body, RECEIVED));

    assertThat(f.fundingCapHourly()).isEmpty();
    assertThat(f.rateHourly()).isEqualByComparingTo("-0.00004");
  }

  @Test
  void reads_the_recorded_funding_history_exactly() {
    assertThat(ok(protocol.parseHistory(ETHPERP, 200, fixture(HISTORY), RECEIVED)))
        .containsExactly(
            new FundingMath.Settled(
                Instant.ofEpochMilli(1672041600000L), new BigDecimal("0.0001")));
  }

  @Test
  void a_single_settlement_takes_the_interval_of_the_current_ticker() {
    Instant t = Instant.ofEpochMilli(1672041600000L);
    // The recorded ticker's shape, for the symbol of the recorded history.
    String ticker = fixture(TICKER).replace("\"BTCUSD\"", "\"ETHPERP\"");
    FakeExchange exchange =
        new FakeExchange().reply("funding.history", fixture(HISTORY)).reply("tickers", ticker);

    List<FundingPoint> points = ok(protocol.history(ETHPERP, t, t, BASE, exchange));

    assertThat(points)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.at()).isEqualTo(t);
              assertThat(p.rateHourly()).isEqualByComparingTo("0.0000125");
            });
    assertThat(exchange.endpoints()).containsExactly("funding.history", "tickers");
    HttpUrl url = exchange.urls("funding.history").get(0);
    assertThat(url.queryParameter("startTime"))
        .isEqualTo(Long.toString(t.minus(Duration.ofHours(8)).toEpochMilli()));
    assertThat(url.queryParameter("endTime")).isEqualTo(Long.toString(t.toEpochMilli()));
  }

  @Test
  void history_pages_backwards_by_end_time_within_bybits_limit_of_200() {
    Instant from = Instant.parse("2025-01-01T00:00:00Z");
    Instant to = from.plus(Duration.ofDays(100));
    FakeExchange exchange =
        new FakeExchange().answer("funding.history", FundingBybitProtocolTest::rows);

    List<FundingPoint> points = ok(protocol.history(ETHUSDT, from, to, BASE, exchange));

    assertThat(points).hasSize(301);
    assertThat(points.get(0).at()).isEqualTo(from);
    assertThat(points.get(300).at()).isEqualTo(to);
    assertThat(points)
        .allSatisfy(p -> assertThat(p.rateHourly()).isEqualByComparingTo("0.0000125"));
    List<HttpUrl> pages = exchange.urls("funding.history");
    assertThat(pages).hasSize(2);
    Instant oldestOfFirstPage = to.minus(Duration.ofHours(8 * 199));
    assertThat(pages.get(1).queryParameter("endTime"))
        .isEqualTo(Long.toString(oldestOfFirstPage.toEpochMilli() - 1));
    assertThat(pages.get(1).queryParameter("startTime"))
        .isEqualTo(pages.get(0).queryParameter("startTime"));
  }

  /** 8-hourly settlements in [startTime, endTime], newest first, at most {@code limit}. */
  private static Reply rows(HttpUrl url) {
    long start = Long.parseLong(url.queryParameter("startTime"));
    long end = Long.parseLong(url.queryParameter("endTime"));
    int limit = Integer.parseInt(url.queryParameter("limit"));
    long step = Duration.ofHours(8).toMillis();
    long t = Math.floorDiv(end, step) * step;
    List<String> rows = new ArrayList<>();
    while (t >= start && rows.size() < limit) {
      rows.add(
          "{\"symbol\":\"ETHUSDT\",\"fundingRate\":\"0.0001\",\"fundingRateTimestamp\":\""
              + t
              + "\"}");
      t -= step;
    }
    return Reply.ok(
        "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
            + String.join(",", rows)
            + "]},\"retExtInfo\":{},\"time\":1735689600000}");
  }

  @Test
  void bybit_errors_have_their_own_meaning() {
    assertThat(
            failure(
                protocol.parseTicker(
                    BTCUSD,
                    200,
                    fixture("errors/bybit-error-not-supported-symbols.json"),
                    RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("BTCUSD: 10001 Not supported symbols"));
    assertThat(
            failure(
                protocol.parseHistory(
                    ETHPERP, 200, fixture("errors/bybit-error-too-many-visits.json"), RECEIVED)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
    QuoteFailure banned =
        failure(protocol.parseTicker(BTCUSD, 403, "access too frequent", RECEIVED));
    assertThat(banned).isInstanceOf(QuoteFailure.Banned.class);
    assertThat(((QuoteFailure.Banned) banned).backOff()).isEqualTo(Duration.ofMinutes(10));
    assertThat(
            failure(
                protocol.parseTicker(
                    BTCUSD, 200, fixture("errors/bybit-empty-list.json"), RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("BTCUSD: result.list is empty"));
    assertThat(failure(protocol.parseTicker(BTCUSD, 502, "<html>bad gateway</html>", RECEIVED)))
        .isInstanceOf(QuoteFailure.Unavailable.class);
  }

  @Test
  void an_empty_history_page_is_no_settlements_not_an_error() {
    String empty = fixture("errors/bybit-empty-list.json");

    assertThat(ok(protocol.parseHistory(ETHPERP, 200, empty, RECEIVED))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty rate | "fundingRate": "0.0001" | "fundingRate": "" | fundingRate is an empty string
          no rate | "fundingRate": "0.0001", | | fundingRate is missing
          empty interval | "fundingIntervalHour": "8" | "fundingIntervalHour": "" | fundingIntervalHour is not a whole number: ''
          zero interval | "fundingIntervalHour": "8" | "fundingIntervalHour": "0" | fundingIntervalHour is 0, expected 1 to 24
          empty mark | "markPrice": "114898.43" | "markPrice": "" | markPrice is an empty string
          no next funding | "nextFundingTime": "1760371200000" | "nextFundingTime": "0" | nextFundingTime is not epoch milliseconds: 0
          other symbol | "symbol": "BTCUSD" | "symbol": "ETHUSD" | symbol is 'ETHUSD', asked for 'BTCUSD'
          no envelope time | "time": 1760352369814 | "ts": 1760352369814 | time is missing
          """)
  void a_ticker_missing_or_mistyping_a_field_is_malformed_naming_it(
      String what, String from, String to, String expected) {
    String body = fixture(TICKER).replace(from, to == null ? "" : to);

    assertThat(malformed(protocol.parseTicker(BTCUSD, 200, body, RECEIVED))).isEqualTo(expected);
  }

  @Test
  void a_history_row_missing_or_mistyping_a_field_is_malformed_naming_the_row() {
    String badTime = fixture(HISTORY).replace("\"1672041600000\"", "\"yesterday\"");
    String otherSymbol = fixture(HISTORY).replace("\"ETHPERP\"", "\"ETHUSDT\"");

    assertThat(malformed(protocol.parseHistory(ETHPERP, 200, badTime, RECEIVED)))
        .isEqualTo("result.list[0].fundingRateTimestamp is not epoch milliseconds: 'yesterday'");
    assertThat(malformed(protocol.parseHistory(ETHPERP, 200, otherSymbol, RECEIVED)))
        .isEqualTo("result.list[0].symbol is 'ETHUSDT', asked for 'ETHPERP'");
    assertThat(malformed(protocol.parseHistory(ETHPERP, 200, "{\"retCode\":0}", RECEIVED)))
        .isEqualTo("result is missing");
  }
}
