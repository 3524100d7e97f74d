package io.hedgewatch.reference;

import static io.hedgewatch.reference.ProtocolTesting.RECEIVED;
import static io.hedgewatch.reference.ProtocolTesting.failure;
import static io.hedgewatch.reference.ProtocolTesting.fixture;
import static io.hedgewatch.reference.ProtocolTesting.malformedDetail;
import static io.hedgewatch.reference.ProtocolTesting.market;
import static io.hedgewatch.reference.ProtocolTesting.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KrakenSpotProtocolTest {

  private static final String RECORDED = fixture("kraken-spot-Ticker-XBTUSDT.json");
  private static final VenueListings LISTINGS = VenueListings.standard();
  private final KrakenSpotProtocol kraken = new KrakenSpotProtocol();

  private static VenueMarket listed(String pair) {
    return LISTINGS.market(ReferenceVenue.KRAKEN, Pair.of(pair)).orElseThrow();
  }

  /** The recorded ticker with its result key replaced. */
  private static String recordedUnder(String key) {
    assertThat(RECORDED).contains("\"XBTUSDT\": {");
    return RECORDED.replace("\"XBTUSDT\": {", "\"" + key + "\": {");
  }

  @Test
  void reads_the_recorded_ticker_taking_the_last_trade_c0() {
    VenueMarket xbtUsdt = listed("BTC/USDT");
    assertThat(xbtUsdt.nativeSymbol()).isEqualTo("XBTUSDT");

    VenueQuote q = quoted(kraken.parseTicker(xbtUsdt, 200, RECORDED, RECEIVED));

    assertThat(q.venue()).isEqualTo(ReferenceVenue.KRAKEN);
    assertThat(q.market()).isEqualTo(xbtUsdt);
    assertThat(q.price()).isEqualTo(new BigDecimal("105899.40000")); // c[0], not ask/bid/vwap
    assertThat(q.observedAt()).isEqualTo(RECEIVED);
    assertThat(q.venueTimestamped()).isFalse();
  }

  @ParameterizedTest(name = "{0} answered as {1}")
  @CsvSource({
    "BTC/USD, XXBTZUSD",
    "BTC/USD, XBTUSD",
    "ETH/USD, XETHZUSD",
    "ETH/USD, ETHUSD",
    "XRP/USD, XXRPZUSD",
    "DOGE/USD, XDGUSD",
    "DOGE/USD, XXDGZUSD",
    "USDT/USD, USDTZUSD",
    "USDC/USD, USDCUSD",
    "ETH/USDT, ETHUSDT",
    "SOL/USD, SOLUSD",
  })
  void accepts_the_legacy_and_the_new_result_key(String pair, String key) {
    assertThat(quoted(kraken.parseTicker(listed(pair), 200, recordedUnder(key), RECEIVED)).price())
        .isEqualTo(new BigDecimal("105899.40000"));
  }

  @Test
  void a_result_for_another_pair_is_malformed() {
    assertThat(malformedDetail(kraken.parseTicker(listed("ETH/USD"), 200, RECORDED, RECEIVED)))
        .isEqualTo("result has no entry for ETHUSD (accepted [ETHUSD, XETHZUSD], found [XBTUSDT])");
  }

  @Test
  void a_market_outside_the_table_is_matched_by_its_request_symbol_only() {
    VenueMarket unlisted = market("XBTUSDT", "BTC/USDT");
    KrakenSpotProtocol bare = new KrakenSpotProtocol(VenueListings.of(List.of()));
    assertThat(quoted(bare.parseTicker(unlisted, 200, RECORDED, RECEIVED)).price())
        .isEqualTo(new BigDecimal("105899.40000"));
    assertThat(
            malformedDetail(
                bare.parseTicker(
                    market("XBTUSD", "BTC/USD"), 200, recordedUnder("XXBTZUSD"), RECEIVED)))
        .startsWith("result has no entry for XBTUSD");
  }

  @Test
  void result_keys_come_from_the_listings_given() {
    VenueListings custom =
        VenueListings.of(
            List.of(
                VenueListings.Listing.of(ReferenceVenue.KRAKEN, "FOOUSD", "FOO/USD", "XFOOZUSD")));
    assertThat(
            quoted(
                    new KrakenSpotProtocol(custom)
                        .parseTicker(
                            market("FOOUSD", "FOO/USD"), 200, recordedUnder("XFOOZUSD"), RECEIVED))
                .price())
        .isEqualTo(new BigDecimal("105899.40000"));
  }

  @Test
  void unknown_asset_pair_is_an_unsupported_market() {
    assertThat(
            failure(
                kraken.parseTicker(
                    market("BNBUSD", "BNB/USD"),
                    200,
                    fixture("errors/kraken-error-unknown-asset-pair.json"),
                    RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("BNBUSD: EQuery:Unknown asset pair"));
  }

  @ParameterizedTest
  @CsvSource({
    "errors/kraken-error-too-many-requests.json, EGeneral:Too many requests",
    "errors/kraken-error-rate-limit-exceeded.json, EAPI:Rate limit exceeded",
  })
  void throttling_errors_in_a_200_are_rate_limits(String file, String message) {
    assertThat(failure(kraken.parseTicker(listed("BTC/USD"), 200, fixture(file), RECEIVED)))
        .isEqualTo(new QuoteFailure.RateLimited(Optional.empty(), message));
  }

  @Test
  void service_errors_are_unavailable_and_others_venue_errors_by_category() {
    assertThat(
            failure(
                kraken.parseTicker(
                    listed("BTC/USD"), 200, "{\"error\":[\"EService:Unavailable\"]}", RECEIVED)))
        .isEqualTo(new QuoteFailure.Unavailable("EService:Unavailable"));
    assertThat(
            failure(
                kraken.parseTicker(
                    listed("BTC/USD"),
                    200,
                    "{\"error\":[\"EGeneral:Invalid arguments\",\"EQuery:Bad thing\"]}",
                    RECEIVED)))
        .isEqualTo(
            new QuoteFailure.VenueError(
                "EGeneral", "EGeneral:Invalid arguments; EQuery:Bad thing"));
  }

  @Test
  void warnings_do_not_fail_a_reply_that_has_the_result() {
    String body =
        recordedUnder("XXBTZUSD").replace("\"error\": []", "\"error\": [\"WGeneral:Something\"]");
    assertThat(quoted(kraken.parseTicker(listed("BTC/USD"), 200, body, RECEIVED)).price())
        .isEqualTo(new BigDecimal("105899.40000"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"result\":{\"XBTUSDT\":{\"c\":[\"1\",\"2\"]}}}            | error is missing",
        "{\"error\":\"\",\"result\":{\"XBTUSDT\":{\"c\":[\"1\"]}}}   | error is an empty string",
        "{\"error\":[1],\"result\":{\"XBTUSDT\":{\"c\":[\"1\"]}}}    | error holds a value that is not a string",
        "{\"error\":[]}                                              | result is missing",
        "{\"error\":[],\"result\":[]}                                | result is an array",
        "{\"error\":[],\"result\":{}}                                | result has no entry for XBTUSDT (accepted [XBTUSDT], found [])",
        "{\"error\":[],\"result\":{\"XBTUSDT\":[\"1\"]}}             | result.XBTUSDT is an array, expected an object",
        "{\"error\":[],\"result\":{\"XBTUSDT\":{}}}                  | c is missing",
        "{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":\"1\"}}}       | c is a string",
        "{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":[]}}}          | c is an empty array",
        "{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":[\"\"]}}}      | c[0] is an empty string",
        "{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":[null]}}}      | c[0] is null",
        "{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":[\"0\"]}}}     | c[0] is zero: 0",
        "{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":[[\"1\"]]}}}   | c[0] is an array",
        "{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":[\"1\",\"2\"]}} | not JSON: '{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":[\"1\",\"2\"]}}'",
      })
  void bad_bodies_are_malformed(String body, String detail) {
    assertThat(malformedDetail(kraken.parseTicker(listed("BTC/USDT"), 200, body.strip(), RECEIVED)))
        .isEqualTo(detail);
  }

  @Test
  void a_number_last_price_is_read_exactly() {
    String body = "{\"error\":[],\"result\":{\"XBTUSDT\":{\"c\":[105899.40000,\"0.1\"]}}}";
    assertThat(quoted(kraken.parseTicker(listed("BTC/USDT"), 200, body, RECEIVED)).price())
        .isEqualTo(new BigDecimal("105899.40000"));
  }
}
