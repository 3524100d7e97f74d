package io.hedgewatch.venue;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads GMX v2 positions through the Reader's {@code getAccountPositions} and values them with the
 * DataStore's margin and fee keys and the caller's prices. A request's market key is the market
 * token; its account is the trader's address, optionally narrowed to one of its positions in the
 * market as {@code 0xACCOUNT/long} or {@code 0xACCOUNT/short}, and further {@code /0xCOLLATERAL}
 * (GMX keeps one isolated position per account, market, collateral token and side; a request that
 * matches more than one fails, naming them).
 *
 * <p>Per cycle, one readAt holds: per account, {@code getAccountPositions(dataStore, account, 0,
 * }{@value #MAX_ACCOUNT_POSITIONS}{@code )}; per market, {@code MIN_COLLATERAL_FACTOR}, {@code
 * MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION}, {@code FUNDING_FEE_AMOUNT_PER_SIZE} and {@code
 * CLAIMABLE_FUNDING_AMOUNT_PER_SIZE} for each side and token, {@code CUMULATIVE_BORROWING_FACTOR}
 * for each side; once, {@code MIN_COLLATERAL_USD}. All keys are known before the positions are, so
 * the cycle stays one eth_call.
 *
 * <p><b>Valuation</b> (the markets' tokens and decimals as {@link GmxMarketResolver} resolved them;
 * USD prices from {@code usdPrices} by the tokens' price keys, as {@link GmxV2Reader} is priced):
 * size = sizeInTokens / 10^indexDecimals; entry = (sizeInUsd / 1e30) / size, GMX's average entry;
 * mark = the index token's price; price PnL = size x mark - sizeInUsd for a long, the opposite for
 * a short; collateral = collateralAmount / 10^decimals x the collateral token's price. Fees due
 * since the position last changed: borrowing = sizeInUsd x (cumulative borrowing factor - the
 * position's) / 1e30; funding paid = sizeInUsd x (funding fee per size - the position's) / 1e45
 * collateral tokens; funding claimable likewise from the claimable per-size values, in long and
 * short tokens. Equity = collateral + price PnL - borrowing - funding paid (claimable funding is
 * claimed apart and backs nothing); unrealised PnL = price PnL - borrowing; accrued funding =
 * claimable - paid.
 *
 * <p><b>Maintenance</b> follows GMX's liquidation check (PositionUtils.isPositionLiquidatable with
 * forLiquidation): the position is liquidated when its remaining collateral falls below max({@code
 * MIN_COLLATERAL_USD}, factor x sizeInUsd), where factor is {@code
 * MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION}, or {@code MIN_COLLATERAL_FACTOR} where that key is zero
 * (deployments before GMX's 2025-03 release liquidated on it; GMX's own configuration sets both to
 * 1 % by default). Note the factor applies to the size in USD at entry, not at mark.
 *
 * <p><b>Approximation</b>, instead of decoding {@code getPositionInfo}'s large fee structs: the
 * per-size and borrowing values are the DataStore's as of the market's last update, so funding and
 * borrowing accrued since (the Reader's pending deltas) are left out; the price impact and position
 * fee of closing, and the cap on positive PnL, are left out of equity too. GMX's own verdict,
 * {@code isPositionLiquidatable}, needs the ReferralStorage contract and is not read: the snapshot
 * carries no venue verdict. It does carry the liquidation price by GMX's own rule: the requirement
 * is fixed in USD (MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION x sizeInUsd, at least MIN_COLLATERAL_USD),
 * and equity moves with the price by sizeInTokens, plus the collateral when the collateral token is
 * priced as the index token (WETH behind an ETH long); none when no positive price reaches it.
 *
 * <p>A position whose market or collateral token has no USD price this cycle fails, naming the
 * missing price key.
 */
public final class GmxV2PositionReader implements PositionReader {

  /**
   * How many of an account's positions one read asks for; a position beyond them is not found (the
   * failure says so).
   */
  public static final int MAX_ACCOUNT_POSITIONS = 100;

  private static final int USD_SCALE = GmxV2Reader.FLOAT_DECIMALS;

  /** GMX keeps per-size funding values at FLOAT_PRECISION x FLOAT_PRECISION_SQRT (1e30 x 1e15). */
  private static final int FUNDING_PER_SIZE_DECIMALS = 45;

  // the per-market DataStore reads, in this order
  private static final int MIN_COLLATERAL_FACTOR = 0;
  private static final int MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION = 1;
  private static final int FUNDING_FEE = 2; // 4: (long token, short token) x (long, short side)
  private static final int CLAIMABLE = 6; // 4: likewise
  private static final int BORROWING = 10; // 2: long side, short side
  private static final int MARKET_CALLS = 12;

  private final String venueId;
  private final ChainReader chain;
  private final String reader;
  private final String dataStore;
  private final Map<String, GmxMarketResolver.Resolved> markets = new LinkedHashMap<>();
  private final Function<String, Optional<BigDecimal>> usdPrices;

  /**
   * @param reader the Reader contract
   * @param dataStore the DataStore contract
   * @param markets the markets positions can be asked for, resolved (tokens and decimals)
   * @param usdPrices USD price of a token's price key, empty when not known this cycle
   */
  public GmxV2PositionReader(
      String venueId,
      ChainReader chain,
      String reader,
      String dataStore,
      List<GmxMarketResolver.Resolved> markets,
      Function<String, Optional<BigDecimal>> usdPrices) {
    this.venueId = Objects.requireNonNull(venueId, "venueId");
    this.chain = Objects.requireNonNull(chain, "chain");
    this.reader = address(reader);
    this.dataStore = address(dataStore);
    for (GmxMarketResolver.Resolved market : markets) {
      this.markets.put(market.market().marketToken(), market);
    }
    this.usdPrices = Objects.requireNonNull(usdPrices, "usdPrices");
  }

  @Override
  public String venueId() {
    return venueId;
  }

  /** The calls and decoding of one cycle's reads of {@code requests}, for a shared readAt. */
  public Batch batch(List<Request> requests) {
    return new Batch(List.copyOf(requests));
  }

  /** Reads the positions in one {@link ChainReader#readAt} at the head block. */
  @Override
  public List<Read<PositionSnapshot>> positions(List<Request> requests) {
    return batch(requests).readAtHead(chain, venueId);
  }

  /**
   * A request's account, parsed: the address and what narrows it to one position.
   *
   * @param isLong the side asked for, when given
   * @param collateralToken the collateral token asked for, when given
   */
  record Account(String address, Optional<Boolean> isLong, Optional<String> collateralToken) {

    /** {@code 0xACCOUNT[/long|/short][/0xCOLLATERAL]}, the qualifiers in either order. */
    static Optional<Account> parse(String text) {
      String[] parts = text.strip().split("/", -1);
      if (parts.length > 3) {
        return Optional.empty();
      }
      Optional<String> address = tryAddress(parts[0]);
      if (address.isEmpty()) {
        return Optional.empty();
      }
      Optional<Boolean> isLong = Optional.empty();
      Optional<String> collateral = Optional.empty();
      for (int i = 1; i < parts.length; i++) {
        String part = parts[i].strip().toLowerCase(Locale.ROOT);
        if ((part.equals("long") || part.equals("short")) && isLong.isEmpty()) {
          isLong = Optional.of(part.equals("long"));
        } else if (tryAddress(part).isPresent() && collateral.isEmpty()) {
          collateral = tryAddress(part);
        } else {
          return Optional.empty();
        }
      }
      return Optional.of(new Account(address.get(), isLong, collateral));
    }
  }

  /** Where one request's outcomes are in a batch. */
  private record Plan(
      Account account, GmxMarketResolver.Resolved market, int positions, int keys) {}

  /** One cycle's calls for some positions and their decoding; see {@link OnChainPositionBatch}. */
  public final class Batch extends PlannedBatch<Plan, PositionSnapshot>
      implements OnChainPositionBatch {
    private final List<Request> requests;
    private final Map<String, Integer> accountCalls = new LinkedHashMap<>();
    private final Map<String, Integer> marketCalls = new LinkedHashMap<>();
    private int minCollateralUsd = -1;

    private Batch(List<Request> requests) {
      this.requests = requests;
      for (Request request : requests) {
        Optional<Account> account = Account.parse(request.account());
        GmxMarketResolver.Resolved market =
            tryAddress(request.marketKey()).map(markets::get).orElse(null);
        ReadFailure bad = null;
        if (account.isEmpty()) {
          bad =
              new ReadFailure.Unavailable(
                  "'"
                      + request.account()
                      + "' is not a GMX account: an address, optionally followed by /long or"
                      + " /short and /0x<collateral token>");
        } else if (market == null) {
          bad =
              new ReadFailure.Unavailable(
                  "GMX market "
                      + request.marketKey()
                      + " is not configured on venue "
                      + venueId
                      + " (its tokens' decimals and prices are unknown)");
        }
        if (bad == null) {
          planned(plan(account.get(), market));
        } else {
          unasked(bad);
        }
      }
    }

    private Plan plan(Account account, GmxMarketResolver.Resolved market) {
      if (minCollateralUsd < 0) {
        minCollateralUsd = add(dataStore, GmxV2Abi.getUint(GmxKeys.MIN_COLLATERAL_USD));
      }
      Integer positions = accountCalls.get(account.address());
      if (positions == null) {
        positions =
            add(
                reader,
                GmxV2Abi.getAccountPositions(
                    dataStore, account.address(), 0, MAX_ACCOUNT_POSITIONS));
        accountCalls.put(account.address(), positions);
      }
      String m = market.market().marketToken();
      Integer keys = marketCalls.get(m);
      if (keys == null) {
        keys = addMarketKeys(m, market.props());
        marketCalls.put(m, keys);
      }
      return new Plan(account, market, positions, keys);
    }

    private int addMarketKeys(String m, GmxV2Abi.MarketProps props) {
      int first = add(dataStore, GmxV2Abi.getUint(GmxKeys.minCollateralFactor(m)));
      add(dataStore, GmxV2Abi.getUint(GmxKeys.minCollateralFactorForLiquidation(m)));
      for (String token : List.of(props.longToken(), props.shortToken())) {
        for (boolean isLong : new boolean[] {true, false}) {
          add(dataStore, GmxV2Abi.getUint(GmxKeys.fundingFeeAmountPerSize(m, token, isLong)));
        }
      }
      for (String token : List.of(props.longToken(), props.shortToken())) {
        for (boolean isLong : new boolean[] {true, false}) {
          add(dataStore, GmxV2Abi.getUint(GmxKeys.claimableFundingAmountPerSize(m, token, isLong)));
        }
      }
      add(dataStore, GmxV2Abi.getUint(GmxKeys.cumulativeBorrowingFactor(m, true)));
      add(dataStore, GmxV2Abi.getUint(GmxKeys.cumulativeBorrowingFactor(m, false)));
      return first;
    }

    private int add(String target, String data) {
      return add(new ContractCall(target, data));
    }

    @Override
    protected Read<PositionSnapshot> decode(
        int index, Plan plan, BlockRef block, List<CallOutcome> outcomes) {
      return decodePosition(
          requests.get(index), plan, block, outcomes, outcomes.get(minCollateralUsd));
    }
  }

  private Read<PositionSnapshot> decodePosition(
      Request request, Plan plan, BlockRef block, List<CallOutcome> o, CallOutcome minUsd) {
    Account account = plan.account();
    GmxV2Abi.MarketProps props = plan.market().props();
    String m = props.marketToken();
    Read<List<GmxV2Abi.PositionProps>> read =
        GmxV2Abi.decodePositions(o.get(plan.positions()), reader);
    if (read.failureIfAny().isPresent()) {
      return Read.failed(
          AbiWords.withCall(
              "getAccountPositions(" + account.address() + ")", read.failureIfAny().get()));
    }
    List<GmxV2Abi.PositionProps> all = read.asOptional().get();
    List<GmxV2Abi.PositionProps> matching =
        all.stream()
            .filter(p -> p.market().equals(m) && p.sizeInUsd().signum() > 0)
            .filter(p -> account.isLong().map(l -> l == p.isLong()).orElse(true))
            .filter(
                p -> account.collateralToken().map(c -> c.equals(p.collateralToken())).orElse(true))
            .toList();
    if (matching.isEmpty()) {
      return Read.failed(
          new ReadFailure.Unavailable(
              venueId
                  + ": GMX account "
                  + account.address()
                  + " has no open "
                  + account.isLong().map(l -> l ? "long " : "short ").orElse("")
                  + "position in market "
                  + m
                  + account.collateralToken().map(c -> " on collateral " + c).orElse("")
                  + (all.size() >= MAX_ACCOUNT_POSITIONS
                      ? " among its first " + MAX_ACCOUNT_POSITIONS + " positions"
                      : " (getAccountPositions lists " + all.size() + " positions)")));
    }
    if (matching.size() > 1) {
      List<String> found =
          matching.stream()
              .map(p -> (p.isLong() ? "long" : "short") + "/" + p.collateralToken())
              .toList();
      return Read.failed(
          new ReadFailure.Unavailable(
              venueId
                  + ": GMX account "
                  + account.address()
                  + " has "
                  + matching.size()
                  + " positions in market "
                  + m
                  + " ("
                  + String.join(", ", found)
                  + "): name one as "
                  + account.address()
                  + "/"
                  + found.get(0)));
    }
    GmxV2Abi.PositionProps position = matching.get(0);
    List<BigInteger> keys = new ArrayList<>();
    for (int k = 0; k < MARKET_CALLS; k++) {
      Read<BigInteger> key = GmxV2Abi.decodeUint(o.get(plan.keys() + k), dataStore);
      if (key.failureIfAny().isPresent()) {
        return Read.failed(
            AbiWords.withCall("DataStore getUint of market " + m, key.failureIfAny().get()));
      }
      keys.add(key.asOptional().get());
    }
    Read<BigInteger> minCollateralUsd = GmxV2Abi.decodeUint(minUsd, dataStore);
    if (minCollateralUsd.failureIfAny().isPresent()) {
      return Read.failed(
          AbiWords.withCall("getUint(MIN_COLLATERAL_USD)", minCollateralUsd.failureIfAny().get()));
    }
    return value(
        request, plan.market(), position, keys, minCollateralUsd.asOptional().get(), block);
  }

  /** The position valued; {@code keys} are the market's DataStore reads in batch order. */
  private Read<PositionSnapshot> value(
      Request request,
      GmxMarketResolver.Resolved market,
      GmxV2Abi.PositionProps p,
      List<BigInteger> keys,
      BigInteger minCollateralUsd,
      BlockRef block) {
    GmxV2Abi.MarketProps props = market.props();
    GmxV2Reader.Market tokens = market.market();
    boolean collateralIsLong = p.collateralToken().equals(props.longToken());
    if (!collateralIsLong && !p.collateralToken().equals(props.shortToken())) {
      return Read.failed(
          new ReadFailure.Malformed(
              "position collateral "
                  + p.collateralToken()
                  + " is neither token of market "
                  + props.marketToken()));
    }
    if (p.sizeInTokens().signum() == 0) {
      return Read.failed(
          new ReadFailure.Malformed(
              "position in " + props.marketToken() + " has sizeInUsd but no sizeInTokens"));
    }
    GmxV2Reader.Token collateralToken = collateralIsLong ? tokens.longToken() : tokens.shortToken();
    Optional<BigDecimal> mark = price(tokens.index());
    Optional<BigDecimal> collateralUsdPrice = price(collateralToken);
    List<String> missing = new ArrayList<>();
    if (mark.isEmpty()) {
      missing.add(tokens.index().priceKey());
    }
    if (collateralUsdPrice.isEmpty() && !missing.contains(collateralToken.priceKey())) {
      missing.add(collateralToken.priceKey());
    }
    if (!missing.isEmpty()) {
      return Read.failed(
          new ReadFailure.Unavailable(
              "no USD price for "
                  + String.join(", ", missing)
                  + ": a GMX position is valued at the caller's prices"));
    }
    int side = p.isLong() ? 0 : 1;
    int collateralSlot = collateralIsLong ? 0 : 2;
    BigInteger fundingFeeDiff =
        keys.get(FUNDING_FEE + collateralSlot + side).subtract(p.fundingFeeAmountPerSize());
    BigInteger claimLongDiff =
        keys.get(CLAIMABLE + side).subtract(p.longTokenClaimableFundingAmountPerSize());
    BigInteger claimShortDiff =
        keys.get(CLAIMABLE + 2 + side).subtract(p.shortTokenClaimableFundingAmountPerSize());
    BigInteger borrowingDiff = keys.get(BORROWING + side).subtract(p.borrowingFactor());
    for (var diff :
        List.of(
            Map.entry("FUNDING_FEE_AMOUNT_PER_SIZE", fundingFeeDiff),
            Map.entry("CLAIMABLE_FUNDING_AMOUNT_PER_SIZE", claimLongDiff.min(claimShortDiff)),
            Map.entry("CUMULATIVE_BORROWING_FACTOR", borrowingDiff))) {
      if (diff.getValue().signum() < 0) {
        return Read.failed(
            new ReadFailure.Malformed(
                "the market's "
                    + diff.getKey()
                    + " is below the position's own: the DataStore does not belong to this"
                    + " position's Reader state (GMX's Reader reverts on it)"));
      }
    }

    BigDecimal size = new BigDecimal(p.sizeInTokens(), tokens.index().decimals());
    BigDecimal sizeUsd = new BigDecimal(p.sizeInUsd(), USD_SCALE);
    BigDecimal entry = sizeUsd.divide(size, GmxV2Reader.RATE_CONTEXT);
    BigDecimal value = size.multiply(mark.get());
    BigDecimal pricePnl = p.isLong() ? value.subtract(sizeUsd) : sizeUsd.subtract(value);
    BigDecimal collateral =
        new BigDecimal(p.collateralAmount(), collateralToken.decimals())
            .multiply(collateralUsdPrice.get());
    BigDecimal borrowing =
        usd(new BigDecimal(p.sizeInUsd().multiply(borrowingDiff), 2 * USD_SCALE));
    BigDecimal fundingPaid =
        usd(
            tokens(p.sizeInUsd().multiply(fundingFeeDiff), collateralToken.decimals())
                .multiply(collateralUsdPrice.get()));
    Optional<BigDecimal> claimable =
        claimableUsd(p.sizeInUsd(), claimLongDiff, tokens.longToken())
            .flatMap(
                l -> claimableUsd(p.sizeInUsd(), claimShortDiff, tokens.shortToken()).map(l::add));

    BigInteger factor =
        keys.get(MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION).signum() > 0
            ? keys.get(MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION)
            : keys.get(MIN_COLLATERAL_FACTOR);
    BigDecimal forLeverage = usd(sizeUsd.multiply(new BigDecimal(factor, USD_SCALE)));
    BigDecimal maintenance = forLeverage.max(new BigDecimal(minCollateralUsd, USD_SCALE));
    BigDecimal equity = usd(collateral.add(pricePnl).subtract(borrowing).subtract(fundingPaid));
    // GMX liquidates on remaining collateral against a requirement fixed in USD (a factor of
    // sizeInUsd, or MIN_COLLATERAL_USD), not one that moves with the price: equity moves by
    // sizeInTokens per unit of price, plus the collateral when it is priced as the index token.
    BigDecimal perUnit = p.isLong() ? size : size.negate();
    if (collateralToken.priceKey().equals(tokens.index().priceKey())) {
      perUnit = perUnit.add(new BigDecimal(p.collateralAmount(), collateralToken.decimals()));
    }
    Optional<BigDecimal> liquidationPrice = Optional.empty();
    if (perUnit.signum() != 0) {
      BigDecimal price =
          mark.get().add(maintenance.subtract(equity).divide(perUnit, GmxV2Reader.RATE_CONTEXT));
      if (price.signum() > 0) {
        liquidationPrice = Optional.of(price);
      }
    }
    String positionKey =
        GmxKeys.positionKey(p.account(), p.market(), p.collateralToken(), p.isLong());
    return Read.ok(
        new PositionSnapshot(
            request.positionId(),
            request.marketId(),
            "gmx-v2 position "
                + positionKey
                + " of "
                + p.account()
                + " ("
                + (p.isLong() ? "long" : "short")
                + ", collateral "
                + p.collateralToken()
                + ")",
            block.timestamp(),
            p.isLong() ? PositionSide.LONG : PositionSide.SHORT,
            size,
            Optional.of(entry),
            mark.get(),
            MarginMode.ISOLATED,
            equity,
            maintenance,
            liquidationPrice,
            Optional.of(usd(pricePnl.subtract(borrowing))),
            claimable.map(c -> usd(c.subtract(fundingPaid))),
            Optional.empty()));
  }

  /**
   * Funding claimable in one token, valued; empty when it is not zero and the token has no price
   * this cycle.
   */
  private Optional<BigDecimal> claimableUsd(
      BigInteger sizeInUsd, BigInteger perSizeDiff, GmxV2Reader.Token token) {
    BigInteger amount = sizeInUsd.multiply(perSizeDiff);
    if (amount.signum() == 0) {
      return Optional.of(BigDecimal.ZERO);
    }
    return price(token).map(price -> tokens(amount, token.decimals()).multiply(price));
  }

  /**
   * sizeInUsd x a per-size difference: smallest token units x 1e45, so whole tokens at 45 +
   * decimals.
   */
  private static BigDecimal tokens(BigInteger sizeTimesPerSize, int decimals) {
    return new BigDecimal(sizeTimesPerSize, FUNDING_PER_SIZE_DECIMALS + decimals);
  }

  /** A USD amount at GMX's own precision (30 decimals). */
  private static BigDecimal usd(BigDecimal value) {
    return value.setScale(USD_SCALE, RoundingMode.HALF_EVEN);
  }

  private Optional<BigDecimal> price(GmxV2Reader.Token token) {
    return usdPrices.apply(token.priceKey()).filter(p -> p.signum() > 0);
  }

  private static Optional<String> tryAddress(String text) {
    try {
      return Optional.of(address(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String address(String text) {
    return AbiWords.address(Objects.requireNonNull(text, "address").strip());
  }

  @Override
  public String toString() {
    return "GmxV2PositionReader["
        + venueId
        + ", reader "
        + reader
        + ", dataStore "
        + dataStore
        + "]";
  }
}
