package io.hedgewatch.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * The built-in demo network: a fresh {@link Anvil} with the oracle, platform and perp venue
 * contracts a hedge monitor reads (a Synthetix v3 PerpsMarketProxy and a GMX v2 Reader and
 * DataStore with the real read ABIs, ETH and BTC markets on each), deployed from the compiled
 * {@code contracts/} and set to a calm, realistic state. Drive it with {@link #ops()}, move its
 * clock with {@link #anvil()}, and point hedgewatch at it with {@link #writeConfig(Path)}.
 */
public final class Devnet implements AutoCloseable {

  /** Where Multicall3 lives on every chain; the devnet places its code there too. */
  public static final String CANONICAL_MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11";

  /** Pyth's real ETH/USD price id. */
  public static final String PYTH_ETH_USD_ID =
      "0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace";

  /** The id of the chain in the generated config. */
  public static final String CHAIN_ID_KEY = "devnet";

  public static final int USD_DECIMALS = 8;
  public static final BigInteger ETH_USD_ANSWER = usd(3_000);
  public static final BigInteger ETH_USD_MIN_ANSWER = usd(10);
  public static final BigInteger ETH_USD_MAX_ANSWER = usd(1_000_000);
  public static final BigInteger BTC_USD_ANSWER = usd(60_000);
  public static final BigInteger BTC_USD_MIN_ANSWER = usd(100);
  public static final BigInteger BTC_USD_MAX_ANSWER = usd(10_000_000);
  public static final BigInteger USDC_USD_ANSWER = usd(1);

  /** 0.01 USD, in 8 decimals. */
  public static final BigInteger USDC_USD_MIN_ANSWER = BigInteger.valueOf(1_000_000);

  public static final BigInteger USDC_USD_MAX_ANSWER = usd(100);

  /** Pyth ETH/USD: 3000.00 ± 1.50 (expo -8), EMA 2998.00 ± 1.40. */
  public static final int PYTH_EXPO = -8;

  public static final long PYTH_ETH_USD_PRICE = 300_000_000_000L;
  public static final long PYTH_ETH_USD_CONF = 150_000_000L;
  public static final long PYTH_ETH_USD_EMA_PRICE = 299_800_000_000L;
  public static final long PYTH_ETH_USD_EMA_CONF = 140_000_000L;

  /** Pyth's getValidTimePeriod() on the devnet, seconds. */
  public static final long PYTH_VALID_TIME_PERIOD = 60;

  /** The sequencer has been up this long when the devnet starts. */
  public static final Duration SEQUENCER_UP_FOR = Duration.ofDays(1);

  /** Pyth's real BTC/USD price id (what the Synthetix BTC market's oracle query names). */
  public static final String PYTH_BTC_USD_ID =
      "0xe62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43";

  /** Synthetix v3's ETH and BTC perps market ids, as on Base and Arbitrum. */
  public static final long SYNTHETIX_ETH_MARKET_ID = 100;

  public static final long SYNTHETIX_BTC_MARKET_ID = 200;

  /** The staleness tolerance, seconds, that the Synthetix stand-in's OracleDataRequired names. */
  public static final long SYNTHETIX_PYTH_STALENESS_TOLERANCE = 60;

  /**
   * Synthetix ETH perps (all D18): 12,000 ETH open, 800 ETH net long, skewScale 1,000,000 ETH, max
   * funding velocity 9 per day², funding 0.0003 per day (longs pay), caps 60,000 ETH and 300M USD
   * per side; the velocity is skew / skewScale x maxFundingVelocity, as the real market computes.
   */
  public static final BigInteger SNX_ETH_SIZE = d18("12000");

  public static final BigInteger SNX_ETH_SKEW = d18("800");
  public static final BigInteger SNX_ETH_SKEW_SCALE = d18("1000000");
  public static final BigInteger SNX_ETH_FUNDING_RATE = d18("0.0003");
  public static final BigInteger SNX_ETH_MAX_MARKET_SIZE = d18("60000");
  public static final BigInteger SNX_ETH_MAX_MARKET_VALUE = d18("300000000");

  /**
   * Synthetix BTC perps: 600 BTC open, 40 BTC net short, skewScale 35,000 BTC, funding -0.0001 per
   * day (shorts pay), caps 3,000 BTC and 150M USD per side (the USD cap binds first, at 2,500 BTC).
   */
  public static final BigInteger SNX_BTC_SIZE = d18("600");

  public static final BigInteger SNX_BTC_SKEW = d18("-40");
  public static final BigInteger SNX_BTC_SKEW_SCALE = d18("35000");
  public static final BigInteger SNX_BTC_FUNDING_RATE = d18("-0.0001");
  public static final BigInteger SNX_BTC_MAX_MARKET_SIZE = d18("3000");
  public static final BigInteger SNX_BTC_MAX_MARKET_VALUE = d18("150000000");

  public static final BigInteger SNX_MAX_FUNDING_VELOCITY = d18("9");

  /**
   * Synthetix liquidation parameters of both markets (D18; devnet values, not the live ones): the
   * initial margin ratio is |size| / skewScale x 2 + 2 %, the maintenance ratio half of it, the
   * flag reward 0.03 % of notional, the minimum position margin 10 USD.
   */
  public static final BigInteger SNX_INITIAL_MARGIN_RATIO = d18("2");

  public static final BigInteger SNX_MINIMUM_INITIAL_MARGIN_RATIO = d18("0.02");
  public static final BigInteger SNX_MAINTENANCE_MARGIN_SCALAR = d18("0.5");
  public static final BigInteger SNX_FLAG_REWARD_RATIO = d18("0.0003");
  public static final BigInteger SNX_MINIMUM_POSITION_MARGIN = d18("10");

  /**
   * GMX v2 on the devnet uses Arbitrum's real market and token addresses as plain keys (no code
   * lives there): ETH/USD [WETH-USDC] and BTC/USD [WBTC-USDC] with the synthetic BTC index token.
   */
  public static final String GMX_ETH_MARKET = "0x70d95587d40a2caf56bd97485ab3eec10bee6336";

  public static final String GMX_BTC_MARKET = "0x47c031236e19d024b42f8ae6780e44a573170703";
  public static final String GMX_WETH = "0x82af49447d8a07e3bd95bd0d56f35241523fbab1";
  public static final String GMX_USDC = "0xaf88d065e77c8cc2239327c5edb3a432268e5831";
  public static final String GMX_WBTC = "0x2f2a2543b76a4166549f7aab2e75bef0aefc5b0f";
  public static final String GMX_BTC_INDEX = "0x47904963fc8b2340414262125af798b9655e58cd";
  public static final int GMX_ETH_DECIMALS = 18;
  public static final int GMX_BTC_DECIMALS = 8;
  public static final int GMX_USDC_DECIMALS = 6;

  /**
   * GMX funding factors per second, 1e30, signed (positive = longs pay): ETH 5e21 (0.0018 % per
   * hour, longs pay), BTC -3e21 (shorts pay); the cap 2e22 on both.
   */
  public static final BigInteger GMX_ETH_FUNDING_FACTOR = new BigInteger("5000000000000000000000");

  public static final BigInteger GMX_BTC_FUNDING_FACTOR = new BigInteger("-3000000000000000000000");
  public static final BigInteger GMX_MAX_FUNDING_FACTOR = new BigInteger("20000000000000000000000");

  /** GMX caps per side, USD x 1e30: ETH 80M, BTC 60M. */
  public static final BigInteger GMX_ETH_MAX_OPEN_INTEREST =
      BigInteger.valueOf(80_000_000).multiply(BigInteger.TEN.pow(30));

  public static final BigInteger GMX_BTC_MAX_OPEN_INTEREST =
      BigInteger.valueOf(60_000_000).multiply(BigInteger.TEN.pow(30));

  /**
   * GMX open interest in index tokens per (side, collateral): ETH longs 1,400 on WETH + 600 on
   * USDC, shorts 300 + 1,200 (2,000 long, 1,500 short); BTC longs 30 + 15, shorts 10 + 50 (45 long,
   * 60 short).
   */
  public static final BigInteger GMX_ETH_OI_LONG_WETH = d18("1400");

  public static final BigInteger GMX_ETH_OI_LONG_USDC = d18("600");
  public static final BigInteger GMX_ETH_OI_SHORT_WETH = d18("300");
  public static final BigInteger GMX_ETH_OI_SHORT_USDC = d18("1200");
  public static final BigInteger GMX_BTC_OI_LONG_WBTC = BigInteger.valueOf(30_00000000L);
  public static final BigInteger GMX_BTC_OI_LONG_USDC = BigInteger.valueOf(15_00000000L);
  public static final BigInteger GMX_BTC_OI_SHORT_WBTC = BigInteger.valueOf(10_00000000L);
  public static final BigInteger GMX_BTC_OI_SHORT_USDC = BigInteger.valueOf(50_00000000L);

  /**
   * BTC funding on the centralized perps and Hyperliquid: shorts pay 0.0005 % per hour (-4.38 % a
   * year). Synthetix (-3.65 %), GMX (-9.46 %) and dYdX (+1.10 %) stay within funding.divergence's
   * warn level (10 % APR) of it, so a quiet devnet raises none. ETH keeps {@link
   * SimulatedCexPerps#DEFAULT_FUNDING_HOURLY}, as on every devnet venue.
   */
  public static final java.math.BigDecimal BTC_FUNDING_HOURLY =
      new java.math.BigDecimal("-0.000005");

  /** Every centralized perp venue: the {@code fundingReferences} of the devnet's markets. */
  static final String FUNDING_REFERENCES = "binance, bybit, okx, deribit, kraken-futures";

  /**
   * GMX's own configuration defaults on both markets: MIN_COLLATERAL_FACTOR and
   * MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION 1 % (1e28), MIN_COLLATERAL_USD 1 USD (1e30).
   */
  public static final BigInteger GMX_MIN_COLLATERAL_FACTOR = BigInteger.TEN.pow(28);

  public static final BigInteger GMX_MIN_COLLATERAL_USD = BigInteger.TEN.pow(30);

  public static final Duration FEED_HEARTBEAT = Duration.ofHours(1);
  public static final String FEED_DEVIATION_THRESHOLD = "0.5%";
  public static final Duration PYTH_HEARTBEAT = Duration.ofSeconds(60);
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private final Anvil anvil;
  private final boolean ownsAnvil;
  private final SimulatedExchanges exchanges;
  private final SimulatedPerpVenues perpVenues;
  private final DevnetTransactor tx;
  private final DevnetContracts contracts;
  private final DevnetOps ops;

  /**
   * Where the devnet's config keeps its store (the watched contracts' baselines): a directory of
   * its own, deleted on close, since the baselines describe this chain and no other.
   */
  private final Path storeDirectory;

  private Devnet(Anvil anvil, boolean ownsAnvil, DevnetTransactor tx, DevnetContracts contracts) {
    try {
      this.storeDirectory = Files.createTempDirectory("hedgewatch-devnet-store");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the devnet's store directory", e);
    }
    this.exchanges = new SimulatedExchanges(java.time.Clock.systemUTC());
    exchanges.setUsdPrice("ETH", new java.math.BigDecimal(ETH_USD_ANSWER, USD_DECIMALS));
    exchanges.setUsdPrice("BTC", new java.math.BigDecimal(BTC_USD_ANSWER, USD_DECIMALS));
    exchanges.perps().setFunding("BTC", BTC_FUNDING_HOURLY);
    this.perpVenues = new SimulatedPerpVenues(java.time.Clock.systemUTC());
    perpVenues.addHyperliquidMarket("ETH", new java.math.BigDecimal(ETH_USD_ANSWER, USD_DECIMALS));
    perpVenues.addHyperliquidMarket("BTC", new java.math.BigDecimal(BTC_USD_ANSWER, USD_DECIMALS));
    perpVenues.setHyperliquidFunding("BTC", BTC_FUNDING_HOURLY);
    perpVenues.setHyperliquidFundingHistory(
        "BTC", SimulatedPerpVenues.FundingSeries.hourly(BTC_FUNDING_HOURLY));
    perpVenues.addDydxMarket("ETH-USD", new java.math.BigDecimal(ETH_USD_ANSWER, USD_DECIMALS));
    perpVenues.addDydxMarket("BTC-USD", new java.math.BigDecimal(BTC_USD_ANSWER, USD_DECIMALS));
    this.anvil = anvil;
    this.ownsAnvil = ownsAnvil;
    this.tx = tx;
    this.contracts = contracts;
    this.ops = new DevnetOps(tx, contracts);
  }

  /** Starts anvil with defaults and deploys everything. */
  public static Devnet start() {
    return start(Anvil.builder());
  }

  /**
   * Starts anvil as configured by {@code anvilOptions} and deploys everything; closing the devnet
   * stops anvil.
   */
  public static Devnet start(Anvil.Builder anvilOptions) {
    Anvil anvil = anvilOptions.start();
    try {
      return deploy(anvil, true);
    } catch (RuntimeException e) {
      anvil.close();
      throw e;
    }
  }

  /**
   * Deploys everything on an anvil the caller keeps owning: closing the devnet leaves it running.
   */
  public static Devnet deployOn(Anvil anvil) {
    return deploy(Objects.requireNonNull(anvil, "anvil"), false);
  }

  private static Devnet deploy(Anvil anvil, boolean ownsAnvil) {
    DevnetTransactor tx = new DevnetTransactor(anvil);
    String deployer = tx.account(0);
    String proxyAdmin = tx.account(1);
    long now = anvil.latestBlockTimestamp();

    String multicall = tx.deploy(deployer, "Multicall3");
    anvil.setCode(CANONICAL_MULTICALL3, anvil.getCode(multicall));

    String ethAggregator =
        tx.deploy(
            deployer,
            "ChainlinkAggregator",
            DevnetAbi.aggregatorConstructor(
                USD_DECIMALS, "ETH / USD", ETH_USD_MIN_ANSWER, ETH_USD_MAX_ANSWER));
    String ethProxy = tx.deploy(deployer, "ChainlinkAggregatorProxy", new Address(ethAggregator));
    String btcAggregator =
        tx.deploy(
            deployer,
            "ChainlinkAggregator",
            DevnetAbi.aggregatorConstructor(
                USD_DECIMALS, "BTC / USD", BTC_USD_MIN_ANSWER, BTC_USD_MAX_ANSWER));
    String btcProxy = tx.deploy(deployer, "ChainlinkAggregatorProxy", new Address(btcAggregator));
    String usdcAggregator =
        tx.deploy(
            deployer,
            "ChainlinkAggregator",
            DevnetAbi.aggregatorConstructor(
                USD_DECIMALS, "USDC / USD", USDC_USD_MIN_ANSWER, USDC_USD_MAX_ANSWER));
    String usdcProxy = tx.deploy(deployer, "ChainlinkAggregatorProxy", new Address(usdcAggregator));
    tx.send(deployer, ethAggregator, DevnetAbi.transmit(ETH_USD_ANSWER, now));
    tx.send(deployer, btcAggregator, DevnetAbi.transmit(BTC_USD_ANSWER, now));
    tx.send(deployer, usdcAggregator, DevnetAbi.transmit(USDC_USD_ANSWER, now));

    String sequencer =
        tx.deploy(
            deployer,
            "SequencerUptimeFeed",
            DevnetAbi.sequencerConstructor(false, now - SEQUENCER_UP_FOR.toSeconds()));

    String pyth =
        tx.deploy(deployer, "MockPyth", new Uint256(PYTH_VALID_TIME_PERIOD), new Uint256(1));
    tx.send(
        deployer,
        pyth,
        DevnetAbi.setPythPrice(
            "setPrice", PYTH_ETH_USD_ID, PYTH_ETH_USD_PRICE, PYTH_ETH_USD_CONF, PYTH_EXPO, now));
    tx.send(
        deployer,
        pyth,
        DevnetAbi.setPythPrice(
            "setEmaPrice",
            PYTH_ETH_USD_ID,
            PYTH_ETH_USD_EMA_PRICE,
            PYTH_ETH_USD_EMA_CONF,
            PYTH_EXPO,
            now));

    String implementation = tx.deploy(deployer, "PausableTarget", new Uint256(1));
    byte[] init =
        Numeric.hexStringToByteArray(FunctionEncoder.encode(DevnetAbi.initialize(deployer)));
    String proxy =
        tx.deploy(
            deployer,
            "UpgradeableProxy",
            new Address(implementation),
            new Address(proxyAdmin),
            new DynamicBytes(init));

    // The perp venues come last, so that every address above stays where it has always been.
    String synthetix =
        tx.deploy(
            deployer,
            "SynthetixPerpsMarket",
            DevnetAbi.synthetixConstructor(pyth, SYNTHETIX_PYTH_STALENESS_TOLERANCE));
    String gmxDataStore = tx.deploy(deployer, "GmxDataStore");
    String gmxReader = tx.deploy(deployer, "GmxReader");
    placeTokens(anvil, tx, deployer);

    DevnetContracts contracts =
        new DevnetContracts(
            CANONICAL_MULTICALL3,
            multicall,
            ethProxy,
            ethAggregator,
            btcProxy,
            btcAggregator,
            usdcProxy,
            usdcAggregator,
            sequencer,
            pyth,
            PYTH_ETH_USD_ID,
            proxy,
            implementation,
            proxyAdmin,
            deployer,
            synthetix,
            gmxDataStore,
            gmxReader,
            GMX_ETH_MARKET,
            GMX_BTC_MARKET);
    DevnetOps ops = new DevnetOps(tx, contracts);
    setUpSynthetix(tx, deployer, synthetix, ops);
    setUpGmx(ops);
    return new Devnet(anvil, ownsAnvil, tx, contracts);
  }

  /**
   * ERC-20 code at the GMX markets' real token addresses (WETH, WBTC, USDC), so that their
   * decimals() answer as on Arbitrum; the synthetic BTC index token keeps no code, as there.
   */
  private static void placeTokens(Anvil anvil, DevnetTransactor tx, String deployer) {
    String template = tx.deploy(deployer, "DevnetToken");
    String code = anvil.getCode(template);
    placeToken(anvil, tx, deployer, code, GMX_WETH, "Wrapped Ether", "WETH", GMX_ETH_DECIMALS);
    placeToken(anvil, tx, deployer, code, GMX_WBTC, "Wrapped BTC", "WBTC", GMX_BTC_DECIMALS);
    placeToken(anvil, tx, deployer, code, GMX_USDC, "USD Coin", "USDC", GMX_USDC_DECIMALS);
  }

  private static void placeToken(
      Anvil anvil,
      DevnetTransactor tx,
      String deployer,
      String code,
      String address,
      String name,
      String symbol,
      int decimals) {
    anvil.setCode(address, code);
    tx.send(deployer, address, DevnetAbi.tokenInitialize(name, symbol, decimals));
  }

  private static void setUpSynthetix(
      DevnetTransactor tx, String deployer, String synthetix, DevnetOps ops) {
    tx.send(
        deployer,
        synthetix,
        DevnetAbi.createSynthetixMarket(SYNTHETIX_ETH_MARKET_ID, "Ether", "ETH", PYTH_ETH_USD_ID));
    tx.send(
        deployer,
        synthetix,
        DevnetAbi.createSynthetixMarket(
            SYNTHETIX_BTC_MARKET_ID, "Bitcoin", "BTC", PYTH_BTC_USD_ID));
    synthetixMarket(
        ops,
        SYNTHETIX_ETH_MARKET_ID,
        SNX_ETH_SKEW,
        SNX_ETH_SIZE,
        SNX_ETH_SKEW_SCALE,
        SNX_ETH_FUNDING_RATE,
        usdD18(ETH_USD_ANSWER),
        SNX_ETH_MAX_MARKET_SIZE,
        SNX_ETH_MAX_MARKET_VALUE);
    synthetixMarket(
        ops,
        SYNTHETIX_BTC_MARKET_ID,
        SNX_BTC_SKEW,
        SNX_BTC_SIZE,
        SNX_BTC_SKEW_SCALE,
        SNX_BTC_FUNDING_RATE,
        usdD18(BTC_USD_ANSWER),
        SNX_BTC_MAX_MARKET_SIZE,
        SNX_BTC_MAX_MARKET_VALUE);
  }

  private static void synthetixMarket(
      DevnetOps ops,
      long id,
      BigInteger skew,
      BigInteger size,
      BigInteger skewScale,
      BigInteger rate,
      BigInteger price,
      BigInteger maxSize,
      BigInteger maxValue) {
    ops.setSynthetixFundingParameters(id, skewScale, SNX_MAX_FUNDING_VELOCITY);
    ops.setSynthetixMaxMarketSize(id, maxSize);
    ops.setSynthetixMaxMarketValue(id, maxValue);
    ops.setSynthetixLiquidationParameters(
        id,
        SNX_INITIAL_MARGIN_RATIO,
        SNX_MINIMUM_INITIAL_MARGIN_RATIO,
        SNX_MAINTENANCE_MARGIN_SCALAR,
        SNX_FLAG_REWARD_RATIO,
        SNX_MINIMUM_POSITION_MARGIN);
    ops.setSynthetixMarket(
        id, skew, size, rate, synthetixVelocity(skew, skewScale, SNX_MAX_FUNDING_VELOCITY), price);
  }

  /**
   * Synthetix's funding velocity, per day², D18: clamp(skew / skewScale, -1, 1) x
   * maxFundingVelocity, rounded toward zero as the contract's integer division.
   */
  public static BigInteger synthetixVelocity(
      BigInteger skew, BigInteger skewScale, BigInteger maxFundingVelocity) {
    BigInteger clamped = skew.abs().min(skewScale).multiply(BigInteger.valueOf(skew.signum()));
    return clamped.multiply(maxFundingVelocity).divide(skewScale);
  }

  private static void setUpGmx(DevnetOps ops) {
    ops.listGmxMarket(GMX_ETH_MARKET, GMX_WETH, GMX_WETH, GMX_USDC);
    ops.listGmxMarket(GMX_BTC_MARKET, GMX_BTC_INDEX, GMX_WBTC, GMX_USDC);
    ops.setGmxFunding(GMX_ETH_MARKET, GMX_ETH_FUNDING_FACTOR);
    ops.setGmxFunding(GMX_BTC_MARKET, GMX_BTC_FUNDING_FACTOR);
    for (String market : new String[] {GMX_ETH_MARKET, GMX_BTC_MARKET}) {
      ops.setGmxMaxFundingFactor(market, GMX_MAX_FUNDING_FACTOR);
      ops.setGmxMinCollateralFactor(market, GMX_MIN_COLLATERAL_FACTOR);
      ops.setGmxMinCollateralFactorForLiquidation(market, GMX_MIN_COLLATERAL_FACTOR);
    }
    ops.setGmxMinCollateralUsd(GMX_MIN_COLLATERAL_USD);
    for (boolean isLong : new boolean[] {true, false}) {
      ops.setGmxMaxOpenInterest(GMX_ETH_MARKET, isLong, GMX_ETH_MAX_OPEN_INTEREST);
      ops.setGmxMaxOpenInterest(GMX_BTC_MARKET, isLong, GMX_BTC_MAX_OPEN_INTEREST);
    }
    ops.setGmxOpenInterestInTokens(GMX_ETH_MARKET, GMX_WETH, true, GMX_ETH_OI_LONG_WETH);
    ops.setGmxOpenInterestInTokens(GMX_ETH_MARKET, GMX_USDC, true, GMX_ETH_OI_LONG_USDC);
    ops.setGmxOpenInterestInTokens(GMX_ETH_MARKET, GMX_WETH, false, GMX_ETH_OI_SHORT_WETH);
    ops.setGmxOpenInterestInTokens(GMX_ETH_MARKET, GMX_USDC, false, GMX_ETH_OI_SHORT_USDC);
    ops.setGmxOpenInterestInTokens(GMX_BTC_MARKET, GMX_WBTC, true, GMX_BTC_OI_LONG_WBTC);
    ops.setGmxOpenInterestInTokens(GMX_BTC_MARKET, GMX_USDC, true, GMX_BTC_OI_LONG_USDC);
    ops.setGmxOpenInterestInTokens(GMX_BTC_MARKET, GMX_WBTC, false, GMX_BTC_OI_SHORT_WBTC);
    ops.setGmxOpenInterestInTokens(GMX_BTC_MARKET, GMX_USDC, false, GMX_BTC_OI_SHORT_USDC);
  }

  /**
   * The reference exchanges the devnet's config points at, quoting ETH and BTC at the feeds'
   * starting prices and USDT and USDC at 1 USD, and their perps with BTC funding at {@link
   * #BTC_FUNDING_HOURLY}.
   */
  public SimulatedExchanges exchanges() {
    return exchanges;
  }

  /** Hyperliquid and dYdX served on loopback, listing ETH and BTC at the feeds' starting prices. */
  public SimulatedPerpVenues perpVenues() {
    return perpVenues;
  }

  public Anvil anvil() {
    return anvil;
  }

  public Web3j web3j() {
    return anvil.web3j();
  }

  public String rpcUrl() {
    return anvil.rpcUrl();
  }

  public long chainId() {
    return anvil.chainId();
  }

  public DevnetContracts contracts() {
    return contracts;
  }

  public DevnetOps ops() {
    return ops;
  }

  /** Low-level deploys, sends and calls from the dev accounts. */
  public DevnetTransactor transactor() {
    return tx;
  }

  /**
   * A hedgewatch config for this devnet: chain {@value #CHAIN_ID_KEY}, the feeds {@code eth-usd},
   * {@code btc-usd}, {@code usdc-usd} (Chainlink) and {@code eth-usd-pyth} (Pyth), the perp venues
   * {@code snx} (Synthetix v3) and {@code gmx} (GMX v2) and their ETH and BTC markets {@code
   * eth-perp-snx}, {@code btc-perp-snx}, {@code eth-perp-gmx}, {@code btc-perp-gmx}.
   */
  public String configYaml() {
    return configYaml(Optional.empty());
  }

  /**
   * {@link #configYaml()}, with {@code storage.url} at {@code store} when given, else in the
   * devnet's own directory ({@link #storageUrl()}).
   */
  private String configYaml(Optional<Path> store) {
    StringBuilder y = new StringBuilder();
    y.append("# hedgewatch config for the local devnet at ").append(anvil.rpcUrl()).append('\n');
    y.append(
        "# written by io.hedgewatch.devnet.Devnet; the devnet, and so this file, lives as long as its anvil\n");
    y.append("chains:\n");
    y.append("  ").append(CHAIN_ID_KEY).append(":\n");
    y.append("    chainId: ").append(anvil.chainId()).append('\n');
    y.append("    rpcUrls: [").append(quote(anvil.rpcUrl())).append("]\n");
    y.append("    multicall3: ").append(quote(CANONICAL_MULTICALL3)).append('\n');
    y.append("    sequencerUptimeFeed: ")
        .append(quote(checksum(contracts.sequencerFeed())))
        .append('\n');
    y.append("    pollInterval: ").append(duration(POLL_INTERVAL)).append('\n');
    // anvil mines a block only for a transaction, so an idle devnet's head grows old by design.
    // Quoted: YAML 1.1 readers other than hedgewatch's would take a bare off for false.
    y.append("    maxHeadAge: \"off\"   # blocks come only with transactions\n");
    y.append('\n');
    y.append("references:\n");
    for (io.hedgewatch.domain.ReferenceVenue venue : io.hedgewatch.domain.ReferenceVenue.values()) {
      y.append("  ")
          .append(venue.configName())
          .append(": { baseUrl: ")
          .append(quote(exchanges.baseUrl(venue)))
          .append(
              switch (venue) {
                case BINANCE ->
                    ", futuresBaseUrl: "
                        + quote(
                            exchanges.fundingBaseUrl(io.hedgewatch.domain.CexFundingVenue.BINANCE));
                case KRAKEN ->
                    ", futuresBaseUrl: "
                        + quote(
                            exchanges.fundingBaseUrl(
                                io.hedgewatch.domain.CexFundingVenue.KRAKEN_FUTURES));
                default -> "";
              })
          .append(" }\n");
    }
    y.append("  deribit: { baseUrl: ")
        .append(quote(exchanges.fundingBaseUrl(io.hedgewatch.domain.CexFundingVenue.DERIBIT)))
        .append(" }\n");
    y.append('\n');
    y.append(
        store.isPresent()
            ? "# funding history and baselines of this config's devnet, next to this file\n"
            : "# the devnet's funding history and baselines, deleted with it\n");
    y.append("storage: { url: ")
        .append(quote(store.map(f -> "jdbc:sqlite:" + f).orElse(storageUrl())))
        .append(" }\n");
    y.append('\n');
    // feeds stay the last section, so that a test or a user can append feeds to the file
    y.append("venues:\n");
    y.append("  snx: { type: synthetix-v3, chain: ")
        .append(CHAIN_ID_KEY)
        .append(", address: ")
        .append(quote(checksum(contracts.synthetixPerpsMarket())))
        .append(" }\n");
    y.append("  gmx: { type: gmx-v2, chain: ")
        .append(CHAIN_ID_KEY)
        .append(", reader: ")
        .append(quote(checksum(contracts.gmxReader())))
        .append(", dataStore: ")
        .append(quote(checksum(contracts.gmxDataStore())))
        .append(" }\n");
    y.append("  hl: { type: hyperliquid, baseUrl: ")
        .append(quote(perpVenues.baseUrl(SimulatedPerpVenues.Venue.HYPERLIQUID)))
        .append(" }\n");
    y.append("  dydx: { type: dydx-v4, baseUrl: ")
        .append(quote(perpVenues.baseUrl(SimulatedPerpVenues.Venue.DYDX)))
        .append(" }\n");
    y.append('\n');
    y.append("markets:\n");
    market(y, "eth-perp-snx", "snx", Long.toString(SYNTHETIX_ETH_MARKET_ID), "eth-usd", "ETH/USD");
    market(y, "btc-perp-snx", "snx", Long.toString(SYNTHETIX_BTC_MARKET_ID), "btc-usd", "BTC/USD");
    // The synthetic BTC index token has no contract to ask its decimals; USDC has a feed here.
    gmxMarket(y, "eth-perp-gmx", contracts.gmxEthMarket(), "eth-usd", "ETH/USD", "");
    gmxMarket(
        y,
        "btc-perp-gmx",
        contracts.gmxBtcMarket(),
        "btc-usd",
        "BTC/USD",
        "indexDecimals: " + GMX_BTC_DECIMALS + ", ");
    market(y, "eth-perp-hl", "hl", "ETH", "eth-usd", "ETH/USD");
    market(y, "btc-perp-hl", "hl", "BTC", "btc-usd", "BTC/USD");
    market(y, "eth-perp-dydx", "dydx", "ETH-USD", "eth-usd", "ETH/USD");
    market(y, "btc-perp-dydx", "dydx", "BTC-USD", "btc-usd", "BTC/USD");
    y.append('\n');
    y.append("feeds:\n");
    chainlinkFeed(y, "eth-usd", contracts.ethUsdProxy(), "ETH/USD");
    chainlinkFeed(y, "btc-usd", contracts.btcUsdProxy(), "BTC/USD");
    chainlinkFeed(y, "usdc-usd", contracts.usdcUsdProxy(), "USDC/USD");
    y.append("  eth-usd-pyth:\n");
    y.append("    chain: ").append(CHAIN_ID_KEY).append('\n');
    y.append("    type: pyth\n");
    y.append("    address: ").append(quote(checksum(contracts.pyth()))).append('\n');
    y.append("    priceId: ").append(quote(contracts.pythEthUsdId())).append('\n');
    y.append("    heartbeat: ").append(duration(PYTH_HEARTBEAT)).append('\n');
    y.append("    marketHours: crypto\n");
    y.append("    reference: { symbol: ETH/USD }\n");
    return y.toString();
  }

  /**
   * Writes {@link #configYaml()} to {@code file} (parent directories created), with a store of its
   * own next to it ({@code devnet.yaml} keeps its funding history and baselines in {@code
   * devnet.db}), so that a devnet's simulated history never mixes with a real network's in the
   * working directory's {@code hedgewatch.db}; returns {@code file}.
   */
  public Path writeConfig(Path file) {
    try {
      Path absolute = file.toAbsolutePath();
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      String name = absolute.getFileName().toString();
      int dot = name.lastIndexOf('.');
      Path store = absolute.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".db");
      Files.writeString(file, configYaml(Optional.of(store)), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the devnet config to " + file, e);
    }
  }

  /**
   * The {@code storage.url} of {@link #configYaml()}: an SQLite file in a directory that lives as
   * long as this devnet.
   */
  public String storageUrl() {
    return "jdbc:sqlite:" + storeDirectory.resolve("hedgewatch.db");
  }

  /** Stops the simulated exchanges, and anvil if this devnet started it; deletes its store. */
  @Override
  public void close() {
    exchanges.close();
    perpVenues.close();
    if (ownsAnvil) {
      anvil.close();
    }
    try (var files = Files.walk(storeDirectory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary file is harmless
    }
  }

  private static void gmxMarket(
      StringBuilder y, String id, String market, String feed, String symbol, String pricing) {
    market(
        y,
        id,
        "gmx",
        checksum(market),
        feed,
        symbol,
        pricing + "longTokenFeed: " + feed + ", shortTokenFeed: usdc-usd, ");
  }

  private static void market(
      StringBuilder y, String id, String venue, String market, String feed, String symbol) {
    market(y, id, venue, market, feed, symbol, "");
  }

  /**
   * @param keys further keys of the market's flow mapping, each followed by ", "
   */
  private static void market(
      StringBuilder y,
      String id,
      String venue,
      String market,
      String feed,
      String symbol,
      String keys) {
    y.append("  ")
        .append(id)
        .append(": { venue: ")
        .append(venue)
        .append(", market: ")
        .append(quote(market))
        .append(", oracleFeed: ")
        .append(feed)
        .append(", ")
        .append(keys)
        .append("reference: { symbol: ")
        .append(symbol)
        .append(" }, fundingReferences: [")
        .append(FUNDING_REFERENCES)
        .append("] }\n");
  }

  private static void chainlinkFeed(StringBuilder y, String id, String proxy, String symbol) {
    y.append("  ").append(id).append(":\n");
    y.append("    chain: ").append(CHAIN_ID_KEY).append('\n');
    y.append("    type: chainlink\n");
    y.append("    address: ").append(quote(checksum(proxy))).append('\n');
    y.append("    heartbeat: ").append(duration(FEED_HEARTBEAT)).append('\n');
    y.append("    deviationThreshold: ").append(FEED_DEVIATION_THRESHOLD).append('\n');
    y.append("    marketHours: crypto\n");
    y.append("    reference: { symbol: ").append(symbol).append(" }\n");
  }

  private static String checksum(String address) {
    return Keys.toChecksumAddress(address);
  }

  private static String quote(String value) {
    return '"' + value + '"';
  }

  /** Durations in the config's own notation: 1h, 60s. */
  private static String duration(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 && s >= 600 ? s / 60 + "m" : s + "s";
  }

  /** A decimal as a D18 integer (exact). */
  private static BigInteger d18(String value) {
    return new java.math.BigDecimal(value).movePointRight(18).toBigIntegerExact();
  }

  /** A USD answer at {@link #USD_DECIMALS} as D18. */
  private static BigInteger usdD18(BigInteger answer) {
    return answer.multiply(BigInteger.TEN.pow(18 - USD_DECIMALS));
  }

  private static BigInteger usd(long dollars) {
    return BigInteger.valueOf(dollars).multiply(BigInteger.TEN.pow(USD_DECIMALS));
  }

  @Override
  public String toString() {
    return "Devnet[" + anvil.rpcUrl() + ", " + contracts + "]";
  }
}
