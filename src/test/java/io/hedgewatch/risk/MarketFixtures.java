package io.hedgewatch.risk;

import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Pair;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Market snapshots, funding histories and CEX funding for the market rule tests. */
final class MarketFixtures {

  static final Instant NOW = Instant.parse("2026-03-24T12:00:00Z");
  static final String MARKET = "eth-perp";
  static final String SUBJECT = "market:eth-perp";
  static final Pair ETH_USDT = Pair.of("ETH/USDT");
  static final Pair ETH_USD = Pair.of("ETH/USD");

  /** Hyperliquid's cap: 4 % per hour. */
  static final BigDecimal HYPERLIQUID_CAP = new BigDecimal("0.04");

  private MarketFixtures() {}

  static Snapshot snapshot() {
    return new Snapshot();
  }

  /** A builder: every field empty, the market active, at {@link #NOW}. */
  static final class Snapshot {
    private Instant at = NOW;
    private Optional<BigDecimal> mark = Optional.empty();
    private Optional<BigDecimal> index = Optional.empty();
    private Optional<BigDecimal> funding = Optional.empty();
    private Optional<BigDecimal> cap = Optional.empty();
    private Optional<BigDecimal> oiLong = Optional.empty();
    private Optional<BigDecimal> oiShort = Optional.empty();
    private Optional<BigDecimal> oi = Optional.empty();
    private Optional<BigDecimal> maxLong = Optional.empty();
    private Optional<BigDecimal> maxShort = Optional.empty();
    private Optional<BigDecimal> skew = Optional.empty();
    private MarketStatus status = MarketStatus.ACTIVE;
    private Optional<String> oracleProblem = Optional.empty();

    Snapshot at(Instant value) {
      at = value;
      return this;
    }

    Snapshot mark(String value) {
      mark = Optional.of(dec(value));
      return this;
    }

    Snapshot index(String value) {
      index = Optional.of(dec(value));
      return this;
    }

    Snapshot funding(String value) {
      return funding(dec(value));
    }

    Snapshot funding(BigDecimal value) {
      funding = Optional.of(value);
      return this;
    }

    Snapshot cap(BigDecimal value) {
      cap = Optional.of(value);
      return this;
    }

    Snapshot openInterest(String longs, String shorts) {
      oiLong = Optional.of(dec(longs));
      oiShort = Optional.of(dec(shorts));
      return this;
    }

    Snapshot totalOpenInterest(String value) {
      oi = Optional.of(dec(value));
      return this;
    }

    Snapshot caps(String longs, String shorts) {
      maxLong = Optional.ofNullable(longs).map(BigDecimal::new);
      maxShort = Optional.ofNullable(shorts).map(BigDecimal::new);
      return this;
    }

    Snapshot skew(String value) {
      skew = Optional.of(dec(value));
      return this;
    }

    Snapshot status(MarketStatus value) {
      status = value;
      return this;
    }

    Snapshot oracleProblem(String value) {
      oracleProblem = Optional.of(value);
      return this;
    }

    MarketSnapshot build() {
      return new MarketSnapshot(
          "ETH",
          at,
          mark,
          index,
          funding,
          Optional.of(Duration.ofHours(1)),
          Optional.empty(),
          Optional.empty(),
          cap,
          oiLong,
          oiShort,
          oi,
          maxLong,
          maxShort,
          skew,
          status,
          oracleProblem);
    }
  }

  /** Hourly points ending one hour before {@link #NOW}, oldest first, one per rate. */
  static List<FundingPoint> hourly(List<BigDecimal> rates) {
    List<FundingPoint> points = new ArrayList<>();
    for (int i = 0; i < rates.size(); i++) {
      points.add(new FundingPoint(NOW.minus(Duration.ofHours(rates.size() - i)), rates.get(i)));
    }
    return points;
  }

  static List<FundingPoint> hourly(String... rates) {
    return hourly(List.of(rates).stream().map(BigDecimal::new).toList());
  }

  /**
   * 25 hourly points, 12 at mean + sd, 12 at mean - sd and one at the mean: mean and sample
   * standard deviation exactly as given (sum of squares 24 sd^2 over n - 1 = 24).
   */
  static List<FundingPoint> meanAndStdev(String mean, String sd) {
    BigDecimal m = dec(mean);
    BigDecimal s = dec(sd);
    List<BigDecimal> rates = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      rates.add(m.add(s));
      rates.add(m.subtract(s));
    }
    rates.add(m);
    return hourly(rates);
  }

  /**
   * A CEX perp funding reference; {@code rateRaw} is per {@code intervalHours}, normalised to per
   * hour as the CEX clients do.
   */
  static CexFunding cex(
      CexFundingVenue venue, String symbol, String rateRaw, int intervalHours, String mark) {
    BigDecimal raw = dec(rateRaw);
    return new CexFunding(
        venue,
        symbol,
        ETH_USDT,
        NOW.minusSeconds(5),
        raw,
        Duration.ofHours(intervalHours),
        raw.divide(BigDecimal.valueOf(intervalHours), MathContext.DECIMAL128),
        Optional.empty(),
        Optional.ofNullable(mark).map(BigDecimal::new),
        Optional.empty(),
        Optional.empty());
  }

  static CexFunding cex(CexFundingVenue venue, String symbol, String rateRaw, int intervalHours) {
    return cex(venue, symbol, rateRaw, intervalHours, null);
  }

  static MarketContext history(List<FundingPoint> points) {
    return new MarketContext(points, List.of(), Optional.empty());
  }

  static MarketContext cexOnly(CexFunding... cex) {
    return new MarketContext(List.of(), List.of(cex), Optional.empty());
  }

  /** Settings as the config loader types what a user writes. */
  static RuleSettings settings(String ruleId, Map<String, Object> overrides) {
    return RuleSettings.of(RuleCatalog.find(ruleId).orElseThrow(), overrides);
  }

  static RuleSettingsLookup lookup(String ruleId, Map<String, Object> overrides) {
    return RuleSettingsLookup.of(Map.of(ruleId, settings(ruleId, overrides)));
  }

  static RuleSettingsLookup disabled(String ruleId) {
    return lookup(ruleId, Map.of("enabled", false));
  }

  static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }
}
