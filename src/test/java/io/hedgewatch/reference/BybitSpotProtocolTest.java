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
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BybitSpotProtocolTest {

  private static final VenueMarket ETHUSDT = market("ETHUSDT", "ETH/USDT");
  private final BybitSpotProtocol bybit = new BybitSpotProtocol();

  private static String envelope(String list, String time) {
    return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"spot\",\"list\":"
        + list
        + "},\"retExtInfo\":{},\"time\":"
        + time
        + "}";
  }

  @Test
  void reads_the_documented_list_item_shape_with_the_envelope_time() {
    // The recorded body is the docs' inverse example; spot list items carry the same symbol and
    // lastPrice fields.
    VenueMarket inverse = market("BTCUSD", "BTC/USD");
    VenueQuote q =
        quoted(
            bybit.parseTicker(
                inverse, 200, fixture("bybit-v5-market-tickers-inverse-BTCUSD.json"), RECEIVED));

    assertThat(q.venue()).isEqualTo(ReferenceVenue.BYBIT);
    assertThat(q.market()).isEqualTo(inverse);
    assertThat(q.price()).isEqualTo(new BigDecimal("120635.50")); // lastPrice, not index or mark
    assertThat(q.observedAt()).isEqualTo(Instant.ofEpochMilli(1760352369814L));
    assertThat(q.venueTimestamped()).isTrue();
  }

  @Test
  void a_ticker_for_another_symbol_is_malformed() {
    assertThat(
            malformedDetail(
                bybit.parseTicker(
                    ETHUSDT,
                    200,
                    fixture("bybit-v5-market-tickers-inverse-BTCUSD.json"),
                    RECEIVED)))
        .isEqualTo("symbol is 'BTCUSD', asked for 'ETHUSDT'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "errors/bybit-error-not-supported-symbols.json, 10001 Not supported symbols",
    "errors/bybit-error-symbol-invalid.json, 10001 params error: symbol invalid",
  })
  void a_symbol_parameter_error_in_a_200_is_an_unsupported_market(String file, String says) {
    assertThat(failure(bybit.parseTicker(ETHUSDT, 200, fixture(file), RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("ETHUSDT: " + says));
  }

  @Test
  void another_parameter_error_is_a_venue_error() {
    String body = "{\"retCode\":10001,\"retMsg\":\"params error: category invalid\",\"result\":{}}";
    assertThat(failure(bybit.parseTicker(ETHUSDT, 200, body, RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("10001", "params error: category invalid"));
  }

  @Test
  void too_many_visits_is_a_rate_limit() {
    assertThat(
            failure(
                bybit.parseTicker(
                    ETHUSDT, 200, fixture("errors/bybit-error-too-many-visits.json"), RECEIVED)))
        .isEqualTo(new QuoteFailure.RateLimited(Optional.empty(), "10006 Too many visits!"));
  }

  @Test
  void http_403_over_the_ip_limit_is_a_ten_minute_ban() {
    assertThat(failure(bybit.parseTicker(ETHUSDT, 403, "access too frequent", RECEIVED)))
        .isEqualTo(
            new QuoteFailure.Banned(Duration.ofMinutes(10), "HTTP 403: 'access too frequent'"));
  }

  @Test
  void an_empty_list_is_an_unsupported_market() {
    assertThat(
            failure(
                bybit.parseTicker(ETHUSDT, 200, fixture("errors/bybit-empty-list.json"), RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("ETHUSDT: result.list is empty"));
  }

  @Test
  void a_string_retcode_and_a_string_time_are_accepted() {
    String body =
        "{\"retCode\":\"0\",\"retMsg\":\"OK\",\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\","
            + "\"lastPrice\":\"2500.10\"}]},\"time\":\"1760352369814\"}";
    VenueQuote q = quoted(bybit.parseTicker(ETHUSDT, 200, body, RECEIVED));
    assertThat(q.price()).isEqualTo(new BigDecimal("2500.10"));
    assertThat(q.observedAt()).isEqualTo(Instant.ofEpochMilli(1760352369814L));
  }

  @Test
  void a_number_last_price_is_read_exactly() {
    assertThat(
            quoted(
                    bybit.parseTicker(
                        ETHUSDT,
                        200,
                        envelope(
                            "[{\"symbol\":\"ETHUSDT\",\"lastPrice\":2500.10}]", "1760352369814"),
                        RECEIVED))
                .price())
        .isEqualTo(new BigDecimal("2500.10"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"retMsg\":\"OK\",\"result\":{\"list\":[]},\"time\":1760352369814}         | retCode is missing",
        "{\"retCode\":false,\"result\":{\"list\":[]},\"time\":1760352369814}         | retCode is a boolean",
        "{\"retCode\":\"ok\",\"result\":{\"list\":[]},\"time\":1760352369814}        | retCode is 'ok', expected a number",
        "{\"retCode\":0,\"time\":1760352369814}                                      | result is missing",
        "{\"retCode\":0,\"result\":[],\"time\":1760352369814}                        | result is an array",
        "{\"retCode\":0,\"result\":{},\"time\":1760352369814}                        | list is missing",
        "{\"retCode\":0,\"result\":{\"list\":{}},\"time\":1760352369814}             | list is an object",
        "{\"retCode\":0,\"result\":{\"list\":[1]},\"time\":1760352369814}            | result.list[0] is a number, expected an object",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\"}]},\"time\":1760352369814}                        | lastPrice is missing",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"\"}]},\"time\":1760352369814}     | lastPrice is an empty string",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"-2\"}]},\"time\":1760352369814}   | lastPrice is negative: -2",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":true}]},\"time\":1760352369814}     | lastPrice is a boolean",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"1\"}]}}                           | time is missing",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"1\"}]},\"time\":1760352369}      | time is not epoch milliseconds: 1760352369",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"1\"}]},\"time\":1760352369.814}  | time is not whole epoch milliseconds: 1760352369.814",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"1\"}]},\"time\":{}}              | time is an object",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"1\"},{\"symbol\":\"SOLUSDT\",\"lastPrice\":\"1\"}]},\"time\":1760352369814} | result.list has 2 entries, none with symbol ETHUSDT",
        "{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"1\"}]},\"time\":17603523 | not JSON: '{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"1\"}]},\"time\":17603523'",
      })
  void bad_bodies_are_malformed(String body, String detail) {
    assertThat(malformedDetail(bybit.parseTicker(ETHUSDT, 200, body.strip(), RECEIVED)))
        .isEqualTo(detail);
  }
}
