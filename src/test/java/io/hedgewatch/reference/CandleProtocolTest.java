package io.hedgewatch.reference;

import static io.hedgewatch.reference.ProtocolTesting.RECEIVED;
import static io.hedgewatch.reference.ProtocolTesting.fixture;
import static io.hedgewatch.reference.ProtocolTesting.market;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.VenueMarket;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * The candle protocols of Binance (against the recorded {@code klines} reply, BTCUSDT 1m of
 * 2021-10-22), Coinbase and Kraken (against bodies written in the shapes of their API docs: no
 * recording of either is at hand).
 */
class CandleProtocolTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final String KLINES = fixture("binance-spot-klines-BTCUSDT-1m.json");
  private static final VenueMarket BTCUSDT = market("BTCUSDT", "BTC/USDT");
  private static final VenueMarket ETH_USD = market("ETH-USD", "ETH/USD");
  private static final VenueMarket ETHUSD = market("ETHUSD", "ETH/USD");
  private static final HttpUrl BASE = HttpUrl.get("http://127.0.0.1:9/prefix");

  private final BinanceKlinesProtocol binance = new BinanceKlinesProtocol();
  private final CoinbaseCandlesProtocol coinbase = new CoinbaseCandlesProtocol();
  private final KrakenOhlcProtocol kraken = new KrakenOhlcProtocol();

  /** Coinbase's shape: [time, low, high, open, close, volume], newest first, JSON numbers. */
  private static final String COINBASE =
      """
      [[1764003600, 3001.5, 3012.25, 3005, 3010.75, 120.5],
       [1764000000, 2998.1, 3007.0, 3000.2, 3005.0, 98.25]]
      """;

  /** Kraken's shape: [time, open, high, low, close, vwap, volume, count], oldest first. */
  private static final String KRAKEN =
      """
      {"error":[],"result":{"XETHZUSD":[
        [1764000000,"3000.20","3007.00","2998.10","3005.00","3003.1","98.25",310],
        [1764003600,"3005.00","3012.25","3001.50","3010.75","3008.4","120.50",402]],
       "last":1764000000}}
      """;

  private static List<Candle> ok(VenueReply<List<Candle>> reply) {
    assertThat(reply).isInstanceOf(VenueReply.Ok.class);
    return reply.asOptional().orElseThrow();
  }

  private static QuoteFailure failed(VenueReply<?> reply) {
    assertThat(reply).isInstanceOf(VenueReply.Failed.class);
    return reply.failureIfAny().orElseThrow();
  }

  @Test
  void the_recorded_binance_klines_read_as_ten_one_minute_closes() {
    List<Candle> candles = ok(binance.parse(BTCUSDT, MINUTE, 200, KLINES, RECEIVED));

    assertThat(candles).hasSize(10);
    assertThat(candles.get(0).openTime()).isEqualTo(Instant.ofEpochMilli(1634943780000L));
    assertThat(candles.get(0).closeTime()).isEqualTo(Instant.ofEpochMilli(1634943840000L));
    assertThat(candles.get(0).close().toPlainString()).isEqualTo("60719.27000000");
    assertThat(candles.get(9).openTime()).isEqualTo(Instant.ofEpochMilli(1634944320000L));
    assertThat(candles.get(9).close()).isEqualByComparingTo("60739.85");
    assertThat(candles).isSortedAccordingTo((a, b) -> a.openTime().compareTo(b.openTime()));
  }

  @Test
  void open_times_no_venue_could_have_traded_at_are_malformed_not_an_overflow() {
    // found by fuzzing: seconds past Long.MAX_VALUE / 1000 overflowed the grid check's millis
    assertThat(
            failed(
                    coinbase.parse(
                        ETH_USD, MINUTE, 200, "[[9300000000000000, 1, 2, 1.5, 1.8, 10]]", RECEIVED))
                .describe())
        .contains("[0]")
        .contains("not a time a venue traded at");
    assertThat(
            failed(
                    coinbase.parse(
                        ETH_USD,
                        MINUTE,
                        200,
                        "[[9223372036854775807, 1, 2, 1.5, 1.8, 10]]",
                        RECEIVED))
                .describe())
        .contains("not a time");
  }

  @Test
  void one_minute_klines_read_as_hourly_ones_are_malformed() {
    assertThat(failed(binance.parse(BTCUSDT, HOUR, 200, KLINES, RECEIVED)).describe())
        .isEqualTo(
            "malformed reply: [0] opens at 2021-10-22T23:03:00Z and closes at"
                + " 2021-10-22T23:03:59.999Z: not a 1h kline");
  }

  @Test
  void binance_asks_for_open_times_in_the_window_with_a_limit_that_covers_it() {
    Instant from = Instant.parse("2025-12-01T00:00:00Z");

    HttpUrl url = binance.url(BASE, BTCUSDT, HOUR, from, from.plus(Duration.ofHours(24)));

    assertThat(url.encodedPath()).isEqualTo("/prefix/api/v3/klines");
    assertThat(url.queryParameter("symbol")).isEqualTo("BTCUSDT");
    assertThat(url.queryParameter("interval")).isEqualTo("1h");
    assertThat(url.queryParameter("startTime")).isEqualTo(Long.toString(from.toEpochMilli()));
    assertThat(url.queryParameter("endTime"))
        .isEqualTo(Long.toString(from.plus(Duration.ofHours(24)).toEpochMilli() - 1));
    assertThat(url.queryParameter("limit")).isEqualTo("24");
    assertThat(binance.supports(Duration.ofHours(4))).isTrue();
    assertThat(binance.supports(Duration.ofDays(3))).isFalse();
  }

  @Test
  void binance_errors_are_read_as_the_spot_api_reads_them() {
    assertThat(
            failed(
                binance.parse(
                    BTCUSDT, HOUR, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", RECEIVED)))
        .isInstanceOf(QuoteFailure.UnsupportedMarket.class);
    assertThat(
            failed(
                binance.parse(
                    BTCUSDT,
                    HOUR,
                    400,
                    "{\"code\":-1120,\"msg\":\"Invalid interval.\"}",
                    RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("-1120", "Invalid interval."));
    assertThat(failed(binance.parse(BTCUSDT, HOUR, 429, "", RECEIVED)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(failed(binance.parse(BTCUSDT, HOUR, 418, "{}", RECEIVED)))
        .isInstanceOf(QuoteFailure.Banned.class);
    assertThat(failed(binance.parse(BTCUSDT, HOUR, 502, "<html>", RECEIVED)))
        .isInstanceOf(QuoteFailure.Unavailable.class);
  }

  @Test
  void malformed_klines_name_the_row_and_the_value() {
    List<String[]> cases =
        List.of(
            new String[] {"", "empty body, expected JSON"},
            new String[] {"{}", "the reply is an object, expected an array"},
            new String[] {"[[1634943780000, \"1\"]]", "[0] is an array of 2"},
            new String[] {
              "[[\"1634943780000\",\"1\",\"1\",\"1\",\"2\",\"1\",1634943839999]]",
              "[0][0] (openTime) is '1634943780000', expected a whole number"
            },
            new String[] {
              "[[1634943780000,\"1\",\"1\",\"1\",\"\",\"1\",1634943839999]]",
              "[0].close is an empty string"
            },
            new String[] {
              "[[1634943780000,\"1\",\"1\",\"1\",\"-2\",\"1\",1634943839999]]",
              "[0].close is negative"
            },
            new String[] {
              "[[1634943781000,\"1\",\"1\",\"1\",\"2\",\"1\",1634943840999]]",
              "[0] opens at 2021-10-22T23:03:01Z, not on the 1m grid"
            });
    for (String[] c : cases) {
      QuoteFailure failure = failed(binance.parse(BTCUSDT, MINUTE, 200, c[0], RECEIVED));
      assertThat(failure).as(c[0]).isInstanceOf(QuoteFailure.Malformed.class);
      assertThat(failure.describe()).as(c[0]).contains(c[1]);
    }
  }

  @Test
  void coinbase_candles_come_newest_first_and_are_read_by_their_open_time() {
    List<Candle> candles = ok(coinbase.parse(ETH_USD, HOUR, 200, COINBASE, RECEIVED));

    assertThat(candles)
        .extracting(Candle::openTime)
        .containsExactly(Instant.ofEpochSecond(1764003600L), Instant.ofEpochSecond(1764000000L));
    assertThat(candles.get(0).close()).isEqualByComparingTo("3010.75");
    assertThat(candles.get(1).close()).isEqualByComparingTo("3005.0");
    assertThat(candles.get(1).closeTime()).isEqualTo(Instant.ofEpochSecond(1764003600L));
  }

  @Test
  void coinbase_is_asked_for_at_most_300_candles_counting_both_ends() {
    Instant from = Instant.parse("2025-12-01T00:00:00Z");
    Instant to = from.plus(Duration.ofHours(300));

    HttpUrl url = coinbase.url(BASE, ETH_USD, HOUR, from, to);

    assertThat(url.encodedPath()).isEqualTo("/prefix/products/ETH-USD/candles");
    assertThat(url.queryParameter("granularity")).isEqualTo("3600");
    assertThat(url.queryParameter("start")).isEqualTo("2025-12-01T00:00:00Z");
    assertThat(url.queryParameter("end")).isEqualTo("2025-12-13T11:00:00Z");
    assertThat(coinbase.maxPerRequest()).isEqualTo(300);
    assertThat(coinbase.supports(Duration.ofHours(4))).isFalse();
    assertThat(coinbase.supports(Duration.ofHours(6))).isTrue();
  }

  @Test
  void coinbase_errors_and_off_grid_candles() {
    assertThat(failed(coinbase.parse(ETH_USD, HOUR, 404, "{\"message\":\"NotFound\"}", RECEIVED)))
        .isInstanceOf(QuoteFailure.UnsupportedMarket.class);
    String tooMany =
        "{\"message\":\"granularity too small for the requested time range. Count of aggregations"
            + " requested exceeds 300\"}";
    assertThat(failed(coinbase.parse(ETH_USD, HOUR, 400, tooMany, RECEIVED)))
        .isInstanceOf(QuoteFailure.VenueError.class)
        .extracting(QuoteFailure::describe)
        .asString()
        .contains("HTTP 400", "exceeds 300");
    // six-hourly candles read as hourly: 1764003600 is on the hour grid, 1764001800 is not
    assertThat(
            failed(coinbase.parse(ETH_USD, HOUR, 200, "[[1764001800, 1, 1, 1, 2, 1]]", RECEIVED))
                .describe())
        .contains("[0] opens at 2025-11-24T16:30:00Z, not on the 1h grid");
    assertThat(
            failed(coinbase.parse(ETH_USD, HOUR, 200, "[[1764000000, 1, 1, 1, null, 1]]", RECEIVED))
                .describe())
        .contains("[0].close is null");
  }

  @Test
  void kraken_candles_are_read_under_the_pairs_legacy_name() {
    List<Candle> candles = ok(kraken.parse(ETHUSD, HOUR, 200, KRAKEN, RECEIVED));

    assertThat(candles).hasSize(2);
    assertThat(candles.get(0).openTime()).isEqualTo(Instant.ofEpochSecond(1764000000L));
    assertThat(candles.get(0).close()).isEqualTo(new BigDecimal("3005.00"));
    assertThat(candles.get(1).close()).isEqualTo(new BigDecimal("3010.75"));
  }

  @Test
  void kraken_is_asked_since_just_before_the_window_and_keeps_719_closed_candles() {
    Instant from = Instant.parse("2025-12-01T00:00:00Z");

    HttpUrl url = kraken.url(BASE, ETHUSD, HOUR, from, from.plus(HOUR));

    assertThat(url.encodedPath()).isEqualTo("/prefix/0/public/OHLC");
    assertThat(url.queryParameter("pair")).isEqualTo("ETHUSD");
    assertThat(url.queryParameter("interval")).isEqualTo("60");
    assertThat(url.queryParameter("since")).isEqualTo(Long.toString(from.getEpochSecond() - 1));
    assertThat(kraken.maxLookback()).isEqualTo(719);
  }

  @Test
  void kraken_errors_and_replies_for_another_pair() {
    assertThat(
            failed(
                kraken.parse(
                    ETHUSD, HOUR, 200, "{\"error\":[\"EQuery:Unknown asset pair\"]}", RECEIVED)))
        .isInstanceOf(QuoteFailure.UnsupportedMarket.class);
    assertThat(
            failed(
                kraken.parse(
                    ETHUSD, HOUR, 200, "{\"error\":[\"EGeneral:Invalid arguments\"]}", RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("EGeneral", "EGeneral:Invalid arguments"));
    assertThat(
            failed(
                    kraken.parse(
                        ETHUSD, HOUR, 200, KRAKEN.replace("XETHZUSD", "XXBTZUSD"), RECEIVED))
                .describe())
        .isEqualTo(
            "malformed reply: result has no entry for ETHUSD (accepted [ETHUSD, XETHZUSD], found"
                + " [XXBTZUSD, last])");
    assertThat(
            failed(
                    kraken.parse(
                        ETHUSD, HOUR, 200, KRAKEN.replace("\"3010.75\"", "3010.75x"), RECEIVED))
                .describe())
        .contains("not JSON");
    assertThat(
            failed(
                    kraken.parse(
                        ETHUSD,
                        HOUR,
                        200,
                        KRAKEN.replace("\"3005.00\",\"3003.1\"", "\"abc\",\"3003.1\""),
                        RECEIVED))
                .describe())
        .contains("result.XETHZUSD[0].close is not a decimal number: 'abc'");
  }
}
