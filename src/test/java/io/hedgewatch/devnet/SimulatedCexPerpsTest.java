package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.reference.BinanceFundingProtocol;
import io.hedgewatch.reference.BybitFundingProtocol;
import io.hedgewatch.reference.DeribitFundingProtocol;
import io.hedgewatch.reference.FundingOutcome;
import io.hedgewatch.reference.FundingPerp;
import io.hedgewatch.reference.FundingPerps;
import io.hedgewatch.reference.HttpFundingSource;
import io.hedgewatch.reference.KrakenFuturesFundingProtocol;
import io.hedgewatch.reference.OkxFundingProtocol;
import io.hedgewatch.reference.VenueReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulated centralized perps, read over loopback by the production protocols: each venue's
 * reply parses, in its own unit and interval, and all of them agree on one asset until a test moves
 * one venue.
 */
class SimulatedCexPerpsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** 13:20 UTC: the 8-hourly venues settle next at 16:00. */
  private static final Instant NOW = Instant.parse("2026-11-24T13:20:00.123Z");

  private static final Instant NEXT_EIGHT_HOURS = Instant.parse("2026-11-24T16:00:00Z");

  private SimulatedExchanges exchanges;
  private OkHttpClient http;

  record Got(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  @BeforeEach
  void start() {
    exchanges = new SimulatedExchanges(Clock.fixed(NOW, ZoneOffset.UTC));
    exchanges.setUsdPrice("ETH", new BigDecimal("3000"));
    exchanges.setUsdPrice("BTC", new BigDecimal("60000"));
    http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    exchanges.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private HttpUrl base(CexFundingVenue venue) {
    return HttpUrl.get(exchanges.fundingBaseUrl(venue));
  }

  private static FundingPerp perp(CexFundingVenue venue, String symbol) {
    return FundingPerps.standard().perpForSymbol(venue, symbol).orElseThrow();
  }

  private Got get(HttpUrl url) {
    try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
      return new Got(r.code(), r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T ok(VenueReply<T> reply) {
    assertThat(reply.failureIfAny()).isEmpty();
    return reply.asOptional().orElseThrow();
  }

  /** What the production client reads from {@code venue} for {@code base}'s main perp. */
  private CexFunding funding(CexFundingVenue venue, String base) {
    Pair pair = FundingPerps.standard().preferred(venue, base).orElseThrow().pair();
    FundingOutcome outcome =
        HttpFundingSource.create(
                venue, Optional.of(exchanges.fundingBaseUrl(venue)), http, Clock.systemUTC())
            .funding(pair);
    assertThat(outcome).isInstanceOf(FundingOutcome.Funded.class);
    return ((FundingOutcome.Funded) outcome).funding();
  }

  private FundingOutcome.NotFunded notFunded(CexFundingVenue venue, Pair pair) {
    FundingOutcome outcome =
        HttpFundingSource.create(
                venue, Optional.of(exchanges.fundingBaseUrl(venue)), http, Clock.systemUTC())
            .funding(pair);
    assertThat(outcome).isInstanceOf(FundingOutcome.NotFunded.class);
    return (FundingOutcome.NotFunded) outcome;
  }

  @Test
  void binance_premium_index_states_the_rate_per_8_hours_and_no_symbol_is_adjusted() {
    BinanceFundingProtocol binance = new BinanceFundingProtocol();
    FundingPerp eth = perp(CexFundingVenue.BINANCE, "ETHUSDT");
    Got index = get(binance.premiumIndexUrl(base(CexFundingVenue.BINANCE), eth));
    BinanceFundingProtocol.PremiumIndex p =
        ok(binance.parsePremiumIndex(eth, index.status(), index.body(), NOW));
    assertThat(p.lastFundingRate()).isEqualByComparingTo("0.0001");
    assertThat(p.markPrice()).isEqualByComparingTo("3000");
    assertThat(p.indexPrice()).isEqualByComparingTo("3000");
    assertThat(p.nextFundingTime()).isEqualTo(NEXT_EIGHT_HOURS);
    assertThat(p.time()).isEqualTo(NOW);
    // Binance sends rates and prices as strings, times as numbers.
    assertThat(index.json().get("lastFundingRate").isTextual()).isTrue();
    assertThat(index.json().get("nextFundingTime").isIntegralNumber()).isTrue();

    Got info = get(binance.fundingInfoUrl(base(CexFundingVenue.BINANCE)));
    assertThat(ok(binance.parseFundingInfo(eth, info.status(), info.body(), NOW))).isEmpty();
  }

  @Test
  void bybit_linear_ticker_states_the_rate_per_its_funding_interval_hour_in_strings() {
    BybitFundingProtocol bybit = new BybitFundingProtocol();
    FundingPerp eth = perp(CexFundingVenue.BYBIT, "ETHUSDT");
    Got ticker = get(bybit.tickerUrl(base(CexFundingVenue.BYBIT), eth));
    CexFunding f = ok(bybit.parseTicker(eth, ticker.status(), ticker.body(), NOW));
    assertThat(f.rateRaw()).isEqualByComparingTo("0.0001");
    assertThat(f.interval()).isEqualTo(Duration.ofHours(8));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.0000125");
    assertThat(f.nextFundingTime()).contains(NEXT_EIGHT_HOURS);
    assertThat(f.markPrice()).hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("3000"));
    assertThat(f.observedAt()).isEqualTo(NOW);
    JsonNode item = ticker.json().get("result").get("list").get(0);
    assertThat(item.get("fundingIntervalHour").asText()).isEqualTo("8");
    assertThat(item.get("nextFundingTime").isTextual()).isTrue();
    assertThat(ticker.json().get("result").get("category").asText()).isEqualTo("linear");
  }

  @Test
  void bybit_spot_tickers_are_still_spot_on_the_same_host() {
    Got spot =
        get(
            HttpUrl.get(exchanges.baseUrl(ReferenceVenue.BYBIT) + "/v5/market/tickers")
                .newBuilder()
                .addQueryParameter("category", "spot")
                .addQueryParameter("symbol", "ETHUSDT")
                .build());
    JsonNode item = spot.json().get("result").get("list").get(0);
    assertThat(item.has("fundingRate")).isFalse();
    assertThat(item.get("lastPrice").asText()).isEqualTo("3000");
  }

  @Test
  void okx_funding_rate_interval_is_next_funding_time_minus_funding_time_and_mark_is_separate() {
    OkxFundingProtocol okx = new OkxFundingProtocol();
    FundingPerp eth = perp(CexFundingVenue.OKX, "ETH-USDT-SWAP");
    Got rate = get(okx.fundingRateUrl(base(CexFundingVenue.OKX), eth));
    OkxFundingProtocol.FundingRate r =
        ok(okx.parseFundingRate(eth, rate.status(), rate.body(), NOW));
    assertThat(r.fundingRate()).isEqualByComparingTo("0.0001");
    assertThat(r.interval()).isEqualTo(Duration.ofHours(8));
    assertThat(r.fundingTime()).isEqualTo(NEXT_EIGHT_HOURS);
    assertThat(r.maxFundingRate()).isPresent();
    assertThat(rate.json().get("code").asText()).isEqualTo("0");
    assertThat(rate.json().get("data").get(0).get("ts").isTextual()).isTrue();

    Got mark = get(okx.markPriceUrl(base(CexFundingVenue.OKX), eth));
    assertThat(ok(okx.parseMarkPrice(eth, mark.status(), mark.body(), NOW)).markPx())
        .isEqualByComparingTo("3000");
  }

  @Test
  void deribit_ticker_states_funding_8h_in_json_numbers_for_inverse_and_linear_perps() {
    DeribitFundingProtocol deribit = new DeribitFundingProtocol();
    FundingPerp inverse = perp(CexFundingVenue.DERIBIT, "ETH-PERPETUAL");
    Got ticker = get(deribit.tickerUrl(base(CexFundingVenue.DERIBIT), inverse));
    CexFunding f = ok(deribit.parseTicker(inverse, ticker.status(), ticker.body(), NOW));
    assertThat(f.rateRaw()).isEqualByComparingTo("0.0001");
    assertThat(f.interval()).isEqualTo(Duration.ofHours(8));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.0000125");
    assertThat(f.markPrice()).hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("3000"));
    assertThat(f.indexPrice()).hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("3000"));
    JsonNode result = ticker.json().get("result");
    assertThat(result.get("funding_8h").isNumber()).isTrue();
    assertThat(result.get("mark_price").isNumber()).isTrue();
    assertThat(ticker.json().get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(ticker.json().get("usIn").asLong()).isEqualTo(NOW.toEpochMilli() * 1000);

    exchanges.setUsdPrice("USDC", new BigDecimal("0.998"));
    FundingPerp linear = perp(CexFundingVenue.DERIBIT, "ETH_USDC-PERPETUAL");
    Got usdc = get(deribit.tickerUrl(base(CexFundingVenue.DERIBIT), linear));
    // Quoted in USDC: 3000 USD at 0.998 USD per USDC.
    assertThat(ok(deribit.parseTicker(linear, usdc.status(), usdc.body(), NOW)).markPrice())
        .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("3006.01202405"));
  }

  @Test
  void kraken_futures_states_an_absolute_hourly_rate_that_is_the_fraction_times_the_index() {
    exchanges.perps().setFunding("ETH", new BigDecimal("0.00002"));
    KrakenFuturesFundingProtocol kraken = new KrakenFuturesFundingProtocol();
    FundingPerp eth = perp(CexFundingVenue.KRAKEN_FUTURES, "PF_ETHUSD");
    Got tickers = get(kraken.tickersUrl(base(CexFundingVenue.KRAKEN_FUTURES)));
    KrakenFuturesFundingProtocol.Ticker t =
        ok(kraken.parseTicker(eth, tickers.status(), tickers.body(), NOW));
    // 0.002 % of 3000 USD per contract (1 ETH) per hour
    assertThat(t.absoluteFundingRate()).isEqualByComparingTo("0.06");
    assertThat(t.serverTime()).isEqualTo(NOW);
    CexFunding f = ok(KrakenFuturesFundingProtocol.funding(eth, t));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.00002");
    assertThat(f.interval()).isEqualTo(Duration.ofHours(1));

    FundingPerp btc = perp(CexFundingVenue.KRAKEN_FUTURES, "PF_XBTUSD");
    CexFunding b =
        ok(
            KrakenFuturesFundingProtocol.funding(
                btc, ok(kraken.parseTicker(btc, tickers.status(), tickers.body(), NOW))));
    assertThat(b.rateHourly()).isEqualByComparingTo("0.0000125");
    assertThat(b.markPrice()).hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("60000"));

    // One reply for every perp, with index rows that carry no funding, as Kraken sends.
    JsonNode rows = tickers.json().get("tickers");
    assertThat(rows.findValuesAsText("symbol")).contains("PF_ETHUSD", "PF_XBTUSD", "in_xbtusd");
    for (JsonNode row : rows) {
      if (row.path("tag").asText().equals("perpetual")) {
        assertThat(row.get("fundingRate").isNumber()).isTrue();
        assertThat(row.get("pair").asText()).endsWith(":USD");
      } else {
        assertThat(row.has("fundingRate")).isFalse();
      }
    }
    assertThat(rows.findValuesAsText("symbol")).doesNotContain("PF_SOLUSD");
  }

  @Test
  void every_venue_agrees_on_an_asset_on_one_hourly_scale() {
    exchanges.perps().setFunding("BTC", new BigDecimal("-0.000005"));
    for (CexFundingVenue venue : CexFundingVenue.values()) {
      CexFunding eth = funding(venue, "ETH");
      assertThat(eth.rateHourly()).as(venue.configName()).isEqualByComparingTo("0.0000125");
      assertThat(eth.markPrice())
          .as(venue.configName())
          .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("3000"));
      CexFunding btc = funding(venue, "BTC");
      assertThat(btc.rateHourly()).as(venue.configName()).isEqualByComparingTo("-0.000005");
      assertThat(btc.markPrice())
          .as(venue.configName())
          .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("60000"));
    }
  }

  @ParameterizedTest
  @EnumSource(CexFundingVenue.class)
  void one_venue_moved_leaves_the_others_and_comes_back(CexFundingVenue moved) {
    exchanges.perps().setFunding(moved, "ETH", new BigDecimal("0.0001"));
    exchanges.perps().setMark(moved, "ETH", new BigDecimal("3090"));
    for (CexFundingVenue venue : CexFundingVenue.values()) {
      CexFunding eth = funding(venue, "ETH");
      boolean isMoved = venue == moved;
      assertThat(eth.rateHourly())
          .as(venue.configName())
          .isEqualByComparingTo(isMoved ? "0.0001" : "0.0000125");
      assertThat(eth.markPrice())
          .as(venue.configName())
          .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo(isMoved ? "3090" : "3000"));
      assertThat(eth.indexPrice().orElse(new BigDecimal("3000"))).isEqualByComparingTo("3000");
      assertThat(funding(venue, "BTC").rateHourly()).isEqualByComparingTo("0.0000125");
    }
    exchanges.perps().clearFunding(moved, "ETH");
    exchanges.perps().clearMark(moved, "ETH");
    assertThat(funding(moved, "ETH").rateHourly()).isEqualByComparingTo("0.0000125");
    assertThat(funding(moved, "ETH").markPrice())
        .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("3000"));
  }

  @Test
  void binance_funding_set_per_8_hours_is_binance_only() {
    exchanges.setBinanceFunding("ETHUSDT", new BigDecimal("0.0005"));
    assertThat(funding(CexFundingVenue.BINANCE, "ETH").rateHourly())
        .isEqualByComparingTo("0.0000625");
    assertThat(funding(CexFundingVenue.OKX, "ETH").rateHourly()).isEqualByComparingTo("0.0000125");
    assertThatThrownBy(() -> exchanges.setBinanceFunding("ETH-USDT-SWAP", BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ETH-USDT-SWAP");
  }

  @Test
  void a_usdt_depeg_on_one_exchange_moves_its_perps_index_but_not_deribits() {
    exchanges.setStablecoinOnVenue(ReferenceVenue.BINANCE, "USDT", new BigDecimal("0.95"));
    assertThat(funding(CexFundingVenue.BINANCE, "ETH").indexPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3157.89473684"));
    assertThat(funding(CexFundingVenue.BYBIT, "ETH").indexPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3000"));
    assertThat(funding(CexFundingVenue.DERIBIT, "ETH").indexPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3000"));
  }

  @ParameterizedTest
  @EnumSource(CexFundingVenue.class)
  void an_unpriced_perp_is_an_unsupported_market_in_the_venues_own_error_shape(
      CexFundingVenue venue) {
    // SOL is in the perp table but has no price here.
    Pair sol = FundingPerps.standard().preferred(venue, "SOL").orElseThrow().pair();
    assertThat(notFunded(venue, sol).failure()).isInstanceOf(QuoteFailure.UnsupportedMarket.class);
  }

  @Test
  void an_unknown_deribit_method_is_a_json_rpc_error() {
    Got got =
        get(base(CexFundingVenue.DERIBIT).newBuilder().addPathSegments("api/v2/public/x").build());
    assertThat(got.status()).isEqualTo(400);
    assertThat(got.json().get("error").get("code").asInt()).isEqualTo(-32601);
  }

  @Test
  void deribit_and_kraken_futures_have_hosts_of_their_own() {
    assertThat(exchanges.fundingBaseUrl(CexFundingVenue.BINANCE))
        .isEqualTo(exchanges.baseUrl(ReferenceVenue.BINANCE));
    assertThat(exchanges.fundingBaseUrl(CexFundingVenue.KRAKEN_FUTURES))
        .isNotEqualTo(exchanges.baseUrl(ReferenceVenue.KRAKEN))
        .endsWith("/kraken-futures");
    assertThat(exchanges.fundingBaseUrl(CexFundingVenue.DERIBIT)).endsWith("/deribit");
    // Kraken spot answers as before on its own prefix.
    Got spot =
        get(HttpUrl.get(exchanges.baseUrl(ReferenceVenue.KRAKEN) + "/0/public/Ticker?pair=ETHUSD"));
    assertThat(spot.json().get("result").get("XETHZUSD").get("c").get(0).asText())
        .isEqualTo("3000");
  }
}
