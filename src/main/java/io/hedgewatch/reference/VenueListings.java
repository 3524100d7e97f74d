package io.hedgewatch.reference;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The spot markets hedgewatch knows on each reference venue, as an explicit table: canonical pair ↔
 * the venue's own symbol, written out per venue and never derived from another venue's symbol at
 * run time (Kraken's BTC is {@code XBT} and DOGE {@code XDG}; its older pairs answer under legacy
 * names such as {@code XXBTZUSD}).
 *
 * <p>Which market prices a target pair is decided by {@link #preferredMarket}: the direct USD
 * market, else USDT, else USDC (see {@link #candidates}). USDT- and USDC-quoted prices are then
 * converted to USD by the composite through a USDT/USD (or USDC/USD) reference, never taken as 1:1.
 *
 * <p>{@link #standard()} is the built-in table; {@link #of} builds another one (e.g. the standard
 * listings plus markets from configuration), checked for clashes.
 */
public final class VenueListings {

  public static final String USD = "USD";
  public static final String USDT = "USDT";
  public static final String USDC = "USDC";

  /**
   * One market of one venue.
   *
   * @param market the symbol the request uses and the canonical pair it trades
   * @param replySymbols every name the venue's reply may give this market: the request symbol and,
   *     for Kraken, the pair's legacy result key ({@code XBTUSD} is answered as {@code XXBTZUSD})
   */
  public record Listing(ReferenceVenue venue, VenueMarket market, Set<String> replySymbols) {
    public Listing {
      Objects.requireNonNull(venue, "venue");
      Objects.requireNonNull(market, "market");
      Objects.requireNonNull(replySymbols, "replySymbols");
      if (market.nativeSymbol().isBlank()) {
        throw new IllegalArgumentException(
            venue.configName() + " " + market.pair() + ": empty symbol");
      }
      if (!replySymbols.contains(market.nativeSymbol())) {
        throw new IllegalArgumentException(
            venue.configName()
                + " "
                + market.nativeSymbol()
                + ": replySymbols "
                + replySymbols
                + " must contain the request symbol");
      }
      replySymbols = Collections.unmodifiableSet(new LinkedHashSet<>(replySymbols));
    }

    /**
     * A listing whose reply names it by its request symbol and, optionally, {@code legacyNames}.
     */
    public static Listing of(
        ReferenceVenue venue, String nativeSymbol, String pair, String... legacyNames) {
      Set<String> names = new LinkedHashSet<>();
      names.add(nativeSymbol);
      names.addAll(List.of(legacyNames));
      return new Listing(venue, new VenueMarket(nativeSymbol, Pair.of(pair)), names);
    }
  }

  private static final VenueListings STANDARD = of(standardTable());

  private final Map<ReferenceVenue, List<Listing>> byVenue;
  private final Map<ReferenceVenue, Map<Pair, Listing>> byPair;
  private final Map<ReferenceVenue, Map<String, Listing>> bySymbol;

  private VenueListings(Map<ReferenceVenue, List<Listing>> byVenue) {
    this.byVenue = byVenue;
    this.byPair = new EnumMap<>(ReferenceVenue.class);
    this.bySymbol = new EnumMap<>(ReferenceVenue.class);
    byVenue.forEach(
        (venue, listings) -> {
          Map<Pair, Listing> pairs = new HashMap<>();
          Map<String, Listing> symbols = new HashMap<>();
          for (Listing l : listings) {
            pairs.put(l.market().pair(), l);
            symbols.put(l.market().nativeSymbol(), l);
          }
          byPair.put(venue, pairs);
          bySymbol.put(venue, symbols);
        });
  }

  /** The built-in table; {@link #standardTable()} lists its coverage. */
  public static VenueListings standard() {
    return STANDARD;
  }

  /**
   * A table of {@code listings}, in their order. Within one venue, no pair, request symbol or reply
   * name may appear twice: the reply must identify one market.
   */
  public static VenueListings of(Collection<Listing> listings) {
    Map<ReferenceVenue, List<Listing>> byVenue = new EnumMap<>(ReferenceVenue.class);
    Map<ReferenceVenue, Map<String, Listing>> names = new EnumMap<>(ReferenceVenue.class);
    for (ReferenceVenue v : ReferenceVenue.values()) {
      byVenue.put(v, new ArrayList<>());
      names.put(v, new HashMap<>());
    }
    for (Listing l : listings) {
      Objects.requireNonNull(l, "listing");
      List<Listing> sameVenue = byVenue.get(l.venue());
      for (Listing other : sameVenue) {
        if (other.market().pair().equals(l.market().pair())) {
          throw new IllegalArgumentException(
              l.venue().configName()
                  + " lists "
                  + l.market().pair()
                  + " twice: "
                  + other.market().nativeSymbol()
                  + " and "
                  + l.market().nativeSymbol());
        }
      }
      for (String name : l.replySymbols()) {
        Listing clash = names.get(l.venue()).putIfAbsent(name, l);
        if (clash != null) {
          throw new IllegalArgumentException(
              l.venue().configName()
                  + " symbol "
                  + name
                  + " names both "
                  + clash.market().pair()
                  + " and "
                  + l.market().pair());
        }
      }
      sameVenue.add(l);
    }
    Map<ReferenceVenue, List<Listing>> frozen = new EnumMap<>(ReferenceVenue.class);
    byVenue.forEach((v, ls) -> frozen.put(v, List.copyOf(ls)));
    return new VenueListings(Collections.unmodifiableMap(frozen));
  }

  /** Every listing of every venue, venue by venue in table order. */
  public List<Listing> listings() {
    List<Listing> all = new ArrayList<>();
    byVenue.values().forEach(all::addAll);
    return List.copyOf(all);
  }

  public List<Listing> listings(ReferenceVenue venue) {
    return byVenue.get(Objects.requireNonNull(venue, "venue"));
  }

  public List<VenueMarket> markets(ReferenceVenue venue) {
    return listings(venue).stream().map(Listing::market).toList();
  }

  /** The venue's market for exactly {@code pair}, if it lists one. */
  public Optional<VenueMarket> market(ReferenceVenue venue, Pair pair) {
    Objects.requireNonNull(pair, "pair");
    return Optional.ofNullable(byPair.get(Objects.requireNonNull(venue, "venue")).get(pair))
        .map(Listing::market);
  }

  /** The venue's market whose request symbol is {@code nativeSymbol} (exact, case-sensitive). */
  public Optional<VenueMarket> marketForSymbol(ReferenceVenue venue, String nativeSymbol) {
    Objects.requireNonNull(nativeSymbol, "nativeSymbol");
    return Optional.ofNullable(
            bySymbol.get(Objects.requireNonNull(venue, "venue")).get(nativeSymbol))
        .map(Listing::market);
  }

  public boolean lists(ReferenceVenue venue, Pair pair) {
    return market(venue, pair).isPresent();
  }

  /**
   * The names a reply of {@code venue} may give {@code market}: its listing's reply symbols, or
   * just its request symbol for a market this table does not hold.
   */
  public Set<String> replySymbols(ReferenceVenue venue, VenueMarket market) {
    Objects.requireNonNull(market, "market");
    Listing l = bySymbol.get(Objects.requireNonNull(venue, "venue")).get(market.nativeSymbol());
    return l != null && l.market().equals(market)
        ? l.replySymbols()
        : Set.of(market.nativeSymbol());
  }

  /**
   * The one market of {@code venue} to price {@code target}: the first of {@link #candidates(Pair)}
   * the venue lists.
   */
  public Optional<VenueMarket> preferredMarket(ReferenceVenue venue, Pair target) {
    for (Pair candidate : candidates(target)) {
      Optional<VenueMarket> m = market(venue, candidate);
      if (m.isPresent()) {
        return m;
      }
    }
    return Optional.empty();
  }

  /**
   * The pairs that can price {@code target}, best first.
   *
   * <ul>
   *   <li>{@code BASE/USD}: itself, then {@code BASE/USDT}, then {@code BASE/USDC} — a stablecoin
   *       quote needs converting, and USDT markets are the deeper ones on the venues that lack USD.
   *   <li>{@code USDT/USD}: only itself. It is the rate that converts every USDT quote, so it must
   *       not be derived from another stablecoin market (USDT/USDC would need USDC/USD, which may
   *       itself come from USDC/USDT: a loop).
   *   <li>{@code USDC/USD}: itself, then {@code USDC/USDT} (Binance, OKX and Bybit list no
   *       USDC/USD, Coinbase none at all since it treats USDC as USD), which the composite converts
   *       through USDT/USD like any USDT quote. Never the inverse USDT/USDC.
   *   <li>Any other quote ({@code ETH/USDT}, {@code ETH/BTC}): only itself.
   * </ul>
   */
  public static List<Pair> candidates(Pair target) {
    Objects.requireNonNull(target, "target");
    List<Pair> pairs = new ArrayList<>();
    pairs.add(target);
    if (target.quote().equals(USD) && !target.base().equals(USDT)) {
      pairs.add(new Pair(target.base(), USDT));
      if (!target.base().equals(USDC)) {
        pairs.add(new Pair(target.base(), USDC));
      }
    }
    return List.copyOf(pairs);
  }

  /**
   * The built-in table. Assets ETH, BTC, SOL, LINK, ARB, OP, AVAX, DOGE, XRP, BNB where the venue
   * lists them, and the stablecoin markets USDT/USD, USDC/USD, USDC/USDT where it has them:
   *
   * <ul>
   *   <li>Binance spot: no USD quote; every asset against USDT, BTC/ETH/SOL against USDC too,
   *       USDC/USDT.
   *   <li>Coinbase Exchange: every asset but BNB against USD, BTC/ETH against USDT, USDT/USD. It
   *       has no USDC markets: USDC is settled 1:1 as USD there ({@code BTC-USDC} is an alias of
   *       {@code BTC-USD}).
   *   <li>Kraken spot: every asset but BNB against USD (BTC as {@code XBT}, DOGE as {@code XDG}),
   *       BTC/ETH against USDT, USDT/USD, USDC/USD, USDC/USDT. Legacy result keys are accepted
   *       beside the request name: {@code XXBTZUSD}, {@code XETHZUSD}, {@code XXRPZUSD}, {@code
   *       XXDGZUSD}, {@code USDTZUSD}.
   *   <li>OKX: no USD spot; every asset against USDT, BTC/ETH/SOL against USDC, USDC/USDT.
   *   <li>Bybit spot: no USD spot; every asset against USDT, BTC/ETH/SOL against USDC, USDC/USDT.
   * </ul>
   */
  static List<Listing> standardTable() {
    List<Listing> t = new ArrayList<>();

    ReferenceVenue v = ReferenceVenue.BINANCE;
    t.add(Listing.of(v, "ETHUSDT", "ETH/USDT"));
    t.add(Listing.of(v, "BTCUSDT", "BTC/USDT"));
    t.add(Listing.of(v, "SOLUSDT", "SOL/USDT"));
    t.add(Listing.of(v, "LINKUSDT", "LINK/USDT"));
    t.add(Listing.of(v, "ARBUSDT", "ARB/USDT"));
    t.add(Listing.of(v, "OPUSDT", "OP/USDT"));
    t.add(Listing.of(v, "AVAXUSDT", "AVAX/USDT"));
    t.add(Listing.of(v, "DOGEUSDT", "DOGE/USDT"));
    t.add(Listing.of(v, "XRPUSDT", "XRP/USDT"));
    t.add(Listing.of(v, "BNBUSDT", "BNB/USDT"));
    t.add(Listing.of(v, "ETHUSDC", "ETH/USDC"));
    t.add(Listing.of(v, "BTCUSDC", "BTC/USDC"));
    t.add(Listing.of(v, "SOLUSDC", "SOL/USDC"));
    t.add(Listing.of(v, "USDCUSDT", "USDC/USDT"));

    v = ReferenceVenue.COINBASE;
    t.add(Listing.of(v, "ETH-USD", "ETH/USD"));
    t.add(Listing.of(v, "BTC-USD", "BTC/USD"));
    t.add(Listing.of(v, "SOL-USD", "SOL/USD"));
    t.add(Listing.of(v, "LINK-USD", "LINK/USD"));
    t.add(Listing.of(v, "ARB-USD", "ARB/USD"));
    t.add(Listing.of(v, "OP-USD", "OP/USD"));
    t.add(Listing.of(v, "AVAX-USD", "AVAX/USD"));
    t.add(Listing.of(v, "DOGE-USD", "DOGE/USD"));
    t.add(Listing.of(v, "XRP-USD", "XRP/USD"));
    t.add(Listing.of(v, "ETH-USDT", "ETH/USDT"));
    t.add(Listing.of(v, "BTC-USDT", "BTC/USDT"));
    t.add(Listing.of(v, "USDT-USD", "USDT/USD"));

    v = ReferenceVenue.KRAKEN;
    t.add(Listing.of(v, "ETHUSD", "ETH/USD", "XETHZUSD"));
    t.add(Listing.of(v, "XBTUSD", "BTC/USD", "XXBTZUSD"));
    t.add(Listing.of(v, "SOLUSD", "SOL/USD"));
    t.add(Listing.of(v, "LINKUSD", "LINK/USD"));
    t.add(Listing.of(v, "ARBUSD", "ARB/USD"));
    t.add(Listing.of(v, "OPUSD", "OP/USD"));
    t.add(Listing.of(v, "AVAXUSD", "AVAX/USD"));
    t.add(Listing.of(v, "XDGUSD", "DOGE/USD", "XXDGZUSD"));
    t.add(Listing.of(v, "XRPUSD", "XRP/USD", "XXRPZUSD"));
    t.add(Listing.of(v, "ETHUSDT", "ETH/USDT"));
    t.add(Listing.of(v, "XBTUSDT", "BTC/USDT"));
    t.add(Listing.of(v, "USDTUSD", "USDT/USD", "USDTZUSD"));
    t.add(Listing.of(v, "USDCUSD", "USDC/USD"));
    t.add(Listing.of(v, "USDCUSDT", "USDC/USDT"));

    v = ReferenceVenue.OKX;
    t.add(Listing.of(v, "ETH-USDT", "ETH/USDT"));
    t.add(Listing.of(v, "BTC-USDT", "BTC/USDT"));
    t.add(Listing.of(v, "SOL-USDT", "SOL/USDT"));
    t.add(Listing.of(v, "LINK-USDT", "LINK/USDT"));
    t.add(Listing.of(v, "ARB-USDT", "ARB/USDT"));
    t.add(Listing.of(v, "OP-USDT", "OP/USDT"));
    t.add(Listing.of(v, "AVAX-USDT", "AVAX/USDT"));
    t.add(Listing.of(v, "DOGE-USDT", "DOGE/USDT"));
    t.add(Listing.of(v, "XRP-USDT", "XRP/USDT"));
    t.add(Listing.of(v, "BNB-USDT", "BNB/USDT"));
    t.add(Listing.of(v, "ETH-USDC", "ETH/USDC"));
    t.add(Listing.of(v, "BTC-USDC", "BTC/USDC"));
    t.add(Listing.of(v, "SOL-USDC", "SOL/USDC"));
    t.add(Listing.of(v, "USDC-USDT", "USDC/USDT"));

    v = ReferenceVenue.BYBIT;
    t.add(Listing.of(v, "ETHUSDT", "ETH/USDT"));
    t.add(Listing.of(v, "BTCUSDT", "BTC/USDT"));
    t.add(Listing.of(v, "SOLUSDT", "SOL/USDT"));
    t.add(Listing.of(v, "LINKUSDT", "LINK/USDT"));
    t.add(Listing.of(v, "ARBUSDT", "ARB/USDT"));
    t.add(Listing.of(v, "OPUSDT", "OP/USDT"));
    t.add(Listing.of(v, "AVAXUSDT", "AVAX/USDT"));
    t.add(Listing.of(v, "DOGEUSDT", "DOGE/USDT"));
    t.add(Listing.of(v, "XRPUSDT", "XRP/USDT"));
    t.add(Listing.of(v, "BNBUSDT", "BNB/USDT"));
    t.add(Listing.of(v, "ETHUSDC", "ETH/USDC"));
    t.add(Listing.of(v, "BTCUSDC", "BTC/USDC"));
    t.add(Listing.of(v, "SOLUSDC", "SOL/USDC"));
    t.add(Listing.of(v, "USDCUSDT", "USDC/USDT"));

    return t;
  }
}
