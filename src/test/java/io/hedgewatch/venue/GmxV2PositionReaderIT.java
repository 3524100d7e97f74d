package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.devnet.DevnetOps;
import io.hedgewatch.devnet.DevnetOps.GmxPosition;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.testing.JsonRpcProxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GMX v2 position reader against the devnet's Reader and DataStore stand-ins on a real anvil:
 * positions stored with {@link DevnetOps} where GMX keeps them, read with getAccountPositions and
 * the DataStore's margin and fee keys in one eth_call, valued at the caller's prices. The devnet's
 * minimum collateral factors are GMX's default 1 %, MIN_COLLATERAL_USD 1 USD.
 */
class GmxV2PositionReaderIT {

  private static final String LONG_TRADER = "0x1111111111111111111111111111111111111111";
  private static final String SHORT_TRADER = "0x2222222222222222222222222222222222222222";
  private static final BigInteger USD = BigInteger.TEN.pow(30);

  private static Devnet devnet;
  private static DevnetContracts c;
  private static DevnetOps ops;
  private static JsonRpcProxy proxy;
  private static Web3jChainReader chain;
  private static List<GmxMarketResolver.Resolved> markets;
  private static final Map<String, BigDecimal> PRICES = new ConcurrentHashMap<>();
  private String snapshot;

  @BeforeAll
  static void start() throws Exception {
    devnet = Devnet.start();
    c = devnet.contracts();
    ops = devnet.ops();
    proxy = new JsonRpcProxy(devnet.rpcUrl());
    chain =
        Web3jChainReader.connect(
            new ChainConfig(
                "devnet",
                devnet.chainId(),
                List.of(proxy.url()),
                Devnet.CANONICAL_MULTICALL3,
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10)),
            RpcRetryPolicy.DEFAULT);
    markets =
        GmxMarketResolver.resolve(
                chain,
                chain.blockNumber(),
                c.gmxReader(),
                c.gmxDataStore(),
                List.of(
                    new GmxMarketResolver.Spec(
                        c.gmxEthMarket(), "eth-usd", "eth-usd", "usdc-usd", Optional.empty()),
                    new GmxMarketResolver.Spec(
                        c.gmxBtcMarket(),
                        "btc-usd",
                        "btc-usd",
                        "usdc-usd",
                        Optional.of(Devnet.GMX_BTC_DECIMALS))))
            .stream()
            .map(r -> r.asOptional().orElseThrow())
            .toList();
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @BeforeEach
  void takeSnapshot() {
    snapshot = devnet.anvil().snapshot();
    PRICES.clear();
    PRICES.put("eth-usd", new BigDecimal("3000"));
    PRICES.put("btc-usd", new BigDecimal("60000"));
    PRICES.put("usdc-usd", BigDecimal.ONE);
    proxy.reset();
  }

  @AfterEach
  void restoreSnapshot() {
    devnet.anvil().revert(snapshot);
  }

  private static GmxV2PositionReader reader() {
    return new GmxV2PositionReader(
        "gmx",
        chain,
        c.gmxReader(),
        c.gmxDataStore(),
        markets,
        key -> Optional.ofNullable(PRICES.get(key)));
  }

  private static PositionReader.Request request(String id, String account, String market) {
    return new PositionReader.Request(id, "eth-perp-gmx", market, account);
  }

  private static PositionSnapshot ok(Read<PositionSnapshot> read) {
    assertThat(read.failureIfAny()).isEmpty();
    return read.asOptional().orElseThrow();
  }

  private static BigInteger usd(long dollars) {
    return BigInteger.valueOf(dollars).multiply(USD);
  }

  private static BigInteger eth(String amount) {
    return new BigDecimal(amount).movePointRight(18).toBigIntegerExact();
  }

  private static BigInteger usdc(long amount) {
    return BigInteger.valueOf(amount).multiply(BigInteger.TEN.pow(6));
  }

  /** A long of 10,000 USD entered at 2,500 (4 ETH) on 1 WETH of collateral. */
  private static GmxPosition longOnWeth() {
    return GmxPosition.open(
        LONG_TRADER,
        c.gmxEthMarket(),
        Devnet.GMX_WETH,
        true,
        usd(10_000),
        eth("4"),
        eth("1"),
        1_750_000_000L);
  }

  /** A short of 6,000 USD entered at 3,000 (2 ETH) on 2,000 USDC of collateral. */
  private static GmxPosition shortOnUsdc() {
    return GmxPosition.open(
        SHORT_TRADER,
        c.gmxEthMarket(),
        Devnet.GMX_USDC,
        false,
        usd(6_000),
        eth("2"),
        usdc(2_000),
        1_750_000_000L);
  }

  @Test
  void a_long_and_a_short_are_read_in_one_eth_call_and_valued_at_the_callers_prices() {
    String longKey = ops.setGmxPosition(longOnWeth());
    ops.setGmxPosition(shortOnUsdc());
    proxy.reset();

    List<Read<PositionSnapshot>> reads =
        reader()
            .positions(
                List.of(
                    request("long", LONG_TRADER, c.gmxEthMarket()),
                    request("short", SHORT_TRADER, c.gmxEthMarket())));

    assertThat(proxy.methodLog()).containsExactly("eth_blockNumber", "eth_call");
    PositionSnapshot lng = ok(reads.get(0));
    assertThat(lng.source())
        .contains("gmx-v2 position " + longKey)
        .contains(LONG_TRADER)
        .contains(Devnet.GMX_WETH);
    assertThat(lng.at().getEpochSecond()).isEqualTo(devnet.anvil().latestBlockTimestamp());
    assertThat(lng.side()).isEqualTo(PositionSide.LONG);
    assertThat(lng.size()).isEqualByComparingTo("4");
    assertThat(lng.entryPrice())
        .hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("2500"));
    assertThat(lng.markPrice()).isEqualByComparingTo("3000");
    assertThat(lng.marginMode()).isEqualTo(MarginMode.ISOLATED);
    // 1 WETH at 3000 + (4 x 3000 - 10000)
    assertThat(lng.equity()).isEqualByComparingTo("5000");
    assertThat(lng.unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2000"));
    assertThat(lng.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0"));
    // 1 % of 10,000 USD of size
    assertThat(lng.maintenanceMargin()).isEqualByComparingTo("100");
    assertThat(lng.venueSaysLiquidatable()).isEmpty();
    // GMX's rule: the requirement stays 100 USD while equity moves by 4 ETH of size plus the 1 WETH
    // of collateral per dollar of ETH: 1 WETH at P + 4 x P - 10,000 = 100 at P = 2,020.
    assertThat(lng.venueLiquidationPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("2020"));

    PositionSnapshot sht = ok(reads.get(1));
    assertThat(sht.side()).isEqualTo(PositionSide.SHORT);
    assertThat(sht.size()).isEqualByComparingTo("2");
    assertThat(sht.entryPrice())
        .hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("3000"));
    assertThat(sht.equity()).isEqualByComparingTo("2000");
    assertThat(sht.maintenanceMargin()).isEqualByComparingTo("60");
    // 2,000 USDC + 6,000 - 2 x P = 60 at P = 3,970.
    assertThat(sht.venueLiquidationPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3970"));
  }

  @Test
  void moving_the_price_moves_equity_across_maintenance_on_each_side() {
    ops.setGmxPosition(longOnWeth());
    ops.setGmxPosition(shortOnUsdc());
    GmxV2PositionReader reader = reader();
    List<PositionReader.Request> both =
        List.of(
            request("long", LONG_TRADER, c.gmxEthMarket()),
            request("short", SHORT_TRADER, c.gmxEthMarket()));

    PRICES.put("eth-usd", new BigDecimal("2000"));
    List<Read<PositionSnapshot>> down = reader.positions(both);
    // the long loses twice: its PnL (4 x 2000 - 10000) and its WETH collateral (now 2000)
    PositionSnapshot lng = ok(down.get(0));
    assertThat(lng.equity()).isEqualByComparingTo("0");
    assertThat(lng.equity()).isLessThanOrEqualTo(lng.maintenanceMargin());
    assertThat(ok(down.get(1)).equity()).isEqualByComparingTo("4000");

    PRICES.put("eth-usd", new BigDecimal("3950"));
    PositionSnapshot sht = ok(reader.positions(both).get(1));
    assertThat(sht.equity()).isEqualByComparingTo("100");
    assertThat(sht.equity()).isGreaterThan(sht.maintenanceMargin());

    PRICES.put("eth-usd", new BigDecimal("3975"));
    sht = ok(reader.positions(both).get(1));
    assertThat(sht.markPrice()).isEqualByComparingTo("3975");
    assertThat(sht.equity()).isEqualByComparingTo("50");
    assertThat(sht.equity()).isLessThan(sht.maintenanceMargin());
  }

  @Test
  void fees_due_since_the_last_change_come_off_equity_and_claimable_funding_counts_as_received() {
    // borrowing 0.1 % of size on the long side: 10 USD
    ops.setGmxCumulativeBorrowingFactor(c.gmxEthMarket(), true, BigInteger.TEN.pow(27));
    // funding paid by longs on WETH: 1e34 x 1e26 / 1e45 = 1e15 wei = 0.001 WETH, 3 USD
    ops.setGmxFundingFeeAmountPerSize(
        c.gmxEthMarket(), Devnet.GMX_WETH, true, BigInteger.TEN.pow(26));
    // funding claimable by shorts in USDC: 6e33 x 1e18 / 1e45 = 6e6 = 6 USDC
    ops.setGmxClaimableFundingAmountPerSize(
        c.gmxEthMarket(), Devnet.GMX_USDC, false, BigInteger.TEN.pow(18));
    ops.setGmxPosition(longOnWeth());
    ops.setGmxPosition(shortOnUsdc());

    List<Read<PositionSnapshot>> reads =
        reader()
            .positions(
                List.of(
                    request("long", LONG_TRADER, c.gmxEthMarket()),
                    request("short", SHORT_TRADER, c.gmxEthMarket())));
    PositionSnapshot lng = ok(reads.get(0));
    assertThat(lng.equity()).isEqualByComparingTo("4987");
    assertThat(lng.unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1990"));
    assertThat(lng.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-3"));
    PositionSnapshot sht = ok(reads.get(1));
    assertThat(sht.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("6"));
    assertThat(sht.equity()).isEqualByComparingTo("2000");
  }

  @Test
  void maintenance_falls_back_to_the_min_collateral_factor_and_never_below_min_collateral_usd() {
    ops.setGmxMinCollateralFactorForLiquidation(c.gmxEthMarket(), BigInteger.ZERO);
    ops.setGmxMinCollateralFactor(
        c.gmxEthMarket(), BigInteger.TWO.multiply(BigInteger.TEN.pow(28)));
    ops.setGmxPosition(longOnWeth());
    PositionSnapshot lng =
        ok(reader().positions(List.of(request("long", LONG_TRADER, c.gmxEthMarket()))).get(0));
    assertThat(lng.maintenanceMargin()).isEqualByComparingTo("200");

    ops.setGmxMinCollateralUsd(usd(500));
    lng = ok(reader().positions(List.of(request("long", LONG_TRADER, c.gmxEthMarket()))).get(0));
    assertThat(lng.maintenanceMargin()).isEqualByComparingTo("500");
  }

  @Test
  void a_missing_price_fails_the_position_naming_the_price_key() {
    ops.setGmxPosition(shortOnUsdc());
    PRICES.remove("usdc-usd");
    assertThat(
            reader()
                .positions(List.of(request("short", SHORT_TRADER, c.gmxEthMarket())))
                .get(0)
                .failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("no USD price for usdc-usd"));
  }

  @Test
  void an_account_without_a_position_in_the_market_is_a_clear_failure() {
    ops.setGmxPosition(
        GmxPosition.open(
            LONG_TRADER,
            c.gmxBtcMarket(),
            Devnet.GMX_WBTC,
            true,
            usd(6_000),
            BigInteger.valueOf(10_000_000L),
            BigInteger.valueOf(5_000_000L),
            1_750_000_000L));

    List<Read<PositionSnapshot>> reads =
        reader()
            .positions(
                List.of(
                    request("eth", LONG_TRADER, c.gmxEthMarket()),
                    request("btc", LONG_TRADER, c.gmxBtcMarket()),
                    request("nobody", SHORT_TRADER, c.gmxEthMarket())));

    assertThat(reads.get(0).failureIfAny())
        .hasValueSatisfying(
            f ->
                assertThat(f.describe())
                    .contains("GMX account " + LONG_TRADER + " has no open position in market")
                    .contains(c.gmxEthMarket())
                    .contains("getAccountPositions lists 1 positions"));
    PositionSnapshot btc = ok(reads.get(1));
    // 0.1 BTC (8 decimals) entered at 60,000, 0.05 WBTC of collateral
    assertThat(btc.size()).isEqualByComparingTo("0.1");
    assertThat(btc.entryPrice())
        .hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("60000"));
    assertThat(btc.equity()).isEqualByComparingTo("3000");
    assertThat(reads.get(2).failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("getAccountPositions lists 0 positions"));

    ops.closeGmxPosition(LONG_TRADER, c.gmxBtcMarket(), Devnet.GMX_WBTC, true);
    assertThat(
            reader()
                .positions(List.of(request("btc", LONG_TRADER, c.gmxBtcMarket())))
                .get(0)
                .failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("has no open position"));
  }

  @Test
  void several_positions_in_the_market_must_be_told_apart_by_side_and_collateral() {
    ops.setGmxPosition(longOnWeth());
    ops.setGmxPosition(
        GmxPosition.open(
            LONG_TRADER,
            c.gmxEthMarket(),
            Devnet.GMX_USDC,
            true,
            usd(3_000),
            eth("1"),
            usdc(1_000),
            1_750_000_000L));
    ops.setGmxPosition(
        GmxPosition.open(
            LONG_TRADER,
            c.gmxEthMarket(),
            Devnet.GMX_USDC,
            false,
            usd(1_500),
            eth("0.5"),
            usdc(700),
            1_750_000_000L));

    List<Read<PositionSnapshot>> reads =
        reader()
            .positions(
                List.of(
                    request("any", LONG_TRADER, c.gmxEthMarket()),
                    request("long", LONG_TRADER + "/long", c.gmxEthMarket()),
                    request(
                        "long-usdc", LONG_TRADER + "/long/" + Devnet.GMX_USDC, c.gmxEthMarket()),
                    request("short", LONG_TRADER + "/short", c.gmxEthMarket())));

    assertThat(reads.get(0).failureIfAny())
        .hasValueSatisfying(
            f ->
                assertThat(f.describe())
                    .contains("has 3 positions in market")
                    .contains("long/" + Devnet.GMX_WETH)
                    .contains("short/" + Devnet.GMX_USDC)
                    .contains("name one as " + LONG_TRADER + "/long/"));
    assertThat(reads.get(1).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("has 2 positions"));
    PositionSnapshot longUsdc = ok(reads.get(2));
    assertThat(longUsdc.size()).isEqualByComparingTo("1");
    assertThat(longUsdc.equity()).isEqualByComparingTo("1000");
    PositionSnapshot sht = ok(reads.get(3));
    assertThat(sht.side()).isEqualTo(PositionSide.SHORT);
    assertThat(sht.equity()).isEqualByComparingTo("700");
  }

  @Test
  void the_readers_position_is_the_one_its_key_names() {
    String key = ops.setGmxPosition(longOnWeth());
    var result =
        devnet.transactor().callRaw(c.gmxReader(), GmxV2Abi.getPosition(c.gmxDataStore(), key));
    GmxV2Abi.PositionProps p =
        GmxV2Abi.decodePosition(
                new io.hedgewatch.chain.CallOutcome.Success(result.data()), c.gmxReader())
            .asOptional()
            .orElseThrow();
    assertThat(p.account()).isEqualTo(LONG_TRADER);
    assertThat(p.market()).isEqualTo(c.gmxEthMarket());
    assertThat(p.collateralToken()).isEqualTo(Devnet.GMX_WETH);
    assertThat(p.isLong()).isTrue();
    assertThat(p.sizeInUsd()).isEqualTo(usd(10_000));
    assertThat(p.increasedAtTime()).isEqualTo(BigInteger.valueOf(1_750_000_000L));
    assertThat(key)
        .isEqualTo(GmxKeys.positionKey(LONG_TRADER, c.gmxEthMarket(), Devnet.GMX_WETH, true));

    ops.closeGmxPosition(LONG_TRADER, c.gmxEthMarket(), Devnet.GMX_WETH, true);
    var closed =
        devnet.transactor().callRaw(c.gmxReader(), GmxV2Abi.getPosition(c.gmxDataStore(), key));
    assertThat(
            GmxV2Abi.decodePosition(
                    new io.hedgewatch.chain.CallOutcome.Success(closed.data()), c.gmxReader())
                .asOptional()
                .orElseThrow()
                .sizeInUsd())
        .isZero();
  }
}
