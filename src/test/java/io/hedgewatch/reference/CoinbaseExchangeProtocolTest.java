package io.hedgewatch.reference;

import static io.hedgewatch.reference.ProtocolTesting.RECEIVED;
import static io.hedgewatch.reference.ProtocolTesting.failure;
import static io.hedgewatch.reference.ProtocolTesting.fixture;
import static io.hedgewatch.reference.ProtocolTesting.malformedDetail;
import static io.hedgewatch.reference.ProtocolTesting.market;
import static io.hedgewatch.reference.ProtocolTesting.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoinbaseExchangeProtocolTest {

  private static final VenueMarket BTC_USDT = market("BTC-USDT", "BTC/USDT");
  private static final String RECORDED = fixture("coinbase-exchange-products-ticker-BTC-USDT.json");
  private final CoinbaseExchangeProtocol coinbase = new CoinbaseExchangeProtocol();

  @Test
  void reads_the_recorded_ticker_with_its_microsecond_time() {
    VenueQuote q = quoted(coinbase.parseTicker(BTC_USDT, 200, RECORDED, RECEIVED));

    assertThat(q.venue()).isEqualTo(ReferenceVenue.COINBASE);
    assertThat(q.market()).isEqualTo(BTC_USDT);
    assertThat(q.price()).isEqualTo(new BigDecimal("73367.8"));
    assertThat(q.observedAt()).isEqualTo(Instant.parse("2024-03-13T11:10:41.270099Z"));
    assertThat(q.venueTimestamped()).isTrue();
  }

  @Test
  void trade_id_may_be_a_number_as_on_the_wire_or_a_string_as_recorded() {
    assertThat(RECORDED).contains("\"trade_id\": \"18502105\"");
    String wire = RECORDED.replace("\"trade_id\": \"18502105\"", "\"trade_id\": 18502105");
    assertThat(quoted(coinbase.parseTicker(BTC_USDT, 200, wire, RECEIVED)))
        .isEqualTo(quoted(coinbase.parseTicker(BTC_USDT, 200, RECORDED, RECEIVED)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2024-03-13T11:10:41.270099123Z, 2024-03-13T11:10:41.270099123Z",
    "2024-03-13T11:10:41Z, 2024-03-13T11:10:41Z",
    "2024-03-13T11:10:41.2Z, 2024-03-13T11:10:41.200Z",
    "2024-03-13T12:10:41.270099+01:00, 2024-03-13T11:10:41.270099Z",
  })
  void time_takes_any_fraction_up_to_nanoseconds_and_an_offset(String time, String instant) {
    String body = "{\"price\":\"1.5\",\"time\":\"" + time + "\"}";
    assertThat(quoted(coinbase.parseTicker(BTC_USDT, 200, body, RECEIVED)).observedAt())
        .isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"price\":\"1.5\"}                           | time is missing",
        "{\"price\":\"1.5\",\"time\":null}             | time is null",
        "{\"price\":\"1.5\",\"time\":1710328241270}    | time is a number",
        "{\"price\":\"1.5\",\"time\":\"\"}             | time is an empty string",
        "{\"price\":\"1.5\",\"time\":\"yesterday\"}    | time is not an ISO-8601 instant: 'yesterday'",
        "{\"price\":\"1.5\",\"time\":\"2024-03-13 11:10:41\"} | time is not an ISO-8601 instant: '2024-03-13 11:10:41'",
        "{\"time\":\"2024-03-13T11:10:41Z\"}           | price is missing",
        "{\"price\":false,\"time\":\"2024-03-13T11:10:41Z\"} | price is a boolean",
        "{\"price\":\"\",\"time\":\"2024-03-13T11:10:41Z\"}  | price is an empty string",
        "{\"price\":\"-73367.8\",\"time\":\"2024-03-13T11:10:41Z\"} | price is negative: -73367.8",
        "[]                                            | the reply is an array, expected an object",
        "<html>bad gateway</html>                      | not JSON: '<html>bad gateway</html>'",
      })
  void bad_bodies_are_malformed(String body, String detail) {
    assertThat(malformedDetail(coinbase.parseTicker(BTC_USDT, 200, body.strip(), RECEIVED)))
        .isEqualTo(detail);
  }

  @Test
  void a_number_price_is_read_exactly() {
    String body = "{\"price\":73367.80,\"time\":\"2024-03-13T11:10:41Z\"}";
    assertThat(quoted(coinbase.parseTicker(BTC_USDT, 200, body, RECEIVED)).price())
        .isEqualTo(new BigDecimal("73367.80"));
  }

  @Test
  void the_advanced_trade_product_body_is_not_an_exchange_ticker() {
    // Same price field, but no time: the wrong endpoint's body is refused, not half-read.
    assertThat(
            malformedDetail(
                coinbase.parseTicker(
                    market("BTC-USD", "BTC/USD"),
                    200,
                    fixture("coinbase-advanced-market-product-BTC-USD.json"),
                    RECEIVED)))
        .isEqualTo("time is missing");
  }

  @Test
  void not_found_is_an_unsupported_market() {
    assertThat(
            failure(
                coinbase.parseTicker(
                    market("BNB-USD", "BNB/USD"),
                    404,
                    fixture("errors/coinbase-error-not-found.json"),
                    RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("BNB-USD: NotFound"));
  }

  @Test
  void other_messages_are_venue_errors_under_their_status() {
    assertThat(
            failure(
                coinbase.parseTicker(
                    BTC_USDT, 400, "{\"message\":\"Invalid product ID provided\"}", RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("HTTP 400", "Invalid product ID provided"));
  }

  @Test
  void a_404_without_coinbases_shape_is_not_taken_for_an_unlisted_product() {
    // e.g. a wrong base URL: saying "not listed" would hide the configuration mistake
    assertThat(failure(coinbase.parseTicker(BTC_USDT, 404, "", RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("HTTP 404", "<empty body>"));
  }

  @Test
  void http_429_is_rate_limited_with_the_message() {
    assertThat(
            failure(
                coinbase.parseTicker(
                    BTC_USDT, 429, "{\"message\":\"Public rate limit exceeded\"}", RECEIVED)))
        .isEqualTo(new QuoteFailure.RateLimited(Optional.empty(), "Public rate limit exceeded"));
  }
}
