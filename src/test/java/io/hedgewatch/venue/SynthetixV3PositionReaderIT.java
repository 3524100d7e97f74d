package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.devnet.DevnetOps;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.testing.JsonRpcProxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Synthetix v3 position reader against the devnet's PerpsMarketProxy stand-in on a real anvil:
 * accounts opened with {@link DevnetOps}, read through Multicall3 in one eth_call, the price moved
 * through the Pyth contract. Expected margins are worked by hand from the devnet's liquidation
 * parameters (initial ratio |size| / skewScale x 2 + 2 %, maintenance half of it, + 10 USD per
 * position, reward 0.03 % of notional; ETH skewScale 1,000,000).
 */
class SynthetixV3PositionReaderIT {

  private static final long ETH = Devnet.SYNTHETIX_ETH_MARKET_ID;
  private static final long BTC = Devnet.SYNTHETIX_BTC_MARKET_ID;

  /** A Synthetix perps account id of the size real ones have (minted from a high base). */
  private static final BigInteger LONG_ACCOUNT =
      new BigInteger("170141183460469231731687303715884105757");

  private static final BigInteger SHORT_ACCOUNT = BigInteger.TWO;

  private static Devnet devnet;
  private static DevnetContracts c;
  private static DevnetOps ops;
  private static JsonRpcProxy proxy;
  private static Web3jChainReader chain;
  private static SynthetixV3PositionReader reader;
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
    reader = new SynthetixV3PositionReader("snx", chain, c.synthetixPerpsMarket());
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
    proxy.reset();
  }

  @AfterEach
  void restoreSnapshot() {
    devnet.anvil().revert(snapshot);
  }

  private static BigInteger d18(String value) {
    return new BigDecimal(value).movePointRight(18).toBigIntegerExact();
  }

  private static PositionReader.Request request(String id, BigInteger account, long market) {
    return new PositionReader.Request(
        id, "eth-perp-snx", Long.toString(market), account.toString());
  }

  private static PositionSnapshot ok(Read<PositionSnapshot> read) {
    assertThat(read.failureIfAny()).isEmpty();
    return read.asOptional().orElseThrow();
  }

  /** Prices ETH from Pyth at {@code usd}, published at the head block's time. */
  private static void pythEth(String usd) {
    long price = new BigDecimal(usd).movePointRight(8).longValueExact();
    ops.setPythPrice(
        Devnet.PYTH_ETH_USD_ID,
        price,
        Devnet.PYTH_ETH_USD_CONF,
        Devnet.PYTH_EXPO,
        devnet.anvil().latestBlockTimestamp());
  }

  @Test
  void a_long_and_a_short_are_read_in_one_eth_call_with_the_venues_own_figures() {
    // index 3000: the long's price PnL is 10 x (3000 - 2900) = 1000, the short's -2 x (3000 - 3100)
    ops.setSynthetixCollateral(LONG_ACCOUNT, d18("10000"));
    ops.setSynthetixPosition(LONG_ACCOUNT, ETH, d18("10"), d18("2900"), d18("-5"), d18("1"));
    ops.setSynthetixCollateral(SHORT_ACCOUNT, d18("5000"));
    ops.setSynthetixPosition(SHORT_ACCOUNT, ETH, d18("-2"), d18("3100"), d18("3"), BigInteger.ZERO);
    proxy.reset();

    List<Read<PositionSnapshot>> reads =
        reader.positions(
            List.of(request("long", LONG_ACCOUNT, ETH), request("short", SHORT_ACCOUNT, ETH)));

    assertThat(proxy.methodLog()).containsExactly("eth_blockNumber", "eth_call");
    PositionSnapshot lng = ok(reads.get(0));
    assertThat(lng.positionId()).isEqualTo("long");
    assertThat(lng.marketId()).isEqualTo("eth-perp-snx");
    assertThat(lng.source()).contains("synthetix-v3 account " + LONG_ACCOUNT);
    assertThat(lng.at().getEpochSecond()).isEqualTo(devnet.anvil().latestBlockTimestamp());
    assertThat(lng.side()).isEqualTo(PositionSide.LONG);
    assertThat(lng.size()).isEqualByComparingTo("10");
    assertThat(lng.markPrice()).isEqualByComparingTo("3000");
    assertThat(lng.entryPrice())
        .hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("2900"));
    assertThat(lng.marginMode()).isEqualTo(MarginMode.CROSS);
    // 10000 + 1000 - 5 (funding paid) - 1 (interest)
    assertThat(lng.equity()).isEqualByComparingTo("10994");
    assertThat(lng.unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("999"));
    assertThat(lng.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-5"));
    // notional 30000; ratio (10 / 1e6 x 2 + 0.02) x 0.5 = 0.01001: 300.3 + 10; reward 9
    assertThat(lng.maintenanceMargin()).isEqualByComparingTo("319.3");
    assertThat(lng.venueSaysLiquidatable()).contains(false);
    assertThat(lng.accountOpenPositions()).contains(1);
    // alone in its account: 10994 + 10 x (P - 3000) = 10 x P x (0.01001 + 0.0003) + 10 at
    // P = 19016 / 9.8969
    assertThat(lng.venueLiquidationPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("1921.409734361264638422"));

    PositionSnapshot sht = ok(reads.get(1));
    assertThat(sht.side()).isEqualTo(PositionSide.SHORT);
    assertThat(sht.size()).isEqualByComparingTo("2");
    assertThat(sht.signedSize()).isEqualByComparingTo("-2");
    assertThat(sht.entryPrice())
        .hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("3100"));
    assertThat(sht.equity()).isEqualByComparingTo("5203");
    assertThat(sht.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3"));
    // notional 6000; ratio (2 / 1e6 x 2 + 0.02) x 0.5 = 0.010002: 60.012 + 10; reward 1.8
    assertThat(sht.maintenanceMargin()).isEqualByComparingTo("71.812");
    assertThat(sht.venueSaysLiquidatable()).contains(false);
    // 5203 - 2 x (P - 3000) = 2 x P x (0.010002 + 0.0003) + 10 at P = 11193 / 2.020604
    assertThat(sht.venueLiquidationPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("5539.432763668685205018"));
  }

  /** Moves ETH's index price directly (D18, to the wei), the rest of the market as deployed. */
  private static void ethIndex(BigInteger price) {
    ops.setSynthetixMarket(
        ETH,
        Devnet.SNX_ETH_SKEW,
        Devnet.SNX_ETH_SIZE,
        Devnet.SNX_ETH_FUNDING_RATE,
        Devnet.synthetixVelocity(
            Devnet.SNX_ETH_SKEW, Devnet.SNX_ETH_SKEW_SCALE, Devnet.SNX_MAX_FUNDING_VELOCITY),
        price);
  }

  /**
   * The reader's liquidation price is where the proxy's own canLiquidate flips, to the wei. Long 10
   * ETH filled at 3000 with 10,216.2 of margin: at P the requirement is 10 x P x (0.01001 + 0.0003)
   * + 10 and the margin 10,216.2 + 10 x (P - 3000), equal at P = 2000. Short 2 ETH filled at 3000
   * with 2,092.416: 2 x P x (0.010002 + 0.0003) + 10 = 2,092.416 - 2 x (P - 3000) at P = 4000. At P
   * margin and requirement are equal, which the proxy does not liquidate (it needs the requirement
   * above the margin); one wei of price further the margin has lost 10 (2) wei and the requirement
   * has not gained one.
   */
  @Test
  void canLiquidate_flips_exactly_at_the_readers_liquidation_price() {
    ops.setSynthetixCollateral(LONG_ACCOUNT, d18("10216.2"));
    ops.openSynthetixPosition(LONG_ACCOUNT, ETH, d18("10"), d18("3000"));
    ops.setSynthetixCollateral(SHORT_ACCOUNT, d18("2092.416"));
    ops.openSynthetixPosition(SHORT_ACCOUNT, ETH, d18("-2"), d18("3000"));
    PositionReader.Request lngRequest = request("long", LONG_ACCOUNT, ETH);
    PositionReader.Request shtRequest = request("short", SHORT_ACCOUNT, ETH);

    List<Read<PositionSnapshot>> at3000 = reader.positions(List.of(lngRequest, shtRequest));
    BigDecimal longLiquidation = ok(at3000.get(0)).venueLiquidationPrice().orElseThrow();
    BigDecimal shortLiquidation = ok(at3000.get(1)).venueLiquidationPrice().orElseThrow();
    assertThat(longLiquidation).isEqualByComparingTo("2000");
    assertThat(shortLiquidation).isEqualByComparingTo("4000");

    BigInteger longAt = longLiquidation.movePointRight(18).toBigIntegerExact();
    ethIndex(longAt);
    PositionSnapshot atLong = ok(reader.positions(List.of(lngRequest)).get(0));
    assertThat(atLong.equity()).isEqualByComparingTo(atLong.maintenanceMargin());
    assertThat(atLong.venueSaysLiquidatable()).contains(false);
    ethIndex(longAt.subtract(BigInteger.ONE));
    assertThat(ok(reader.positions(List.of(lngRequest)).get(0)).venueSaysLiquidatable())
        .contains(true);

    BigInteger shortAt = shortLiquidation.movePointRight(18).toBigIntegerExact();
    ethIndex(shortAt);
    PositionSnapshot atShort = ok(reader.positions(List.of(shtRequest)).get(0));
    assertThat(atShort.equity()).isEqualByComparingTo(atShort.maintenanceMargin());
    assertThat(atShort.venueSaysLiquidatable()).contains(false);
    // and the liquidation price stays put as the price moves: the rule is linear
    assertThat(atShort.venueLiquidationPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("4000"));
    ethIndex(shortAt.add(BigInteger.ONE));
    assertThat(ok(reader.positions(List.of(shtRequest)).get(0)).venueSaysLiquidatable())
        .contains(true);
  }

  /**
   * A liquidation price that is not a round number: the proxy's verdict flips within a nano-dollar
   * either side of it (its integer truncation of a few wei is far inside that).
   */
  @Test
  void canLiquidate_flips_at_an_uneven_liquidation_price_too() {
    ops.setSynthetixCollateral(LONG_ACCOUNT, d18("600"));
    ops.openSynthetixPosition(LONG_ACCOUNT, ETH, d18("10"), d18("3000"));
    PositionReader.Request lngRequest = request("long", LONG_ACCOUNT, ETH);
    // 600 + 10 x (P - 3000) = 0.1031 x P + 10: P = 29410 / 9.8969
    BigDecimal at = ok(reader.positions(List.of(lngRequest)).get(0)).venueLiquidationPrice().get();
    assertThat(at).isEqualByComparingTo("2971.637583485737958351");
    BigInteger wei = at.movePointRight(18).toBigIntegerExact();
    BigInteger nano = BigInteger.TEN.pow(9);
    ethIndex(wei.add(nano));
    assertThat(ok(reader.positions(List.of(lngRequest)).get(0)).venueSaysLiquidatable())
        .contains(false);
    ethIndex(wei.subtract(nano));
    assertThat(ok(reader.positions(List.of(lngRequest)).get(0)).venueSaysLiquidatable())
        .contains(true);
  }

  @Test
  void moving_the_pyth_price_moves_equity_and_the_venues_verdict_on_each_side() {
    ops.setSynthetixPricedByPyth(ETH, true);
    pythEth("3000");
    ops.setSynthetixCollateral(LONG_ACCOUNT, d18("600"));
    ops.openSynthetixPosition(LONG_ACCOUNT, ETH, d18("10"), d18("3000"));
    ops.setSynthetixCollateral(SHORT_ACCOUNT, d18("300"));
    ops.openSynthetixPosition(SHORT_ACCOUNT, ETH, d18("-5"), d18("3000"));
    List<PositionReader.Request> both =
        List.of(request("long", LONG_ACCOUNT, ETH), request("short", SHORT_ACCOUNT, ETH));

    List<Read<PositionSnapshot>> at3000 = reader.positions(both);
    assertThat(ok(at3000.get(0)).equity()).isEqualByComparingTo("600");
    assertThat(ok(at3000.get(0)).maintenanceMargin()).isEqualByComparingTo("319.3");
    assertThat(ok(at3000.get(0)).venueSaysLiquidatable()).contains(false);
    // 15000 x 0.010005 + 10 + 4.5
    assertThat(ok(at3000.get(1)).maintenanceMargin()).isEqualByComparingTo("164.575");
    assertThat(ok(at3000.get(1)).venueSaysLiquidatable()).contains(false);

    pythEth("2970");
    List<Read<PositionSnapshot>> at2970 = reader.positions(both);
    PositionSnapshot lng = ok(at2970.get(0));
    assertThat(lng.markPrice()).isEqualByComparingTo("2970");
    assertThat(lng.equity()).isEqualByComparingTo("300");
    // 29700 x 0.01001 + 10 + 8.91
    assertThat(lng.maintenanceMargin()).isEqualByComparingTo("316.207");
    assertThat(lng.venueSaysLiquidatable()).contains(true);
    assertThat(ok(at2970.get(1)).equity()).isEqualByComparingTo("450");
    assertThat(ok(at2970.get(1)).venueSaysLiquidatable()).contains(false);

    pythEth("3030");
    List<Read<PositionSnapshot>> at3030 = reader.positions(both);
    assertThat(ok(at3030.get(0)).equity()).isEqualByComparingTo("900");
    assertThat(ok(at3030.get(0)).venueSaysLiquidatable()).contains(false);
    PositionSnapshot sht = ok(at3030.get(1));
    assertThat(sht.equity()).isEqualByComparingTo("150");
    assertThat(sht.maintenanceMargin()).isEqualByComparingTo("166.12075");
    assertThat(sht.venueSaysLiquidatable()).contains(true);
  }

  @Test
  void a_stale_pyth_price_fails_the_position_naming_the_oracle_and_its_feed() {
    ops.setSynthetixPricedByPyth(ETH, true);
    pythEth("3000");
    ops.setSynthetixCollateral(LONG_ACCOUNT, d18("600"));
    ops.openSynthetixPosition(LONG_ACCOUNT, ETH, d18("10"), d18("3000"));
    assertThat(reader.positions(List.of(request("long", LONG_ACCOUNT, ETH))).get(0).failureIfAny())
        .isEmpty();

    devnet.anvil().increaseTime(Devnet.SYNTHETIX_PYTH_STALENESS_TOLERANCE + 60);
    devnet.anvil().mine();
    proxy.reset();
    List<Read<PositionSnapshot>> reads =
        reader.positions(
            List.of(request("long", LONG_ACCOUNT, ETH), request("none", SHORT_ACCOUNT, ETH)));

    assertThat(proxy.calls("eth_call")).isEqualTo(1);
    assertThat(reads.get(0).failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(ReadFailure.Reverted.class);
              assertThat(((ReadFailure.Reverted) f).data()).startsWith("0xcf2cabdf");
              assertThat(f.describe())
                  .contains("getOpenPosition(" + LONG_ACCOUNT + ", 100)")
                  .contains("Pyth price stale")
                  .contains(c.pyth())
                  .contains(Devnet.PYTH_ETH_USD_ID)
                  .contains("staleness tolerance 60 s");
            });
    // needing no price, the size still tells an account without a position apart
    assertThat(reads.get(1).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("has no open position"));

    pythEth("3000");
    assertThat(reader.positions(List.of(request("long", LONG_ACCOUNT, ETH))).get(0).failureIfAny())
        .isEmpty();
  }

  @Test
  void an_account_without_a_position_in_the_market_is_a_clear_failure() {
    ops.setSynthetixCollateral(SHORT_ACCOUNT, d18("5000"));
    ops.openSynthetixPosition(SHORT_ACCOUNT, BTC, d18("-0.1"), d18("60000"));

    List<Read<PositionSnapshot>> reads =
        reader.positions(
            List.of(
                request("eth", SHORT_ACCOUNT, ETH),
                request("btc", SHORT_ACCOUNT, BTC),
                request("nobody", BigInteger.valueOf(999), ETH),
                new PositionReader.Request("bad", "eth-perp-snx", "100", "0xabc")));

    assertThat(reads.get(0).failureIfAny())
        .hasValueSatisfying(
            f ->
                assertThat(f.describe())
                    .contains("Synthetix perps account 2 has no open position in market 100"));
    assertThat(ok(reads.get(1)).side()).isEqualTo(PositionSide.SHORT);
    assertThat(reads.get(2).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("account 999 has no open"));
    assertThat(reads.get(3).failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("'0xabc' is not a Synthetix perps account id"));

    ops.closeSynthetixPosition(SHORT_ACCOUNT, BTC);
    assertThat(reader.positions(List.of(request("btc", SHORT_ACCOUNT, BTC))).get(0).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("has no open position"));
  }

  @Test
  void an_unknown_market_fails_with_the_proxys_revert() {
    List<Read<PositionSnapshot>> reads = reader.positions(List.of(request("x", LONG_ACCOUNT, 300)));
    assertThat(reads.get(0).failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(ReadFailure.Reverted.class);
              assertThat(f.describe()).contains("getOpenPositionSize").contains("InvalidMarket");
            });
  }

  @Test
  void cross_margin_a_loss_in_one_market_drags_the_accounts_other_position() {
    ops.setSynthetixCollateral(LONG_ACCOUNT, d18("1000"));
    ops.openSynthetixPosition(LONG_ACCOUNT, ETH, d18("1"), d18("3000"));
    ops.openSynthetixPosition(LONG_ACCOUNT, BTC, d18("0.1"), d18("60000"));
    List<PositionReader.Request> both =
        List.of(request("eth", LONG_ACCOUNT, ETH), request("btc", LONG_ACCOUNT, BTC));
    proxy.reset();

    List<Read<PositionSnapshot>> before = reader.positions(both);
    assertThat(proxy.calls("eth_call")).isEqualTo(1);
    // ETH: 3000 x (1e-6 x 2 + 0.02) x 0.5 + 10 = 40.003, reward 0.9; BTC (skewScale 35,000):
    // 6000 x (0.1 / 35000 x 2 + 0.02) x 0.5 + 10 = 70.0171428..., reward 1.8
    PositionSnapshot eth = ok(before.get(0));
    PositionSnapshot btc = ok(before.get(1));
    assertThat(eth.equity()).isEqualByComparingTo("1000").isEqualByComparingTo(btc.equity());
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo(btc.maintenanceMargin());
    assertThat(eth.maintenanceMargin().setScale(6, java.math.RoundingMode.DOWN))
        .isEqualByComparingTo("112.720142");
    // margined across two markets: no one price decides the account
    assertThat(eth.accountOpenPositions()).contains(2);
    assertThat(btc.accountOpenPositions()).contains(2);
    assertThat(eth.venueLiquidationPrice()).isEmpty();
    assertThat(btc.venueLiquidationPrice()).isEmpty();

    // BTC falls 10 %: the ETH position's equity falls with it
    ops.setSynthetixMarket(
        BTC,
        Devnet.SNX_BTC_SKEW,
        Devnet.SNX_BTC_SIZE,
        d18("-0.0001"),
        BigInteger.ZERO,
        d18("54000"));
    PositionSnapshot ethAfter = ok(reader.positions(both).get(0));
    assertThat(ethAfter.equity()).isEqualByComparingTo("400");
    assertThat(ethAfter.markPrice()).isEqualByComparingTo("3000");
  }

  @Test
  void positions_share_one_eth_call_with_the_venues_market_reads() throws Exception {
    ops.setSynthetixCollateral(LONG_ACCOUNT, d18("1000"));
    ops.openSynthetixPosition(LONG_ACCOUNT, ETH, d18("1"), d18("3000"));
    SynthetixV3Reader.Batch markets =
        new SynthetixV3Reader("snx", chain, c.synthetixPerpsMarket())
            .batch(List.of(Long.toString(ETH)));
    SynthetixV3PositionReader.Batch positions =
        reader.batch(List.of(request("long", LONG_ACCOUNT, ETH)));
    List<ContractCall> calls = new ArrayList<>(markets.calls());
    calls.addAll(positions.calls());
    long block = chain.blockNumber();
    proxy.reset();

    BlockReads reads = chain.readAt(block, calls);

    assertThat(proxy.methodLog()).containsExactly("eth_call");
    int n = markets.calls().size();
    List<Read<MarketSnapshot>> m = markets.decode(reads.block(), reads.outcomes().subList(0, n));
    List<Read<PositionSnapshot>> p =
        positions.decode(reads.block(), reads.outcomes().subList(n, reads.outcomes().size()));
    assertThat(m.get(0).failureIfAny()).isEmpty();
    assertThat(ok(p.get(0)).markPrice())
        .isEqualByComparingTo(m.get(0).asOptional().orElseThrow().indexPrice().orElseThrow());
  }
}
