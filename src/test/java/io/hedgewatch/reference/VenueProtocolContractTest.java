package io.hedgewatch.reference;

import static io.hedgewatch.reference.ProtocolTesting.RECEIVED;
import static io.hedgewatch.reference.ProtocolTesting.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What every venue protocol promises through {@link VenueProtocol}, whatever the venue. */
class VenueProtocolContractTest {

  private static final Map<ReferenceVenue, VenueProtocol> PROTOCOLS =
      VenueProtocols.all(VenueListings.standard());

  private static final int[] STATUSES = {
    0, 100, 200, 201, 204, 301, 304, 400, 401, 403, 404, 408, 410, 418, 429, 451, 500, 502, 503,
    504, 520, 599, 600, 999, -1
  };

  /** Bodies no venue sends on success, plus every recorded and error body of every venue. */
  private static List<String> bodies() {
    List<String> bodies = new ArrayList<>();
    bodies.addAll(
        List.of(
            "",
            " ",
            "\n",
            "null",
            "true",
            "0",
            "-1",
            "1e400",
            "\"text\"",
            "[]",
            "[[]]",
            "{}",
            "{",
            "}",
            "[",
            "<html><body>502 Bad Gateway</body></html>",
            "\u0000\u0001\u0002",
            "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
            "{\"price\":\"" + "9".repeat(5000) + "\"}",
            "{\"code\":{},\"msg\":[],\"retCode\":[],\"error\":{},\"message\":{},\"data\":null}"));
    ProtocolTesting.RECORDED.forEach(f -> bodies.add(fixture(f)));
    ProtocolTesting.ERRORS.forEach(f -> bodies.add(fixture(f)));
    bodies.add(null);
    return bodies;
  }

  private static VenueMarket ethUsdOn(ReferenceVenue venue) {
    return VenueListings.standard().preferredMarket(venue, Pair.of("ETH/USD")).orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(ReferenceVenue.class)
  void any_status_and_any_body_gives_an_outcome_for_the_market_asked_never_an_exception(
      ReferenceVenue venue) {
    VenueProtocol protocol = PROTOCOLS.get(venue);
    VenueMarket market = ethUsdOn(venue);
    for (int status : STATUSES) {
      for (String body : bodies()) {
        QuoteOutcome outcome =
            assertNoThrow(() -> protocol.parseTicker(market, status, body, RECEIVED), status, body);
        assertThat(outcome.venue()).isEqualTo(venue);
        assertThat(outcome.market()).isEqualTo(market);
        if (outcome instanceof QuoteOutcome.Quoted q) {
          assertThat(status).isBetween(200, 299);
          assertThat(q.quote().price()).isPositive();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ReferenceVenue.class)
  void statuses_429_418_and_5xx_mean_rate_limit_ban_and_unavailable_whatever_the_body(
      ReferenceVenue venue) {
    VenueProtocol protocol = PROTOCOLS.get(venue);
    VenueMarket market = ethUsdOn(venue);
    for (String body : bodies()) {
      assertThat(failureOf(protocol.parseTicker(market, 429, body, RECEIVED)))
          .isInstanceOf(QuoteFailure.RateLimited.class);
      assertThat(failureOf(protocol.parseTicker(market, 418, body, RECEIVED)))
          .isInstanceOf(QuoteFailure.Banned.class);
      for (int status : new int[] {500, 502, 503, 504, 599}) {
        assertThat(failureOf(protocol.parseTicker(market, status, body, RECEIVED)))
            .isInstanceOf(QuoteFailure.Unavailable.class);
      }
    }
  }

  /** Seeds for the mutation runs; a failure names its seed, so it can be replayed alone. */
  static Stream<Arguments> seededMutations() {
    List<Arguments> runs = new ArrayList<>();
    for (ReferenceVenue venue : ReferenceVenue.values()) {
      LongStream.range(0, 4).forEach(i -> runs.add(Arguments.of(venue, 0x5EED_0000L + i)));
    }
    return runs.stream();
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("seededMutations")
  void mutated_recorded_bodies_never_throw_and_never_quote_a_non_positive_price(
      ReferenceVenue venue, long seed) {
    VenueProtocol protocol = PROTOCOLS.get(venue);
    Random random = new Random(seed);
    List<String> originals = new ArrayList<>();
    ProtocolTesting.RECORDED.forEach(f -> originals.add(fixture(f)));
    ProtocolTesting.ERRORS.forEach(f -> originals.add(fixture(f)));
    VenueMarket[] markets = {
      ethUsdOn(venue),
      new VenueMarket("BTCUSDT", Pair.of("BTC/USDT")),
      new VenueMarket("BTC-USDT", Pair.of("BTC/USDT")),
      new VenueMarket("XBTUSDT", Pair.of("BTC/USDT")),
      new VenueMarket("BTC-USD-SWAP", Pair.of("BTC/USD")),
      new VenueMarket("BTCUSD", Pair.of("BTC/USD")),
    };
    for (int i = 0; i < 250; i++) {
      String body = mutate(originals.get(random.nextInt(originals.size())), random);
      VenueMarket market = markets[random.nextInt(markets.length)];
      QuoteOutcome outcome =
          assertNoThrow(() -> protocol.parseTicker(market, 200, body, RECEIVED), 200, body);
      if (outcome instanceof QuoteOutcome.Quoted q) {
        assertThat(q.quote().price()).as("seed %d body %s", seed, body).isPositive();
      }
    }
  }

  /** One to three random edits: cut, delete a span, duplicate a span, replace or insert a char. */
  static String mutate(String text, Random random) {
    String s = text;
    int edits = 1 + random.nextInt(3);
    String alphabet = "{}[]\":,-.0123456789eEtrufalsn \\x";
    for (int e = 0; e < edits && !s.isEmpty(); e++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(5)) {
        case 0 -> s = s.substring(0, at);
        case 1 ->
            s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(8)));
        case 2 -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(12));
          s = s.substring(0, end) + s.substring(at, end) + s.substring(end);
        }
        case 3 ->
            s =
                s.substring(0, at)
                    + alphabet.charAt(random.nextInt(alphabet.length()))
                    + s.substring(at + 1);
        default ->
            s =
                s.substring(0, at)
                    + alphabet.charAt(random.nextInt(alphabet.length()))
                    + s.substring(at);
      }
    }
    return s;
  }

  private static QuoteOutcome assertNoThrow(
      java.util.function.Supplier<QuoteOutcome> parse, int status, String body) {
    QuoteOutcome[] out = new QuoteOutcome[1];
    assertThatCode(() -> out[0] = parse.get())
        .as("HTTP %d body %s", status, body == null ? "null" : ReplyJson.snippet(body))
        .doesNotThrowAnyException();
    assertThat(out[0]).isNotNull();
    return out[0];
  }

  private static QuoteFailure failureOf(QuoteOutcome outcome) {
    assertThat(outcome).isInstanceOf(QuoteOutcome.NotQuoted.class);
    return ((QuoteOutcome.NotQuoted) outcome).failure();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "BINANCE, https://api.binance.com, /api/v3/ticker/price?symbol=ETHUSDT",
    "COINBASE, https://api.exchange.coinbase.com, /products/ETH-USD/ticker",
    "KRAKEN, https://api.kraken.com, /0/public/Ticker?pair=ETHUSD",
    "OKX, https://www.okx.com, /api/v5/market/ticker?instId=ETH-USDT",
    "BYBIT, https://api.bybit.com, /v5/market/tickers?category=spot&symbol=ETHUSDT",
  })
  void ticker_urls_under_the_default_base_and_under_a_path_prefix(
      ReferenceVenue venue, String defaultBase, String pathAndQuery) {
    VenueProtocol protocol = PROTOCOLS.get(venue);
    VenueMarket market = ethUsdOn(venue);
    assertThat(protocol.venue()).isEqualTo(venue);
    assertThat(protocol.defaultBaseUrl()).isEqualTo(defaultBase);

    assertThat(protocol.tickerUrl(HttpUrl.get(protocol.defaultBaseUrl()), market))
        .hasToString(defaultBase + pathAndQuery);
    String prefix = "http://127.0.0.1:8123/" + venue.configName();
    assertThat(protocol.tickerUrl(HttpUrl.get(prefix), market)).hasToString(prefix + pathAndQuery);
    assertThat(protocol.tickerUrl(HttpUrl.get(prefix + "/"), market))
        .hasToString(prefix + pathAndQuery);
    assertThat(
            protocol.tickerUrl(
                HttpUrl.get("http://127.0.0.1:8123/mock/v2/" + venue.configName()), market))
        .hasToString("http://127.0.0.1:8123/mock/v2/" + venue.configName() + pathAndQuery);
  }

  @Test
  void symbols_are_encoded_not_spliced_into_the_url() {
    VenueMarket odd = new VenueMarket("A/B C&d=1", Pair.of("A/B"));
    HttpUrl base = HttpUrl.get("http://127.0.0.1:8123/x");
    assertThat(PROTOCOLS.get(ReferenceVenue.COINBASE).tickerUrl(base, odd))
        .hasToString("http://127.0.0.1:8123/x/products/A%2FB%20C&d=1/ticker");
    assertThat(PROTOCOLS.get(ReferenceVenue.BINANCE).tickerUrl(base, odd).queryParameter("symbol"))
        .isEqualTo("A/B C&d=1");
    assertThat(PROTOCOLS.get(ReferenceVenue.BINANCE).tickerUrl(base, odd).querySize()).isEqualTo(1);
  }

  @Test
  void protocols_by_venue() {
    assertThat(PROTOCOLS).containsOnlyKeys(ReferenceVenue.values());
    assertThat(VenueProtocols.of(ReferenceVenue.KRAKEN)).isInstanceOf(KrakenSpotProtocol.class);
    assertThat(VenueProtocols.of(ReferenceVenue.BINANCE)).isInstanceOf(BinanceSpotProtocol.class);
    assertThat(VenueProtocols.of(ReferenceVenue.COINBASE))
        .isInstanceOf(CoinbaseExchangeProtocol.class);
    assertThat(VenueProtocols.of(ReferenceVenue.OKX)).isInstanceOf(OkxProtocol.class);
    assertThat(VenueProtocols.of(ReferenceVenue.BYBIT)).isInstanceOf(BybitSpotProtocol.class);
  }
}
