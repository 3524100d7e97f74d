package io.hedgewatch.devnet.scenario;

import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.ReferenceVenue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a scenario step does to the devnet. Prices are USD, funding rates hourly fractions. */
public sealed interface ScenarioAction {

  /** A Chainlink round on {@code feed} (eth-usd, btc-usd, usdc-usd) at the head block's time. */
  record OracleAnswer(String feed, BigDecimal price) implements ScenarioAction {
    public OracleAnswer {
      Objects.requireNonNull(feed, "feed");
      Objects.requireNonNull(price, "price");
    }
  }

  /**
   * The whole market of {@code asset} (ETH or BTC) moves to {@code price}: its Chainlink feed (and
   * Pyth for ETH), the reference exchanges, the Synthetix index and the Hyperliquid and dYdX marks,
   * as a market walk tick would.
   */
  record MarketPrice(String asset, BigDecimal price) implements ScenarioAction {
    public MarketPrice {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(price, "price");
    }
  }

  /** The Pyth ETH/USD price (and its EMA) at the head block's time. */
  record PythPrice(BigDecimal price) implements ScenarioAction {
    public PythPrice {
      Objects.requireNonNull(price, "price");
    }
  }

  /**
   * The reference price of {@code asset} on the simulated exchanges: every venue (and their perps'
   * marks), or one venue only when {@code venue} is given (pinned there, the others keep theirs).
   */
  record ReferencePrice(String asset, BigDecimal price, Optional<ReferenceVenue> venue)
      implements ScenarioAction {
    public ReferencePrice {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(venue, "venue");
    }
  }

  /**
   * One reference venue's market of {@code asset} released from a {@link ReferencePrice} pin: it
   * quotes the market-wide price again.
   */
  record ReferenceRelease(String asset, ReferenceVenue venue) implements ScenarioAction {
    public ReferenceRelease {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(venue, "venue");
    }
  }

  /**
   * What {@code stablecoin} (USDT or USDC) is worth in USD on one reference venue only, a local
   * depeg that moves every market quoted in it there (and the venue's perps); empty: the venue
   * takes the market-wide rate again.
   */
  record VenueStablecoin(ReferenceVenue venue, String stablecoin, Optional<BigDecimal> usd)
      implements ScenarioAction {
    public VenueStablecoin {
      Objects.requireNonNull(venue, "venue");
      Objects.requireNonNull(stablecoin, "stablecoin");
      Objects.requireNonNull(usd, "usd");
    }
  }

  /** Where a funding rate is set. */
  enum FundingTarget {
    /** The Synthetix v3 market on the chain (held: no velocity). */
    SNX,
    /** The GMX v2 market on the chain. */
    GMX,
    /** The simulated Hyperliquid. */
    HYPERLIQUID,
    /** Every simulated centralized perp venue. */
    CEX
  }

  /**
   * The hourly funding rate of {@code asset}'s perp on a target; {@code cexVenue} narrows {@link
   * FundingTarget#CEX} to one venue. Positive: longs pay shorts.
   */
  record Funding(
      FundingTarget target, Optional<CexFundingVenue> cexVenue, String asset, BigDecimal hourly)
      implements ScenarioAction {
    public Funding {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(cexVenue, "cexVenue");
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(hourly, "hourly");
    }
  }

  /** The sequencer uptime feed reports the sequencer down or up, at the head block's time. */
  record Sequencer(boolean down) implements ScenarioAction {}

  /**
   * Chain time jumps by {@code by} (a block is mined there); the oracles post their held answers at
   * the new time, as their keepers would, so that only what the scenario means goes stale.
   */
  record AdvanceTime(Duration by) implements ScenarioAction {
    public AdvanceTime {
      Objects.requireNonNull(by, "by");
    }
  }

  /** An upgradeable contract a scenario can upgrade. */
  enum UpgradeTarget {
    /**
     * The devnet's ERC-1967 transparent proxy over a pausable target, which the demo config watches
     * as {@code contract:vault}.
     */
    VAULT,
    /** The Synthetix PerpsMarketProxy, watched as the venue's own contract ({@code venue:snx}). */
    SNX
  }

  /**
   * {@code target} is pointed at a freshly deployed implementation whose {@code revision()} is
   * {@code revision}; the vault's upgrade is sent by whoever holds its admin role at the time.
   */
  record Upgrade(UpgradeTarget target, long revision) implements ScenarioAction {
    public Upgrade {
      Objects.requireNonNull(target, "target");
      if (revision <= 0) {
        throw new IllegalArgumentException("revision must be positive, was " + revision);
      }
    }
  }

  /** The vault proxy's admin role is handed to the devnet's dev account {@code account}. */
  record ProxyAdmin(int account) implements ScenarioAction {
    public ProxyAdmin {
      if (account < 0) {
        throw new IllegalArgumentException("account must not be negative, was " + account);
      }
    }
  }

  /** What a venue can halt: the markets the devnet config names. */
  enum PauseTarget {
    /** Synthetix's whole perps system (feature flag {@code perpsSystem} denied to all). */
    SNX("snx"),
    /** The GMX v2 ETH market (IS_MARKET_DISABLED). */
    GMX_ETH("gmx-eth"),
    /** The GMX v2 BTC market (IS_MARKET_DISABLED). */
    GMX_BTC("gmx-btc");

    private final String scenarioName;

    PauseTarget(String scenarioName) {
      this.scenarioName = scenarioName;
    }

    /** How a scenario names it. */
    public String scenarioName() {
      return scenarioName;
    }
  }

  /** The venue halts trading on {@code target} ({@code paused}) or reopens it. */
  record Pause(PauseTarget target, boolean paused) implements ScenarioAction {
    public Pause {
      Objects.requireNonNull(target, "target");
    }
  }
}
