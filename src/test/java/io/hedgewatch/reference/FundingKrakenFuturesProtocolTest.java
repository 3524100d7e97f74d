package io.hedgewatch.reference;

import static io.hedgewatch.reference.FundingTesting.BASE;
import static io.hedgewatch.reference.FundingTesting.RECEIVED;
import static io.hedgewatch.reference.FundingTesting.failure;
import static io.hedgewatch.reference.FundingTesting.fixture;
import static io.hedgewatch.reference.FundingTesting.malformed;
import static io.hedgewatch.reference.FundingTesting.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.reference.FundingTesting.FakeExchange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FundingKrakenFuturesProtocolTest {

  /** The recorded tickers (Kraken's docs example, demo-environment values) hold PI_XBTUSD. */
  private static final FundingPerp PI_XBTUSD =
      FundingPerp.inverse(CexFundingVenue.KRAKEN_FUTURES, "PI_XBTUSD", "BTC/USD");

  private static final FundingPerp PF_XBTUSD =
      FundingPerp.linear(CexFundingVenue.KRAKEN_FUTURES, "PF_XBTUSD", "BTC/USD");

  private static final FundingPerp PF_ETHUSD =
      FundingPerp.linear(CexFundingVenue.KRAKEN_FUTURES, "PF_ETHUSD", "ETH/USD");

  private static final String TICKERS = "kraken-futures-tickers-PI_XBTUSD.json";

  /**
   * Hand-written in the v4 historicalfundingrates shape with the three rows of Kraken's own example
   * for PI_XBTUSD (docs.kraken.com, historical funding rates, 2022-06-28).
   */
  private static final String HISTORY =
      """
      {"rates":[
        {"timestamp":"2022-06-28T00:00:00.000Z","fundingRate":-8.15861558e-10,
         "relativeFundingRate":-0.000016898883333333},
        {"timestamp":"2022-06-28T04:00:00.000Z","fundingRate":-2.6115278e-11,
         "relativeFundingRate":-5.40935416667e-7},
        {"timestamp":"2022-06-28T08:00:00.000Z","fundingRate":-4.08356853e-10,
         "relativeFundingRate":-0.000008521190625}
      ]}
      """;

  private final KrakenFuturesFundingProtocol protocol = new KrakenFuturesFundingProtocol();

  @Test
  void urls_are_the_tickers_and_the_v4_history() {
    assertThat(protocol.tickersUrl(BASE).toString())
        .isEqualTo("https://venue.test/derivatives/api/v3/tickers");
    assertThat(protocol.historyUrl(BASE, PF_ETHUSD).toString())
        .isEqualTo("https://venue.test/derivatives/api/v4/historicalfundingrates?symbol=PF_ETHUSD");
  }

  @Test
  void reads_the_recorded_perpetual_row_exactly() {
    KrakenFuturesFundingProtocol.Ticker t =
        ok(protocol.parseTicker(PI_XBTUSD, 200, fixture(TICKERS), RECEIVED));

    assertThat(t.symbol()).isEqualTo("PI_XBTUSD");
    assertThat(t.markPrice()).isEqualTo(new BigDecimal("30209.9"));
    assertThat(t.indexPrice()).isEqualTo(new BigDecimal("21087.8"));
    assertThat(t.absoluteFundingRate()).isEqualTo(new BigDecimal("1.18588737106e-7"));
    assertThat(t.serverTime()).isEqualTo(Instant.parse("2022-06-17T11:00:31.335Z"));
  }

  @Test
  void the_inverse_absolute_rate_times_the_index_is_the_hourly_fraction() {
    FakeExchange exchange = new FakeExchange().reply("tickers", fixture(TICKERS));

    CexFunding f = ok(protocol.current(PI_XBTUSD, BASE, exchange));

    // 1.18588737106e-7 BTC per 1-USD contract per hour × 21087.8 USD/BTC
    assertThat(f.rateRaw()).isEqualByComparingTo("0.0025007755703439068");
    assertThat(f.rateHourly()).isEqualByComparingTo("0.0025007755703439068");
    assertThat(f.interval()).isEqualTo(Duration.ofHours(1));
    assertThat(f.observedAt()).isEqualTo(Instant.parse("2022-06-17T11:00:31.335Z"));
    assertThat(f.nextFundingTime()).contains(Instant.parse("2022-06-17T12:00:00Z"));
    assertThat(f.markPrice()).contains(new BigDecimal("30209.9"));
    assertThat(f.indexPrice()).contains(new BigDecimal("21087.8"));
    assertThat(f.fundingCapHourly()).isEmpty();
    assertThat(exchange.requests.get(0).cacheFor())
        .isEqualTo(KrakenFuturesFundingProtocol.TICKERS_CACHE);
  }

  @Test
  void the_linear_absolute_rate_divided_by_the_index_is_the_hourly_fraction() {
    // The recorded row's shape as a PF_ contract paying 2.10878 USD per BTC per hour.
    String body =
        fixture(TICKERS)
            .replace("\"PI_XBTUSD\"", "\"PF_XBTUSD\"")
            .replace("\"fundingRate\": 1.18588737106e-7", "\"fundingRate\": 2.10878");

    CexFunding f =
        ok(
            KrakenFuturesFundingProtocol.funding(
                PF_XBTUSD, ok(protocol.parseTicker(PF_XBTUSD, 200, body, RECEIVED))));

    assertThat(f.rateHourly()).isEqualByComparingTo("0.0001");
    assertThat(f.apr()).isEqualByComparingTo("0.876");
  }

  @Test
  void the_inverse_conversion_matches_krakens_own_relative_rates() {
    // Kraken's example rows give relative / absolute ≈ 20713: BTC/USD on 2022-06-28.
    BigDecimal btcUsd = new BigDecimal("20712.93");

    BigDecimal relative =
        KrakenFuturesFundingProtocol.relativeRate(
            FundingPerp.Contract.INVERSE, new BigDecimal("-8.15861558e-10"), btcUsd);

    assertThat(relative)
        .isCloseTo(new BigDecimal("-0.000016898883333333"), within(new BigDecimal("1e-12")));
  }

  @Test
  void reads_the_history_rows_as_relative_rates_per_hour_cut_to_the_range() {
    List<FundingPoint> all = ok(protocol.parseHistory(PI_XBTUSD, 200, HISTORY, RECEIVED));

    assertThat(all)
        .containsExactly(
            new FundingPoint(
                Instant.parse("2022-06-28T00:00:00Z"), new BigDecimal("-0.000016898883333333")),
            new FundingPoint(
                Instant.parse("2022-06-28T04:00:00Z"), new BigDecimal("-5.40935416667e-7")),
            new FundingPoint(
                Instant.parse("2022-06-28T08:00:00Z"), new BigDecimal("-0.000008521190625")));

    FakeExchange exchange = new FakeExchange().reply("historicalfundingrates", HISTORY);
    List<FundingPoint> cut =
        ok(
            protocol.history(
                PI_XBTUSD,
                Instant.parse("2022-06-28T04:00:00Z"),
                Instant.parse("2022-06-28T08:00:00Z"),
                BASE,
                exchange));
    assertThat(cut)
        .extracting(FundingPoint::at)
        .containsExactly(
            Instant.parse("2022-06-28T04:00:00Z"), Instant.parse("2022-06-28T08:00:00Z"));
  }

  @Test
  void rows_that_are_not_the_asked_perpetual_are_not_listed() {
    FundingPerp dated =
        FundingPerp.inverse(CexFundingVenue.KRAKEN_FUTURES, "FI_XBTUSD_211231", "XBT/USD");

    assertThat(failure(protocol.parseTicker(dated, 200, fixture(TICKERS), RECEIVED)))
        .isEqualTo(
            new QuoteFailure.UnsupportedMarket(
                "FI_XBTUSD_211231: tag is 'month', not a perpetual"));
    assertThat(failure(protocol.parseTicker(PF_ETHUSD, 200, fixture(TICKERS), RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("PF_ETHUSD: not among the 4 tickers"));
  }

  @Test
  void a_suspended_market_is_no_reference() {
    String body = fixture(TICKERS).replaceFirst("\"suspended\": false", "\"suspended\": true");

    assertThat(failure(protocol.parseTicker(PI_XBTUSD, 200, body, RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("suspended", "PI_XBTUSD is suspended"));
  }

  @Test
  void an_absolute_rate_that_is_no_fraction_after_conversion_is_malformed() {
    String body =
        fixture(TICKERS).replace("\"fundingRate\": 1.18588737106e-7", "\"fundingRate\": 0.001");

    assertThat(
            malformed(
                KrakenFuturesFundingProtocol.funding(
                    PI_XBTUSD, ok(protocol.parseTicker(PI_XBTUSD, 200, body, RECEIVED)))))
        .contains("fundingRate 0.001 at index 21087.8 is 21.0878 per hour, not a fraction");
  }

  @Test
  void kraken_futures_errors_have_their_own_meaning() {
    String limit =
        "{\"result\":\"error\",\"serverTime\":\"2016-02-25T09:45:53.818Z\","
            + "\"error\":\"apiLimitExceeded\"}";
    String badSymbol =
        "{\"status\":\"BAD_REQUEST\",\"result\":\"error\",\"errors\":[{\"code\":11,"
            + "\"message\":\"Argument invalid: symbol\"}],\"serverTime\":\"2021-05-31T18:30:38.090Z\"}";
    String other = "{\"result\":\"error\",\"error\":\"marketUnavailable\"}";

    assertThat(failure(protocol.parseTicker(PI_XBTUSD, 200, limit, RECEIVED)))
        .isEqualTo(new QuoteFailure.RateLimited(Optional.empty(), "apiLimitExceeded"));
    assertThat(failure(protocol.parseHistory(PF_ETHUSD, 400, badSymbol, RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("PF_ETHUSD: 11 Argument invalid: symbol"));
    assertThat(failure(protocol.parseTicker(PI_XBTUSD, 200, other, RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("marketUnavailable", ""));
    assertThat(failure(protocol.parseTicker(PI_XBTUSD, 429, limit, RECEIVED)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not success | "result": "success" | "result": "maybe" | result is 'maybe', expected 'success'
          no tickers | "tickers": [ | "rows": [ | tickers is missing
          no server time | "serverTime": "2022-06-17T11:00:31.335Z" | "time": 1 | serverTime is missing
          server time in ms | "serverTime": "2022-06-17T11:00:31.335Z" | "serverTime": "1655463631335" | serverTime is not an ISO-8601 instant: '1655463631335'
          rate as a flag | "fundingRate": 1.18588737106e-7 | "fundingRate": true | fundingRate is a boolean
          no rate | "fundingRate": 1.18588737106e-7, | | fundingRate is missing
          zero index | "indexPrice": 21087.8, | "indexPrice": 0, | indexPrice is zero: 0
          """)
  void tickers_missing_or_mistyping_a_field_are_malformed_naming_it(
      String what, String from, String to, String expected) {
    String body =
        fixture(TICKERS).replaceFirst(java.util.regex.Pattern.quote(from), to == null ? "" : to);

    assertThat(malformed(protocol.parseTicker(PI_XBTUSD, 200, body, RECEIVED))).isEqualTo(expected);
  }

  @Test
  void a_history_row_without_its_relative_rate_is_malformed_naming_the_row() {
    String body = HISTORY.replace("\"relativeFundingRate\":-5.40935416667e-7", "\"relative\":0");

    assertThat(malformed(protocol.parseHistory(PI_XBTUSD, 200, body, RECEIVED)))
        .isEqualTo("rates[1].relativeFundingRate is missing");
    assertThat(
            malformed(protocol.parseHistory(PI_XBTUSD, 200, "{\"result\":\"success\"}", RECEIVED)))
        .isEqualTo("rates is missing");
  }
}
