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

class OkxProtocolTest {

  private static final VenueMarket ETH_USDT = market("ETH-USDT", "ETH/USDT");
  private final OkxProtocol okx = new OkxProtocol();

  private static String ticker(String fields) {
    return "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instId\":\"ETH-USDT\"" + fields + "}]}";
  }

  @Test
  void reads_the_documented_ticker_shape_last_and_ts() {
    // The only recorded market/ticker body is OKX's docs example for a swap, placeholder numbers
    // included; the spot reply has the same shape.
    VenueMarket swap = market("BTC-USD-SWAP", "BTC/USD");
    VenueQuote q =
        quoted(
            okx.parseTicker(swap, 200, fixture("okx-market-ticker-BTC-USD-SWAP.json"), RECEIVED));

    assertThat(q.venue()).isEqualTo(ReferenceVenue.OKX);
    assertThat(q.market()).isEqualTo(swap);
    assertThat(q.price()).isEqualTo(new BigDecimal("9999.99"));
    assertThat(q.observedAt()).isEqualTo(Instant.ofEpochMilli(1597026383085L));
    assertThat(q.venueTimestamped()).isTrue();
  }

  @Test
  void the_recorded_index_ticker_has_no_last_price() {
    // index-tickers answers idxPx; asking the wrong endpoint must not yield a quote
    assertThat(
            malformedDetail(
                okx.parseTicker(
                    market("BTC-USDT", "BTC/USDT"),
                    200,
                    fixture("okx-market-index-tickers-BTC-USDT.json"),
                    RECEIVED)))
        .isEqualTo("last is missing");
  }

  @Test
  void a_ticker_for_another_instrument_is_malformed() {
    assertThat(
            malformedDetail(
                okx.parseTicker(
                    ETH_USDT, 200, fixture("okx-market-ticker-BTC-USD-SWAP.json"), RECEIVED)))
        .isEqualTo("instId is 'BTC-USD-SWAP', asked for 'ETH-USDT'");
  }

  @Test
  void of_several_tickers_the_requested_one_is_taken() {
    String body =
        "{\"code\":\"0\",\"msg\":\"\",\"data\":["
            + "{\"instId\":\"BTC-USDT\",\"last\":\"100000\",\"ts\":\"1746942707815\"},"
            + "{\"instId\":\"ETH-USDT\",\"last\":\"2500.5\",\"ts\":\"1746942707816\"}]}";
    VenueQuote q = quoted(okx.parseTicker(ETH_USDT, 200, body, RECEIVED));
    assertThat(q.price()).isEqualTo(new BigDecimal("2500.5"));
    assertThat(q.observedAt()).isEqualTo(Instant.ofEpochMilli(1746942707816L));
  }

  @Test
  void instrument_does_not_exist_is_an_unsupported_market() {
    assertThat(
            failure(
                okx.parseTicker(
                    market("ETH-USD", "ETH/USD"),
                    200,
                    fixture("errors/okx-error-instrument-does-not-exist.json"),
                    RECEIVED)))
        .isEqualTo(
            new QuoteFailure.UnsupportedMarket(
                "ETH-USD: 51001 Instrument ID, Instrument ID code, or Spread ID doesn't exist."));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"429", "200"})
  void code_50011_is_a_rate_limit_in_429_and_in_200(int status) {
    assertThat(
            failure(
                okx.parseTicker(
                    ETH_USDT,
                    status,
                    fixture("errors/okx-error-too-many-requests.json"),
                    RECEIVED)))
        .isEqualTo(new QuoteFailure.RateLimited(Optional.empty(), "50011 Too Many Requests"));
  }

  @Test
  void other_codes_are_venue_errors_with_the_message_whatever_the_status() {
    String body = "{\"code\":\"50014\",\"msg\":\"Parameter instId can not be empty.\",\"data\":[]}";
    QuoteFailure expected =
        new QuoteFailure.VenueError("50014", "Parameter instId can not be empty.");
    assertThat(failure(okx.parseTicker(ETH_USDT, 400, body, RECEIVED))).isEqualTo(expected);
    assertThat(failure(okx.parseTicker(ETH_USDT, 200, body, RECEIVED))).isEqualTo(expected);
  }

  @Test
  void empty_data_with_code_0_is_an_unsupported_market() {
    assertThat(
            failure(
                okx.parseTicker(
                    ETH_USDT, 200, "{\"code\":\"0\",\"msg\":\"\",\"data\":[]}", RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("ETH-USDT: data is empty"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"msg\":\"\",\"data\":[]}                          | code is missing",
        "{\"code\":true,\"msg\":\"\",\"data\":[]}            | code is a boolean",
        "{\"code\":\"\",\"msg\":\"\",\"data\":[]}            | code is an empty string",
        "{\"code\":\"0\",\"msg\":\"\"}                       | data is missing",
        "{\"code\":\"0\",\"msg\":\"\",\"data\":{}}           | data is an object",
        "{\"code\":\"0\",\"msg\":\"\",\"data\":[\"x\"]}      | data[0] is a string, expected an object",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"ts\":\"1597026383085\"}]}             | last is missing",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"\",\"ts\":\"1597026383085\"}]} | last is an empty string",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"x\",\"ts\":\"1597026383085\"}]} | last is not a decimal number: 'x'",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\"}]}                       | ts is missing",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\",\"ts\":\"\"}]}           | ts is an empty string",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\",\"ts\":\"soon\"}]}       | ts is not epoch milliseconds: 'soon'",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\",\"ts\":\"-1\"}]}         | ts is not epoch milliseconds: '-1'",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\",\"ts\":\"1597026383\"}]} | ts is not epoch milliseconds: 1597026383",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\",\"ts\":1597026383085.5}]} | ts is not whole epoch milliseconds: 1597026383085.5",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\",\"ts\":[]}]}             | ts is an array",
        "{\"code\":\"0\",\"data\":[{\"instId\":7,\"last\":\"1\",\"ts\":\"1597026383085\"}]}         | instId is a number",
        "{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\",\"ts\":\"1597026383085\"}] | not JSON: '{\"code\":\"0\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":\"1\",\"ts\":\"1597026383085\"}]'",
      })
  void bad_bodies_are_malformed(String body, String detail) {
    assertThat(malformedDetail(okx.parseTicker(ETH_USDT, 200, body.strip(), RECEIVED)))
        .isEqualTo(detail);
  }

  @Test
  void numbers_where_strings_are_expected_are_accepted_exactly() {
    VenueQuote q =
        quoted(
            okx.parseTicker(
                ETH_USDT,
                200,
                "{\"code\":0,\"msg\":\"\",\"data\":[{\"instId\":\"ETH-USDT\",\"last\":2500.50,"
                    + "\"ts\":1597026383085}]}",
                RECEIVED));
    assertThat(q.price()).isEqualTo(new BigDecimal("2500.50"));
    assertThat(q.observedAt()).isEqualTo(Instant.ofEpochMilli(1597026383085L));
  }

  @Test
  void unknown_fields_are_ignored() {
    assertThat(
            quoted(
                    okx.parseTicker(
                        ETH_USDT,
                        200,
                        ticker(",\"last\":\"2500\",\"ts\":\"1597026383085\",\"brandNew\":[{}]"),
                        RECEIVED))
                .price())
        .isEqualTo(new BigDecimal("2500"));
  }
}
