package io.hedgewatch.devnet.scenario;

import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.devnet.DevnetOps;
import io.hedgewatch.devnet.SimulatedExchanges;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.domain.Pair;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Plays a {@link Scenario} on a devnet whose market walk is paused: each step at its offset, told
 * to a {@link Listener} once applied. The runner holds the market where the steps put it, so that a
 * jump of chain time re-posts the oracles' answers as their keepers would, and only what the story
 * means goes stale.
 */
public final class ScenarioRunner {

  /** Told of each step once it is applied. */
  @FunctionalInterface
  public interface Listener {
    void played(int index, Scenario.Step step);
  }

  /** Waits until a scenario offset is reached, in whatever time the caller plays in. */
  @FunctionalInterface
  public interface Pacer {
    void awaitOffset(Duration at) throws InterruptedException;
  }

  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  /** A venue's own quote currency varies: a thin venue moves (and releases) them all. */
  private static final List<String> VENUE_QUOTES = List.of("USD", "USDT", "USDC");

  private final Devnet devnet;
  private final Map<String, BigDecimal> oracle = new HashMap<>();
  private BigDecimal pyth;
  private BigDecimal snxEthFundingPerDay;
  private BigDecimal snxBtcFundingPerDay;

  /** Who holds the vault proxy's admin role: only it can upgrade the vault or hand the role on. */
  private String vaultAdmin;

  /** A runner on {@code devnet}, holding the market at the exchanges' current prices. */
  public ScenarioRunner(Devnet devnet) {
    this.devnet = Objects.requireNonNull(devnet, "devnet");
    SimulatedExchanges exchanges = devnet.exchanges();
    oracle.put("eth-usd", exchanges.usdPrice("ETH"));
    oracle.put("btc-usd", exchanges.usdPrice("BTC"));
    oracle.put("usdc-usd", new BigDecimal(Devnet.USDC_USD_ANSWER, Devnet.USD_DECIMALS));
    pyth = exchanges.usdPrice("ETH");
    snxEthFundingPerDay = new BigDecimal(Devnet.SNX_ETH_FUNDING_RATE, 18);
    snxBtcFundingPerDay = new BigDecimal(Devnet.SNX_BTC_FUNDING_RATE, 18);
    vaultAdmin = devnet.contracts().proxyAdmin();
  }

  /**
   * A pacer in {@code clock}'s time from the moment it is made, {@code speed} times faster than
   * scenario time (10: a scenario minute in 6 s).
   */
  public static Pacer clockPacer(Clock clock, double speed) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, was " + speed);
    }
    Instant start = clock.instant();
    ReentrantLock lock = new ReentrantLock();
    Condition never = lock.newCondition();
    return at -> {
      Instant due = start.plusNanos((long) (at.toNanos() / speed));
      lock.lock();
      try {
        for (Duration left = Duration.between(clock.instant(), due);
            left.compareTo(Duration.ZERO) > 0;
            left = Duration.between(clock.instant(), due)) {
          // short slices, so that a clock other than the system's is followed closely
          never.awaitNanos(Math.min(left.toNanos(), TimeUnit.MILLISECONDS.toNanos(200)));
        }
      } finally {
        lock.unlock();
      }
    };
  }

  /**
   * Plays every step at its offset, then waits for the end of the scenario. A step the devnet
   * refuses stops the play with a {@link ScenarioException} naming it.
   */
  public void play(Scenario scenario, Pacer pacer, Listener listener) throws InterruptedException {
    List<Scenario.Step> steps = scenario.steps();
    for (int i = 0; i < steps.size(); i++) {
      Scenario.Step step = steps.get(i);
      pacer.awaitOffset(step.at());
      try {
        apply(step.action());
      } catch (RuntimeException e) {
        throw new ScenarioException(
            scenario.name()
                + ": steps["
                + i
                + "] ("
                + step.say()
                + "): the devnet refused it: "
                + e.getMessage(),
            e);
      }
      listener.played(i, step);
    }
    pacer.awaitOffset(scenario.length());
  }

  /** Applies one action now. */
  public void apply(ScenarioAction action) {
    if (action instanceof ScenarioAction.OracleAnswer a) {
      postRound(a.feed(), a.price(), headTime());
      oracle.put(a.feed(), a.price());
    } else if (action instanceof ScenarioAction.PythPrice p) {
      postPyth(p.price(), headTime());
      pyth = p.price();
    } else if (action instanceof ScenarioAction.MarketPrice m) {
      market(m.asset(), m.price());
    } else if (action instanceof ScenarioAction.ReferencePrice r) {
      reference(r);
    } else if (action instanceof ScenarioAction.ReferenceRelease r) {
      for (String quote : VENUE_QUOTES) {
        devnet.exchanges().unpin(r.venue(), Pair.of(r.asset() + "/" + quote));
      }
    } else if (action instanceof ScenarioAction.VenueStablecoin v) {
      if (v.usd().isPresent()) {
        devnet.exchanges().setStablecoinOnVenue(v.venue(), v.stablecoin(), v.usd().get());
      } else {
        devnet.exchanges().clearStablecoinOnVenue(v.venue(), v.stablecoin());
      }
    } else if (action instanceof ScenarioAction.Funding f) {
      funding(f);
    } else if (action instanceof ScenarioAction.Sequencer s) {
      devnet.ops().setSequencer(s.down(), headTime());
    } else if (action instanceof ScenarioAction.AdvanceTime t) {
      devnet.anvil().increaseTime(t.by().toSeconds());
      devnet.anvil().mine();
      long at = headTime();
      for (Map.Entry<String, BigDecimal> e : oracle.entrySet()) {
        postRound(e.getKey(), e.getValue(), at);
      }
      postPyth(pyth, at);
    } else if (action instanceof ScenarioAction.Upgrade u) {
      upgrade(u);
    } else if (action instanceof ScenarioAction.ProxyAdmin a) {
      String next = devnet.transactor().account(a.account());
      devnet.ops().changeProxyAdmin(vaultAdmin, next);
      vaultAdmin = next;
    } else if (action instanceof ScenarioAction.Pause p) {
      pause(p);
    } else {
      throw new IllegalStateException("unhandled action " + action);
    }
  }

  private long headTime() {
    return devnet.anvil().latestBlockTimestamp();
  }

  private String proxy(String feed) {
    DevnetContracts c = devnet.contracts();
    switch (feed) {
      case "eth-usd":
        return c.ethUsdProxy();
      case "btc-usd":
        return c.btcUsdProxy();
      case "usdc-usd":
        return c.usdcUsdProxy();
      default:
        throw new IllegalArgumentException("no devnet feed " + feed);
    }
  }

  private void postRound(String feed, BigDecimal price, long at) {
    devnet.ops().postRound(proxy(feed), fixed(price, Devnet.USD_DECIMALS), at);
  }

  private void postPyth(BigDecimal price, long at) {
    DevnetOps ops = devnet.ops();
    String id = devnet.contracts().pythEthUsdId();
    int decimals = -Devnet.PYTH_EXPO;
    long p = fixed(price, decimals).longValueExact();
    // Pyth's devnet confidence is 0.05 % of the price, as the market walk keeps it
    long conf = fixed(price.multiply(new BigDecimal("0.0005")), decimals).longValueExact();
    ops.setPythPrice(id, p, conf, Devnet.PYTH_EXPO, at);
    ops.setPythEmaPrice(id, p, conf, Devnet.PYTH_EXPO, at);
  }

  private void market(String asset, BigDecimal price) {
    long at = headTime();
    boolean eth = asset.equals("ETH");
    String feed = eth ? "eth-usd" : "btc-usd";
    postRound(feed, price, at);
    oracle.put(feed, price);
    if (eth) {
      postPyth(price, at);
      pyth = price;
    }
    devnet.exchanges().setUsdPrice(asset, price);
    SimulatedPerpVenues venues = devnet.perpVenues();
    venues.setHyperliquidPrices(asset, price, price);
    venues.setDydxOraclePrice(asset + "-USD", price);
    synthetix(asset);
  }

  /**
   * The Synthetix market of {@code asset} at the held index price and funding, without velocity.
   */
  private void synthetix(String asset) {
    boolean eth = asset.equals("ETH");
    devnet
        .ops()
        .setSynthetixMarket(
            eth ? Devnet.SYNTHETIX_ETH_MARKET_ID : Devnet.SYNTHETIX_BTC_MARKET_ID,
            eth ? Devnet.SNX_ETH_SKEW : Devnet.SNX_BTC_SKEW,
            eth ? Devnet.SNX_ETH_SIZE : Devnet.SNX_BTC_SIZE,
            fixed(eth ? snxEthFundingPerDay : snxBtcFundingPerDay, 18),
            BigInteger.ZERO,
            fixed(oracle.get(eth ? "eth-usd" : "btc-usd"), 18));
  }

  private void reference(ScenarioAction.ReferencePrice r) {
    SimulatedExchanges exchanges = devnet.exchanges();
    if (r.venue().isEmpty()) {
      exchanges.setUsdPrice(r.asset(), r.price());
      return;
    }
    for (String quote : VENUE_QUOTES) {
      exchanges.pin(r.venue().get(), Pair.of(r.asset() + "/" + quote), r.price());
    }
  }

  private void funding(ScenarioAction.Funding f) {
    switch (f.target()) {
      case SNX:
        if (f.asset().equals("ETH")) {
          snxEthFundingPerDay = f.hourly().multiply(BigDecimal.valueOf(24));
        } else {
          snxBtcFundingPerDay = f.hourly().multiply(BigDecimal.valueOf(24));
        }
        synthetix(f.asset());
        break;
      case GMX:
        devnet
            .ops()
            .setGmxFunding(
                f.asset().equals("ETH") ? Devnet.GMX_ETH_MARKET : Devnet.GMX_BTC_MARKET,
                fixed(f.hourly().divide(SECONDS_PER_HOUR, MC), 30));
        break;
      case HYPERLIQUID:
        devnet.perpVenues().setHyperliquidFunding(f.asset(), f.hourly());
        break;
      case CEX:
        if (f.cexVenue().isPresent()) {
          devnet.exchanges().perps().setFunding(f.cexVenue().get(), f.asset(), f.hourly());
        } else {
          devnet.exchanges().perps().setFunding(f.asset(), f.hourly());
        }
        break;
      default:
        throw new IllegalStateException("unhandled funding target " + f.target());
    }
  }

  private static BigInteger fixed(BigDecimal value, int decimals) {
    return value.movePointRight(decimals).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
  }

  private void upgrade(ScenarioAction.Upgrade u) {
    DevnetOps ops = devnet.ops();
    String implementation = ops.deployImplementation(u.revision());
    switch (u.target()) {
      case VAULT:
        ops.upgradeProxy(vaultAdmin, implementation);
        break;
      case SNX:
        ops.upgradeSynthetix(implementation);
        break;
      default:
        throw new IllegalStateException("unhandled upgrade target " + u.target());
    }
  }

  private void pause(ScenarioAction.Pause p) {
    DevnetContracts c = devnet.contracts();
    switch (p.target()) {
      case SNX:
        devnet.ops().setPerpsDenyAll(p.paused());
        break;
      case GMX_ETH:
        devnet.ops().setGmxMarketDisabled(c.gmxEthMarket(), p.paused());
        break;
      case GMX_BTC:
        devnet.ops().setGmxMarketDisabled(c.gmxBtcMarket(), p.paused());
        break;
      default:
        throw new IllegalStateException("unhandled pause target " + p.target());
    }
  }
}
