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
 * Coinbase Exchange {@code GET /products/ETH-USD/candles?granularity=3600&start&end} → {@code
 * [[time, low, high, open, close, volume], …]}, <b>newest first</b>, every value a JSON number
 * ({@code time} in epoch seconds, the candle's open). {@code start} and {@code end} (ISO-8601)
 * bound the open times, both included; a range of more than {@link #LIMIT} candles is refused (HTTP
 * 400), and only the granularities 60, 300, 900, 3600, 21600 and 86400 seconds exist. An interval
 * without trades has no candle (Coinbase docs, Exchange API, Get product candles).
 *
 * <p>Errors are {@code {"message":…}}, read by {@link CoinbaseExchangeProtocol}.
 */
public final class CoinbaseCandlesProtocol extends CandleProtocol {

  /** The most candles one request may span. */
  public static final int LIMIT = 300;

  private static final Set<Duration> GRANULARITIES =
      Set.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofHours(1),
          Duration.ofHours(6),
          Duration.ofDays(1));

  public CoinbaseCandlesProtocol() {
    super(new CoinbaseExchangeProtocol(), "candles", GRANULARITIES, LIMIT);
  }

  /** {@code end} is the open of the last candle wanted: Coinbase counts both ends. */
  @Override
  public HttpUrl url(
      HttpUrl baseUrl, VenueMarket market, Duration interval, Instant from, Instant to) {
    return baseUrl
        .newBuilder()
        .addPathSegment("products")
        .addPathSegment(market.nativeSymbol())
        .addPathSegment("candles")
        .addQueryParameter("granularity", Long.toString(interval.toSeconds()))
        .addQueryParameter("start", from.toString())
        .addQueryParameter("end", to.minus(interval).toString())
        .build();
  }

  @Override
  List<Candle> readCandles(VenueMarket market, Duration interval, JsonNode root) {
    List<JsonNode> rows = rows(root, "the reply", 5);
    List<Candle> candles = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String name = "[" + i + "]";
      Instant open =
          epochSecond(wholeNumber(rows.get(i).get(0), name + "[0] (time)"), name + "[0] (time)");
      candles.add(candle(open, interval, rows.get(i).get(4), name));
    }
    return candles;
  }
}
