package io.hedgewatch.devnet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the devnet's market alive while {@code run} watches it: each tick takes the next {@link
 * MarketWalk} step and applies it everywhere the monitor looks, so that oracles and references
 * agree within a tick's move. Every tick posts a Chainlink round of ETH and BTC at the head block's
 * time, the Pyth ETH price (and its EMA), the Synthetix markets' index prices, the simulated
 * exchanges' USD prices (their perps' marks follow) and the Hyperliquid and dYdX marks; every
 * {@link #SLOW_EVERY} ticks it also scales funding (Synthetix, GMX, Hyperliquid) and open interest
 * (all four venues) by the walk's factors. dYdX's funding and the centralized venues' stay put:
 * dYdX's already sits near {@code funding.divergence}'s warn level from the CEX median.
 */
public final class MarketDriver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MarketDriver.class);

  /** A tick every 3 s: a few blocks a tick, a fresh price each cycle of a 2 s poll or so. */
  public static final Duration DEFAULT_TICK = Duration.ofSeconds(3);

  /** Funding and open interest move every this many ticks (they drift slowly). */
  static final int SLOW_EVERY = 10;

  /** Pyth's confidence on the devnet: 0.05 % of the price, as the starting 1.50 on 3000. */
  static final BigDecimal PYTH_CONF_RATIO = new BigDecimal("0.0005");

  /** The EMA's weight of each new price (Pyth's EMA spans about a minute of slots). */
  static final BigDecimal PYTH_EMA_WEIGHT = new BigDecimal("0.2");

  private static final Duration LOG_EVERY = Duration.ofSeconds(30);
  private static final BigDecimal HL_ETH_FUNDING = new BigDecimal("0.0000125");
  private static final BigDecimal VENUE_OPEN_INTEREST = new BigDecimal("1000");

  private final Devnet devnet;
  private final MarketWalk walk;
  private final Duration tick;
  private final AtomicLong applied = new AtomicLong();
  private BigDecimal ethEma;
  private ScheduledExecutorService executor;
  private Instant lastFailureLogged = Instant.MIN;

  /**
   * A driver of {@code devnet}'s market from {@code seed}, a step each {@code tick}; not started
   * ({@link #start()}, or {@link #tick()} by hand).
   */
  public MarketDriver(Devnet devnet, long seed, Duration tick) {
    this.devnet = Objects.requireNonNull(devnet, "devnet");
    this.walk = new MarketWalk(seed, tick, MarketWalk.devnetAssets());
    this.tick = tick;
    this.ethEma = new BigDecimal(Devnet.PYTH_ETH_USD_EMA_PRICE).movePointLeft(-Devnet.PYTH_EXPO);
  }

  /** Ticks every {@link #tick} on a thread of its own until {@link #close()}. */
  public synchronized MarketDriver start() {
    if (executor != null) {
      throw new IllegalStateException("the market driver is already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hedgewatch-devnet-market");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::tickLogged, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The step last applied (step 0, the devnet's starting state, before the first tick). */
  public MarketWalk.Step current() {
    return walk.current();
  }

  /** How many ticks were applied in full. */
  public long ticks() {
    return applied.get();
  }

  public Duration tickPeriod() {
    return tick;
  }

  private void tickLogged() {
    try {
      tick();
    } catch (RuntimeException e) {
      // the devnet may be closing, or anvil busy: the next tick tries again
      Instant now = Instant.now();
      if (now.isAfter(lastFailureLogged.plus(LOG_EVERY))) {
        lastFailureLogged = now;
        LOG.warn("devnet market tick failed: {}", e.getMessage());
      }
    }
  }

  /** Takes the next step of the walk and applies it; returns it. */
  public synchronized MarketWalk.Step tick() {
    MarketWalk.Step s = walk.next();
    DevnetOps ops = devnet.ops();
    DevnetContracts c = devnet.contracts();
    BigDecimal eth = s.price("ETH");
    BigDecimal btc = s.price("BTC");
    long at = devnet.anvil().latestBlockTimestamp();

    ops.postRound(c.ethUsdProxy(), answer(eth), at);
    ops.postRound(c.btcUsdProxy(), answer(btc), at);
    ethEma =
        ethEma
            .add(eth.subtract(ethEma).multiply(PYTH_EMA_WEIGHT))
            .setScale(-Devnet.PYTH_EXPO, RoundingMode.HALF_EVEN);
    ops.setPythPrice(c.pythEthUsdId(), pyth(eth), pyth(eth.multiply(PYTH_CONF_RATIO)), -8, at);
    ops.setPythEmaPrice(
        c.pythEthUsdId(), pyth(ethEma), pyth(ethEma.multiply(PYTH_CONF_RATIO)), -8, at);

    boolean slow = s.index() % SLOW_EVERY == 0;
    double ethFunding = s.fundingFactors().get("ETH");
    double btcFunding = s.fundingFactors().get("BTC");
    double ethOi = s.openInterestFactors().get("ETH");
    double btcOi = s.openInterestFactors().get("BTC");
    ops.setSynthetixMarket(
        Devnet.SYNTHETIX_ETH_MARKET_ID,
        Devnet.SNX_ETH_SKEW,
        scale(Devnet.SNX_ETH_SIZE, ethOi),
        scale(Devnet.SNX_ETH_FUNDING_RATE, ethFunding),
        Devnet.synthetixVelocity(
            Devnet.SNX_ETH_SKEW, Devnet.SNX_ETH_SKEW_SCALE, Devnet.SNX_MAX_FUNDING_VELOCITY),
        d18(eth));
    ops.setSynthetixMarket(
        Devnet.SYNTHETIX_BTC_MARKET_ID,
        Devnet.SNX_BTC_SKEW,
        scale(Devnet.SNX_BTC_SIZE, btcOi),
        scale(Devnet.SNX_BTC_FUNDING_RATE, btcFunding),
        Devnet.synthetixVelocity(
            Devnet.SNX_BTC_SKEW, Devnet.SNX_BTC_SKEW_SCALE, Devnet.SNX_MAX_FUNDING_VELOCITY),
        d18(btc));

    SimulatedExchanges exchanges = devnet.exchanges();
    exchanges.setUsdPrice("ETH", eth);
    exchanges.setUsdPrice("BTC", btc);
    SimulatedPerpVenues venues = devnet.perpVenues();
    venues.setHyperliquidPrices("ETH", eth, eth);
    venues.setHyperliquidPrices("BTC", btc, btc);
    venues.setDydxOraclePrice("ETH-USD", eth);
    venues.setDydxOraclePrice("BTC-USD", btc);

    if (slow) {
      ops.setGmxFunding(Devnet.GMX_ETH_MARKET, scale(Devnet.GMX_ETH_FUNDING_FACTOR, ethFunding));
      ops.setGmxFunding(Devnet.GMX_BTC_MARKET, scale(Devnet.GMX_BTC_FUNDING_FACTOR, btcFunding));
      gmxOpenInterest(ops, ethOi, btcOi);
      venues.setHyperliquidFunding("ETH", scale(HL_ETH_FUNDING, ethFunding));
      venues.setHyperliquidFunding("BTC", scale(Devnet.BTC_FUNDING_HOURLY, btcFunding));
      venues.setHyperliquidOpenInterest("ETH", scale(VENUE_OPEN_INTEREST, ethOi));
      venues.setHyperliquidOpenInterest("BTC", scale(VENUE_OPEN_INTEREST, btcOi));
      venues.setDydxOpenInterest("ETH-USD", scale(VENUE_OPEN_INTEREST, ethOi));
      venues.setDydxOpenInterest("BTC-USD", scale(VENUE_OPEN_INTEREST, btcOi));
    }
    applied.incrementAndGet();
    return s;
  }

  private static void gmxOpenInterest(DevnetOps ops, double eth, double btc) {
    String ethMarket = Devnet.GMX_ETH_MARKET;
    String btcMarket = Devnet.GMX_BTC_MARKET;
    String usdc = Devnet.GMX_USDC;
    ops.setGmxOpenInterestInTokens(
        ethMarket, Devnet.GMX_WETH, true, scale(Devnet.GMX_ETH_OI_LONG_WETH, eth));
    ops.setGmxOpenInterestInTokens(ethMarket, usdc, true, scale(Devnet.GMX_ETH_OI_LONG_USDC, eth));
    ops.setGmxOpenInterestInTokens(
        ethMarket, Devnet.GMX_WETH, false, scale(Devnet.GMX_ETH_OI_SHORT_WETH, eth));
    ops.setGmxOpenInterestInTokens(
        ethMarket, usdc, false, scale(Devnet.GMX_ETH_OI_SHORT_USDC, eth));
    ops.setGmxOpenInterestInTokens(
        btcMarket, Devnet.GMX_WBTC, true, scale(Devnet.GMX_BTC_OI_LONG_WBTC, btc));
    ops.setGmxOpenInterestInTokens(btcMarket, usdc, true, scale(Devnet.GMX_BTC_OI_LONG_USDC, btc));
    ops.setGmxOpenInterestInTokens(
        btcMarket, Devnet.GMX_WBTC, false, scale(Devnet.GMX_BTC_OI_SHORT_WBTC, btc));
    ops.setGmxOpenInterestInTokens(
        btcMarket, usdc, false, scale(Devnet.GMX_BTC_OI_SHORT_USDC, btc));
  }

  /** A USD price as a Chainlink answer of {@link Devnet#USD_DECIMALS}. */
  static BigInteger answer(BigDecimal usd) {
    return usd.movePointRight(Devnet.USD_DECIMALS)
        .setScale(0, RoundingMode.HALF_EVEN)
        .toBigIntegerExact();
  }

  private static long pyth(BigDecimal usd) {
    return usd.movePointRight(-Devnet.PYTH_EXPO)
        .setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  private static BigInteger d18(BigDecimal usd) {
    return usd.movePointRight(18).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
  }

  /** {@code base} x {@code factor}, rounded to the nearest unit of {@code base}. */
  static BigInteger scale(BigInteger base, double factor) {
    return new BigDecimal(base)
        .multiply(BigDecimal.valueOf(factor))
        .setScale(0, RoundingMode.HALF_EVEN)
        .toBigIntegerExact();
  }

  private static BigDecimal scale(BigDecimal base, double factor) {
    return base.multiply(BigDecimal.valueOf(factor)).round(new java.math.MathContext(8));
  }

  /** Stops ticking; a tick under way finishes first. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService e;
    synchronized (this) {
      e = executor;
    }
    if (e == null) {
      return;
    }
    e.shutdown();
    try {
      if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
        e.shutdownNow();
      }
    } catch (InterruptedException ie) {
      e.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
