package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.VenueMarket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Binance spot {@code GET /api/v3/klines?symbol=ETHUSDT&interval=1h&startTime&endTime&limit} →
 * {@code [[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBase,
 * takerBuyQuote, "0"], …]}, oldest first: times are JSON integers in milliseconds ({@code
 * closeTime} is the last millisecond of the candle), prices decimal strings. {@code startTime} and
 * {@code endTime} bound the open times, both inclusive; at most {@link #LIMIT} rows a request. The
 * row of the running interval is included when the window reaches it.
 *
 * <p>Errors are the spot API's ({@code {"code":-1121,"msg":"Invalid symbol."}}, {@code -1120}
 * invalid interval), read by {@link BinanceSpotProtocol}.
 */
public final class BinanceKlinesProtocol extends CandleProtocol {

  /** Binance's largest {@code limit}. */
  public static final int LIMIT = 1000;

  /** The intervals that open on the epoch grid ({@code 3d}, {@code 1w}, {@code 1M} do not). */
  private static final Set<Duration> INTERVALS =
      Set.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(3),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4),
          Duration.ofHours(6),
          Duration.ofHours(8),
          Duration.ofHours(12),
          Duration.ofDays(1));

  public BinanceKlinesProtocol() {
    super(new BinanceSpotProtocol(), "klines", INTERVALS, LIMIT);
  }

  @Override
  public HttpUrl url(
      HttpUrl baseUrl, VenueMarket market, Duration interval, Instant from, Instant to) {
    long slots = Duration.between(from, to).toMillis() / interval.toMillis();
    return baseUrl
        .newBuilder()
        .addPathSegments("api/v3/klines")
        .addQueryParameter("symbol", market.nativeSymbol())
        .addQueryParameter("interval", CandleIntervals.label(interval))
        .addQueryParameter("startTime", Long.toString(from.toEpochMilli()))
        .addQueryParameter("endTime", Long.toString(to.toEpochMilli() - 1))
        .addQueryParameter("limit", Long.toString(Math.max(1, Math.min(LIMIT, slots))))
        .build();
  }

  @Override
  List<Candle> readCandles(VenueMarket market, Duration interval, JsonNode root) {
    List<JsonNode> rows = rows(root, "the reply", 7);
    List<Candle> candles = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String name = "[" + i + "]";
      JsonNode row = rows.get(i);
      Instant open = Instant.ofEpochMilli(wholeNumber(row.get(0), name + "[0] (openTime)"));
      Instant lastMilli = Instant.ofEpochMilli(wholeNumber(row.get(6), name + "[6] (closeTime)"));
      if (!lastMilli.plusMillis(1).equals(open.plus(interval))) {
        throw ReplyJson.malformed(
            name
                + " opens at "
                + open
                + " and closes at "
                + lastMilli
                + ": not a "
                + CandleIntervals.label(interval)
                + " kline");
      }
      candles.add(candle(open, interval, row.get(4), name));
    }
    return candles;
  }
}
