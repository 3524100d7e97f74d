package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.VenueMarket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Kraken spot {@code GET /0/public/OHLC?pair=ETHUSD&interval=60&since} → {@code
 * {"error":[],"result":{"XETHZUSD":[[time, "open", "high", "low", "close", "vwap", "volume",
 * count], …],"last":…}}}, oldest first, {@code time} in epoch seconds (the candle's open), prices
 * decimal strings, under Kraken's pair name (a legacy one for old pairs, read from {@link
 * VenueListings}). {@code interval} is in minutes: 1, 5, 15, 30, 60, 240, 1440 (and the off-grid
 * 10080, 21600). Kraken keeps only its last 720 entries whatever {@code since} says, the last of
 * them the running interval (Kraken docs, Spot REST, Get OHLC Data): at most {@link #LOOKBACK}
 * closed candles.
 *
 * <p>Errors come in HTTP 200 in {@code error[]}, read by {@link KrakenSpotProtocol}.
 */
public final class KrakenOhlcProtocol extends CandleProtocol {

  /** Entries Kraken returns at most, the running one included. */
  public static final int ENTRIES = 720;

  /** Closed candles Kraken serves back from now. */
  public static final int LOOKBACK = ENTRIES - 1;

  private static final Set<Duration> INTERVALS =
      Set.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(4),
          Duration.ofDays(1));

  private final VenueListings listings;

  public KrakenOhlcProtocol() {
    this(VenueListings.standard());
  }

  public KrakenOhlcProtocol(VenueListings listings) {
    super(new KrakenSpotProtocol(listings), "ohlc", INTERVALS, ENTRIES);
    this.listings = Objects.requireNonNull(listings, "listings");
  }

  @Override
  public int maxLookback() {
    return LOOKBACK;
  }

  /** {@code since} a second before the window: whether Kraken counts it in or out, none is lost. */
  @Override
  public HttpUrl url(
      HttpUrl baseUrl, VenueMarket market, Duration interval, Instant from, Instant to) {
    return baseUrl
        .newBuilder()
        .addPathSegments("0/public/OHLC")
        .addQueryParameter("pair", market.nativeSymbol())
        .addQueryParameter("interval", Long.toString(interval.toMinutes()))
        .addQueryParameter("since", Long.toString(from.getEpochSecond() - 1))
        .build();
  }

  @Override
  List<Candle> readCandles(VenueMarket market, Duration interval, JsonNode root) {
    KrakenSpotProtocol.ResultEntry entry = KrakenSpotProtocol.resultEntry(root, listings, market);
    String what = "result." + entry.name();
    List<JsonNode> rows = rows(entry.value(), what, 5);
    List<Candle> candles = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String name = what + "[" + i + "]";
      Instant open =
          epochSecond(wholeNumber(rows.get(i).get(0), name + "[0] (time)"), name + "[0] (time)");
      candles.add(candle(open, interval, rows.get(i).get(4), name));
    }
    return candles;
  }
}
