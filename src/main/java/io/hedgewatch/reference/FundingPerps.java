package io.hedgewatch.reference;

import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.Pair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The perpetuals hedgewatch takes funding and mark references from, as an explicit table like
 * {@link VenueListings}: each venue's symbol written out, never derived from another venue's
 * (Kraken Futures calls BTC {@code XBT}; Deribit's {@code ETH-PERPETUAL} is inverse and quoted in
 * USD while its {@code SOL_USDC-PERPETUAL} is linear in USDC).
 *
 * <p>{@link #standard()} is the built-in table; {@link #of} builds another one, checked so that a
 * venue names each pair and each symbol once.
 */
public final class FundingPerps {

  private static final FundingPerps STANDARD = of(standardTable());

  private final Map<CexFundingVenue, List<FundingPerp>> byVenue;

  private FundingPerps(Map<CexFundingVenue, List<FundingPerp>> byVenue) {
    this.byVenue = byVenue;
  }

  public static FundingPerps standard() {
    return STANDARD;
  }

  /** A table of {@code perps} in their order; within one venue no pair or symbol twice. */
  public static FundingPerps of(Collection<FundingPerp> perps) {
    Map<CexFundingVenue, List<FundingPerp>> byVenue = new EnumMap<>(CexFundingVenue.class);
    for (CexFundingVenue v : CexFundingVenue.values()) {
      byVenue.put(v, new ArrayList<>());
    }
    for (FundingPerp p : perps) {
      Objects.requireNonNull(p, "perp");
      for (FundingPerp other : byVenue.get(p.venue())) {
        if (other.pair().equals(p.pair()) || other.symbol().equals(p.symbol())) {
          throw new IllegalArgumentException(
              p.venue().configName()
                  + " lists "
                  + (other.pair().equals(p.pair()) ? p.pair() : p.symbol())
                  + " twice: "
                  + other.symbol()
                  + " "
                  + other.pair()
                  + " and "
                  + p.symbol()
                  + " "
                  + p.pair());
        }
      }
      byVenue.get(p.venue()).add(p);
    }
    Map<CexFundingVenue, List<FundingPerp>> frozen = new EnumMap<>(CexFundingVenue.class);
    byVenue.forEach((v, ps) -> frozen.put(v, List.copyOf(ps)));
    return new FundingPerps(Collections.unmodifiableMap(frozen));
  }

  /** Every perp of every venue, venue by venue in table order. */
  public List<FundingPerp> perps() {
    List<FundingPerp> all = new ArrayList<>();
    byVenue.values().forEach(all::addAll);
    return List.copyOf(all);
  }

  public List<FundingPerp> perps(CexFundingVenue venue) {
    return byVenue.get(Objects.requireNonNull(venue, "venue"));
  }

  /** The venue's perp on exactly {@code pair}. */
  public Optional<FundingPerp> perp(CexFundingVenue venue, Pair pair) {
    Objects.requireNonNull(pair, "pair");
    return perps(venue).stream().filter(p -> p.pair().equals(pair)).findFirst();
  }

  /** The venue's perp whose symbol is {@code symbol} (exact, case-sensitive). */
  public Optional<FundingPerp> perpForSymbol(CexFundingVenue venue, String symbol) {
    Objects.requireNonNull(symbol, "symbol");
    return perps(venue).stream().filter(p -> p.symbol().equals(symbol)).findFirst();
  }

  /**
   * The venue's main perp on {@code base} (ETH, BTC, ...): the first the table lists, which is the
   * venue's most traded one (Deribit's inverse {@code ETH-PERPETUAL} before {@code
   * ETH_USDC-PERPETUAL}).
   */
  public Optional<FundingPerp> preferred(CexFundingVenue venue, String base) {
    Objects.requireNonNull(base, "base");
    return perps(venue).stream().filter(p -> p.pair().base().equals(base)).findFirst();
  }

  /**
   * The built-in table, from each venue's contract listings (cex-apis.md's symbol mapping):
   *
   * <ul>
   *   <li>Binance USD-M: USDT-margined linear perps, the symbol as on spot ({@code ETHUSDT}).
   *   <li>Bybit: the linear USDT perps ({@code category=linear}).
   *   <li>OKX: the USDT-margined swaps ({@code ETH-USDT-SWAP}).
   *   <li>Deribit: the inverse BTC and ETH perpetuals (USD contracts, settled in coin), and the
   *       USDC-margined linear ones ({@code SOL_USDC-PERPETUAL}; SOL has no inverse perp).
   *   <li>Kraken Futures: the multi-collateral linear perps ({@code PF_}, 1 contract = 1 unit of
   *       the base, quoted in USD); BTC is {@code XBT}. The inverse {@code PI_} perps are left out:
   *       they would price the same pairs and trade far less.
   * </ul>
   */
  static List<FundingPerp> standardTable() {
    List<FundingPerp> t = new ArrayList<>();

    CexFundingVenue v = CexFundingVenue.BINANCE;
    t.add(FundingPerp.linear(v, "ETHUSDT", "ETH/USDT"));
    t.add(FundingPerp.linear(v, "BTCUSDT", "BTC/USDT"));
    t.add(FundingPerp.linear(v, "SOLUSDT", "SOL/USDT"));
    t.add(FundingPerp.linear(v, "XRPUSDT", "XRP/USDT"));
    t.add(FundingPerp.linear(v, "DOGEUSDT", "DOGE/USDT"));
    t.add(FundingPerp.linear(v, "LINKUSDT", "LINK/USDT"));
    t.add(FundingPerp.linear(v, "AVAXUSDT", "AVAX/USDT"));
    t.add(FundingPerp.linear(v, "BNBUSDT", "BNB/USDT"));
    t.add(FundingPerp.linear(v, "ARBUSDT", "ARB/USDT"));

    v = CexFundingVenue.BYBIT;
    t.add(FundingPerp.linear(v, "ETHUSDT", "ETH/USDT"));
    t.add(FundingPerp.linear(v, "BTCUSDT", "BTC/USDT"));
    t.add(FundingPerp.linear(v, "SOLUSDT", "SOL/USDT"));
    t.add(FundingPerp.linear(v, "XRPUSDT", "XRP/USDT"));
    t.add(FundingPerp.linear(v, "DOGEUSDT", "DOGE/USDT"));
    t.add(FundingPerp.linear(v, "LINKUSDT", "LINK/USDT"));
    t.add(FundingPerp.linear(v, "AVAXUSDT", "AVAX/USDT"));
    t.add(FundingPerp.linear(v, "ARBUSDT", "ARB/USDT"));

    v = CexFundingVenue.OKX;
    t.add(FundingPerp.linear(v, "ETH-USDT-SWAP", "ETH/USDT"));
    t.add(FundingPerp.linear(v, "BTC-USDT-SWAP", "BTC/USDT"));
    t.add(FundingPerp.linear(v, "SOL-USDT-SWAP", "SOL/USDT"));
    t.add(FundingPerp.linear(v, "XRP-USDT-SWAP", "XRP/USDT"));
    t.add(FundingPerp.linear(v, "DOGE-USDT-SWAP", "DOGE/USDT"));
    t.add(FundingPerp.linear(v, "LINK-USDT-SWAP", "LINK/USDT"));
    t.add(FundingPerp.linear(v, "AVAX-USDT-SWAP", "AVAX/USDT"));

    v = CexFundingVenue.DERIBIT;
    t.add(FundingPerp.inverse(v, "ETH-PERPETUAL", "ETH/USD"));
    t.add(FundingPerp.inverse(v, "BTC-PERPETUAL", "BTC/USD"));
    t.add(FundingPerp.linear(v, "ETH_USDC-PERPETUAL", "ETH/USDC"));
    t.add(FundingPerp.linear(v, "BTC_USDC-PERPETUAL", "BTC/USDC"));
    t.add(FundingPerp.linear(v, "SOL_USDC-PERPETUAL", "SOL/USDC"));

    v = CexFundingVenue.KRAKEN_FUTURES;
    t.add(FundingPerp.linear(v, "PF_ETHUSD", "ETH/USD"));
    t.add(FundingPerp.linear(v, "PF_XBTUSD", "BTC/USD"));
    t.add(FundingPerp.linear(v, "PF_SOLUSD", "SOL/USD"));
    t.add(FundingPerp.linear(v, "PF_XRPUSD", "XRP/USD"));
    t.add(FundingPerp.linear(v, "PF_DOGEUSD", "DOGE/USD"));

    return t;
  }
}
