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
}
