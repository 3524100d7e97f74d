package io.hedgewatch.devnet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The calm market the devnet shows while {@code run} watches it: a seeded random walk, one step per
 * tick, with no I/O ({@link MarketDriver} applies it to the chain and the simulated venues).
 *
 * <p>Each asset's price follows a geometric Brownian motion at its annualised volatility: the log
 * return of a tick of {@code dt} years (of 365 days) is {@code -σ²dt/2 + σ√dt Z}, Z standard
 * normal, so a 3 s tick of ETH at 60 % moves it about 0.02 %. Funding and open interest are scaled
 * by factors that revert to 1 (an Ornstein-Uhlenbeck walk in hours) and are clamped to a narrow
 * band, so that they visibly drift but never wander into {@code funding.divergence} or an
 * open-interest cap on their own. The same seed gives the same path.
 */
public final class MarketWalk {

  /** Years of 365 days, as volatility and funding APRs are quoted in crypto. */
  static final double SECONDS_PER_YEAR = Duration.ofDays(365).toSeconds();

  /** Prices carry the feeds' 8 decimals. */
  public static final int PRICE_SCALE = Devnet.USD_DECIMALS;

  /** How fast the funding and open-interest factors revert to 1, per hour. */
  static final double REVERSION_PER_HOUR = 1.0;

  /** The funding factor's noise per √hour, and the band it is clamped to around 1. */
  static final double FUNDING_NOISE = 0.1;

  public static final double FUNDING_BAND = 0.25;

  /** The open-interest factor's noise per √hour, and its band around 1. */
  static final double OPEN_INTEREST_NOISE = 0.03;

  public static final double OPEN_INTEREST_BAND = 0.1;

  /** ETH at 60 % and BTC at 50 % a year, from the devnet's starting prices. */
  public static List<Asset> devnetAssets() {
    return List.of(
        new Asset("ETH", new BigDecimal(Devnet.ETH_USD_ANSWER, Devnet.USD_DECIMALS), 0.60),
        new Asset("BTC", new BigDecimal(Devnet.BTC_USD_ANSWER, Devnet.USD_DECIMALS), 0.50));
  }

  /**
   * @param symbol the asset ("ETH")
   * @param start its price at step 0, USD
   * @param annualVolatility the standard deviation of its yearly log return (0.6 = 60 %)
   */
  public record Asset(String symbol, BigDecimal start, double annualVolatility) {
    public Asset {
      Objects.requireNonNull(symbol, "symbol");
      if (start == null || start.signum() <= 0) {
        throw new IllegalArgumentException(symbol + ": start price must be positive, was " + start);
      }
      if (!(annualVolatility >= 0) || annualVolatility > 5) {
        throw new IllegalArgumentException(
            symbol + ": annualVolatility must be in [0, 5], was " + annualVolatility);
      }
    }
  }

  /**
   * The market after {@code index} ticks: each asset's price (USD, {@link #PRICE_SCALE} decimals)
   * and the factors its venues' funding and open interest are scaled by (1 = the devnet's starting
   * values), in the assets' order.
   */
  public record Step(
      long index,
      Map<String, BigDecimal> prices,
      Map<String, Double> fundingFactors,
      Map<String, Double> openInterestFactors) {
    public Step {
      prices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prices));
      fundingFactors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fundingFactors));
      openInterestFactors =
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(openInterestFactors));
    }

    public BigDecimal price(String symbol) {
      BigDecimal p = prices.get(symbol);
      if (p == null) {
        throw new IllegalArgumentException("the walk has no asset " + symbol);
      }
      return p;
    }
  }

  private final List<Asset> assets;
  private final Duration tick;
  private final RandomGenerator random;
  private Step current;

  /**
   * @param tick the time one step stands for; the volatility is scaled to it
   */
  public MarketWalk(long seed, Duration tick, List<Asset> assets) {
    Objects.requireNonNull(tick, "tick");
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive, was " + tick);
    }
    if (assets.isEmpty()) {
      throw new IllegalArgumentException("the walk needs at least one asset");
    }
    this.assets = List.copyOf(assets);
    this.tick = tick;
    this.random = new SplittableRandom(seed);
    this.current = start(this.assets);
  }

  /** Step 0: every asset at its start price, factors at 1. */
  public static Step start(List<Asset> assets) {
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    Map<String, Double> funding = new LinkedHashMap<>();
    Map<String, Double> oi = new LinkedHashMap<>();
    for (Asset a : assets) {
      prices.put(a.symbol(), a.start().setScale(PRICE_SCALE, RoundingMode.HALF_EVEN));
      funding.put(a.symbol(), 1.0);
      oi.put(a.symbol(), 1.0);
    }
    return new Step(0, prices, funding, oi);
  }

  public Step current() {
    return current;
  }

  /** Advances one tick and returns the new step. */
  public Step next() {
    current = step(current, tick, assets, random);
    return current;
  }

  /**
   * One tick from {@code from}: a pure function of its arguments and the numbers {@code random}
   * draws (three standard normals per asset, in the assets' order).
   */
  public static Step step(Step from, Duration tick, List<Asset> assets, RandomGenerator random) {
    double seconds = tick.toNanos() / 1e9;
    double dtYears = seconds / SECONDS_PER_YEAR;
    double dtHours = seconds / 3600;
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    Map<String, Double> funding = new LinkedHashMap<>();
    Map<String, Double> oi = new LinkedHashMap<>();
    for (Asset a : assets) {
      double sigma = a.annualVolatility();
      double logReturn =
          -sigma * sigma * dtYears / 2 + sigma * Math.sqrt(dtYears) * random.nextGaussian();
      prices.put(
          a.symbol(),
          from.price(a.symbol())
              .multiply(BigDecimal.valueOf(Math.exp(logReturn)))
              .setScale(PRICE_SCALE, RoundingMode.HALF_EVEN));
      funding.put(
          a.symbol(),
          revert(
              from.fundingFactors().get(a.symbol()),
              dtHours,
              FUNDING_NOISE,
              FUNDING_BAND,
              random.nextGaussian()));
      oi.put(
          a.symbol(),
          revert(
              from.openInterestFactors().get(a.symbol()),
              dtHours,
              OPEN_INTEREST_NOISE,
              OPEN_INTEREST_BAND,
              random.nextGaussian()));
    }
    return new Step(from.index() + 1, prices, funding, oi);
  }

  private static double revert(double x, double dtHours, double noise, double band, double z) {
    double next = x + REVERSION_PER_HOUR * (1 - x) * dtHours + noise * Math.sqrt(dtHours) * z;
    return Math.max(1 - band, Math.min(1 + band, next));
  }
}
