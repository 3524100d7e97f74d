package io.hedgewatch.reference;

import static io.hedgewatch.reference.FundingTesting.BASE;
import static io.hedgewatch.reference.FundingTesting.RECEIVED;
import static io.hedgewatch.reference.FundingTesting.fixture;
import static io.hedgewatch.reference.FundingTesting.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.reference.FundingTesting.FakeExchange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Worked examples of putting each venue's funding on one scale: a fraction per hour, positive =
 * longs pay shorts, annualised × 8760 (a fraction per year, not a percent). Each reading goes
 * through the venue's real parser, from a recorded body or a variant of one that changes only the
 * fields named.
 */
class FundingNormalisationTest {

  private static final FundingPerp BINANCE_BTC =
      FundingPerp.linear(CexFundingVenue.BINANCE, "BTCUSDT", "BTC/USDT");
  private static final FundingPerp BYBIT_BTC =
      FundingPerp.inverse(CexFundingVenue.BYBIT, "BTCUSD", "BTC/USD");
  private static final FundingPerp OKX_BTC =
      FundingPerp.linear(CexFundingVenue.OKX, "BTC-USDT-SWAP", "BTC/USDT");
  private static final FundingPerp DERIBIT_BTC =
      FundingPerp.inverse(CexFundingVenue.DERIBIT, "BTC-PERPETUAL", "BTC/USD");
  private static final FundingPerp KRAKEN_PI =
      FundingPerp.inverse(CexFundingVenue.KRAKEN_FUTURES, "PI_XBTUSD", "BTC/USD");
  private static final FundingPerp KRAKEN_PF =
      FundingPerp.linear(CexFundingVenue.KRAKEN_FUTURES, "PF_XBTUSD", "BTC/USD");

  static Stream<Arguments> workedExamples() {
    return Stream.of(
        example(
            "Binance, not in fundingInfo: 8 h",
            () -> binance(fixture("binance-fapi-premiumIndex-BTCUSDT.json"), 0),
            "0.00038246",
            8,
            "0.0000478075",
            "0.4187937"),
        example(
            "Binance, moved to 1 h after a cap hit: the rate is already hourly",
            () -> binance(fixture("binance-fapi-premiumIndex-BTCUSDT.json"), 1),
            "0.00038246",
            1,
            "0.00038246",
            "3.3503496"),
        example(
            "Binance, 4 h, shorts pay",
            () ->
                binance(
                    fixture("binance-fapi-premiumIndex-BTCUSDT.json")
                        .replace("\"0.00038246\"", "\"-0.00050000\""),
                    4),
            "-0.00050000",
            4,
            "-0.000125",
            "-1.095"),
        example(
            "Bybit, fundingIntervalHour 8",
            () -> bybit("8", "0.0001"),
            "0.0001",
            8,
            "0.0000125",
            "0.1095"),
        example(
            "Bybit, fundingIntervalHour 4",
            () -> bybit("4", "0.0001"),
            "0.0001",
            4,
            "0.000025",
            "0.219"),
        example(
            "Bybit, fundingIntervalHour 1, shorts pay",
            () -> bybit("1", "-0.00005"),
            "-0.00005",
            1,
            "-0.00005",
            "-0.438"),
        example(
            "OKX, nextFundingTime - fundingTime = 8 h",
            () -> okx("1703116800000"),
            "0.0000792386885340",
            8,
            "0.00000990483606675",
            "0.08676636394473"),
        example(
            "OKX, nextFundingTime - fundingTime = 2 h",
            () -> okx("1703095200000"),
            "0.0000792386885340",
            2,
            "0.000039619344267",
            "0.34706545577892"),
        example(
            "Deribit, funding_8h is per 8 h",
            () -> deribit("0.00002203"),
            "0.00002203",
            8,
            "0.00000275375",
            "0.02412285"),
        example("Deribit, shorts pay", () -> deribit("-0.0008"), "-0.0008", 8, "-0.0001", "-0.876"),
        example(
            "Kraken Futures inverse PI_: absolute 1.18588737106e-7 BTC/h × index 21087.8",
            () -> kraken(KRAKEN_PI, "1.18588737106e-7"),
            "0.0025007755703439068",
            1,
            "0.0025007755703439068",
            "21.906793996212623568"),
        example(
            "Kraken Futures linear PF_: absolute 2.10878 USD/h ÷ index 21087.8",
            () -> kraken(KRAKEN_PF, "2.10878"),
            "0.0001",
            1,
            "0.0001",
            "0.876"));
  }

  private static Arguments example(
      String name,
      Supplier<CexFunding> reading,
      String raw,
      int intervalHours,
      String hourly,
      String apr) {
    return Arguments.of(name, reading, raw, intervalHours, hourly, apr);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workedExamples")
  void every_venue_lands_on_the_same_hourly_scale(
      String name,
      Supplier<CexFunding> reading,
      String raw,
      int intervalHours,
      String hourly,
      String apr) {
    CexFunding f = reading.get();

    assertThat(f.rateRaw()).as("rate as the venue states it").isEqualByComparingTo(raw);
    assertThat(f.interval()).isEqualTo(Duration.ofHours(intervalHours));
    assertThat(f.rateHourly()).as("per hour").isEqualByComparingTo(hourly);
    assertThat(f.apr()).as("per year, as a fraction").isEqualByComparingTo(apr);
    assertThat(f.rateHourly().signum()).as("sign kept").isEqualTo(new BigDecimal(raw).signum());
  }

  private static CexFunding binance(String premiumIndex, int adjustedHours) {
    String info =
        adjustedHours == 0
            ? fixture("binance-fapi-fundingInfo-BLZUSDT.json")
            : fixture("binance-fapi-fundingInfo-BLZUSDT.json")
                .replace("BLZUSDT", "BTCUSDT")
                .replace(
                    "\"fundingIntervalHours\": 8", "\"fundingIntervalHours\": " + adjustedHours);
    FakeExchange exchange =
        new FakeExchange().reply("premiumIndex", premiumIndex).reply("fundingInfo", info);
    return ok(new BinanceFundingProtocol().current(BINANCE_BTC, BASE, exchange));
  }

  private static CexFunding bybit(String intervalHour, String rate) {
    String body =
        fixture("bybit-v5-market-tickers-inverse-BTCUSD.json")
            .replace(
                "\"fundingIntervalHour\": \"8\"",
                "\"fundingIntervalHour\": \"" + intervalHour + "\"")
            .replace("\"fundingRate\": \"0.0001\"", "\"fundingRate\": \"" + rate + "\"");
    return ok(new BybitFundingProtocol().parseTicker(BYBIT_BTC, 200, body, RECEIVED));
  }

  private static CexFunding okx(String nextFundingTime) {
    String body =
        fixture("okx-public-funding-rate-BTC-USDT-SWAP.json")
            .replace("\"1703116800000\"", "\"" + nextFundingTime + "\"");
    FakeExchange exchange =
        new FakeExchange()
            .reply("funding-rate", body)
            .reply("mark-price", fixture("okx-public-mark-price-BTC-USDT-SWAP.json"));
    return ok(new OkxFundingProtocol().current(OKX_BTC, BASE, exchange));
  }

  private static CexFunding deribit(String funding8h) {
    String body =
        fixture("deribit-public-ticker-BTC-PERPETUAL.json")
            .replace("\"funding_8h\": 0.00002203", "\"funding_8h\": " + funding8h);
    return ok(new DeribitFundingProtocol().parseTicker(DERIBIT_BTC, 200, body, RECEIVED));
  }

  private static CexFunding kraken(FundingPerp perp, String absolute) {
    String body =
        fixture("kraken-futures-tickers-PI_XBTUSD.json")
            .replace("\"PI_XBTUSD\"", "\"" + perp.symbol() + "\"")
            .replace("\"fundingRate\": 1.18588737106e-7", "\"fundingRate\": " + absolute);
    FakeExchange exchange = new FakeExchange().reply("tickers", body);
    return ok(new KrakenFuturesFundingProtocol().current(perp, BASE, exchange));
  }

  @Test
  void kraken_futures_relative_and_absolute_rates_differ_by_the_price() {
    CexFunding inverse = kraken(KRAKEN_PI, "1.18588737106e-7");

    // Read as a fraction, the absolute rate would be 1.2e-7 per hour: off by the BTC price.
    assertThat(inverse.rateHourly().divide(new BigDecimal("1.18588737106e-7")))
        .isEqualByComparingTo("21087.8");
    // The index, not the mark: 1.18588737106e-7 × 30209.9 would be 0.00358255...
    assertThat(inverse.rateHourly()).isLessThan(new BigDecimal("0.0026"));
  }

  @Test
  void per_hour_is_exact_where_the_quotient_terminates_and_34_digits_where_not() {
    assertThat(FundingMath.perHour(new BigDecimal("0.0001"), Duration.ofHours(8)))
        .isEqualTo(new BigDecimal("0.0000125"));
    assertThat(FundingMath.perHour(new BigDecimal("0.0001"), Duration.ofHours(3)))
        .isEqualTo(new BigDecimal("0.00003333333333333333333333333333333333"));
    assertThat(FundingMath.perHour(new BigDecimal("0.0003"), Duration.ofMinutes(90)))
        .isEqualByComparingTo("0.0002");
    assertThat(FundingMath.apr(new BigDecimal("0.0000125")))
        .as("0.01 % per 8 h is 10.95 % a year, i.e. 0.1095, not 10.95")
        .isEqualByComparingTo("0.1095");
    assertThatThrownBy(() -> FundingMath.perHour(BigDecimal.ONE, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settlement_spacing_is_whole_hours_within_a_tolerance_and_the_venues_largest_interval() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    Duration max = Duration.ofHours(8);

    assertThat(FundingMath.spacing(t, t.plus(Duration.ofHours(8)).plusMillis(4), max))
        .contains(Duration.ofHours(8));
    assertThat(FundingMath.spacing(t, t.plus(Duration.ofMinutes(58)), max))
        .contains(Duration.ofHours(1));
    assertThat(FundingMath.spacing(t, t.plus(Duration.ofMinutes(90)), max)).isEmpty();
    assertThat(FundingMath.spacing(t, t.plus(Duration.ofHours(16)), max))
        .as("a missing row")
        .isEmpty();
    assertThat(FundingMath.spacing(t, t.plus(Duration.ofMinutes(10)), max)).isEmpty();
  }

  @Test
  void the_current_interval_is_asked_only_when_the_spacing_cannot_tell() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    AtomicInteger asked = new AtomicInteger();
    Supplier<VenueReply<Duration>> fallback =
        () -> {
          asked.incrementAndGet();
          return VenueReply.ok(Duration.ofHours(4));
        };

    List<FundingPoint> spaced =
        ok(
            FundingMath.hourly(
                List.of(
                    new FundingMath.Settled(t.plus(Duration.ofHours(4)), new BigDecimal("0.0004")),
                    new FundingMath.Settled(t, new BigDecimal("0.0004")),
                    new FundingMath.Settled(t, new BigDecimal("0.0004"))),
                Duration.ofHours(8),
                fallback));
    assertThat(spaced)
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.rateHourly()).isEqualByComparingTo("0.0001"));
    assertThat(asked).hasValue(0);

    List<FundingPoint> gap =
        ok(
            FundingMath.hourly(
                List.of(
                    new FundingMath.Settled(t, new BigDecimal("0.0004")),
                    new FundingMath.Settled(
                        t.plus(Duration.ofHours(24)), new BigDecimal("0.0008"))),
                Duration.ofHours(8),
                fallback));
    assertThat(gap)
        .extracting(p -> p.rateHourly().stripTrailingZeros().toPlainString())
        .containsExactly("0.0001", "0.0002");
    assertThat(asked).as("asked once for both rows").hasValue(1);

    QuoteFailure down = new QuoteFailure.Unavailable("HTTP 503");
    assertThat(
            FundingMath.hourly(
                    List.of(new FundingMath.Settled(t, BigDecimal.ONE.movePointLeft(4))),
                    Duration.ofHours(8),
                    () -> VenueReply.failed(down))
                .failureIfAny())
        .contains(down);
  }
}
