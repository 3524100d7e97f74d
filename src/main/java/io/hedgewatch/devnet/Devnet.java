package io.hedgewatch.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * The built-in demo network: a fresh {@link Anvil} with the oracle and platform contracts a hedge
 * monitor reads, deployed from the compiled {@code contracts/} and set to a calm, realistic state.
 * Drive it with {@link #ops()}, move its clock with {@link #anvil()}, and point hedgewatch at it
 * with {@link #writeConfig(Path)}.
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

  public static final Duration FEED_HEARTBEAT = Duration.ofHours(1);
  public static final String FEED_DEVIATION_THRESHOLD = "0.5%";
  public static final Duration PYTH_HEARTBEAT = Duration.ofSeconds(60);
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private final Anvil anvil;
  private final boolean ownsAnvil;
  private final SimulatedExchanges exchanges;
  private final DevnetTransactor tx;
  private final DevnetContracts contracts;
  private final DevnetOps ops;

  private Devnet(Anvil anvil, boolean ownsAnvil, DevnetTransactor tx, DevnetContracts contracts) {
    this.exchanges = new SimulatedExchanges(java.time.Clock.systemUTC());
    exchanges.setUsdPrice("ETH", new java.math.BigDecimal(ETH_USD_ANSWER, USD_DECIMALS));
    exchanges.setUsdPrice("BTC", new java.math.BigDecimal(BTC_USD_ANSWER, USD_DECIMALS));
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
            deployer);
    return new Devnet(anvil, ownsAnvil, tx, contracts);
  }

  /**
   * The reference exchanges the devnet's config points at, quoting ETH and BTC at the feeds'
   * starting prices and USDT and USDC at 1 USD.
   */
  public SimulatedExchanges exchanges() {
    return exchanges;
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
   * A hedgewatch config for this devnet: chain {@value #CHAIN_ID_KEY} and the feeds {@code
   * eth-usd}, {@code btc-usd}, {@code usdc-usd} (Chainlink) and {@code eth-usd-pyth} (Pyth).
   */
  public String configYaml() {
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
    y.append('\n');
    y.append("references:\n");
    for (io.hedgewatch.domain.ReferenceVenue venue : io.hedgewatch.domain.ReferenceVenue.values()) {
      y.append("  ")
          .append(venue.configName())
          .append(": { baseUrl: ")
          .append(quote(exchanges.baseUrl(venue)))
          .append(" }\n");
    }
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
   * Writes {@link #configYaml()} to {@code file} (parent directories created); returns {@code
   * file}.
   */
  public Path writeConfig(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, configYaml(), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the devnet config to " + file, e);
    }
  }

  /** Stops the simulated exchanges, and anvil if this devnet started it. */
  @Override
  public void close() {
    exchanges.close();
    if (ownsAnvil) {
      anvil.close();
    }
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

  private static BigInteger usd(long dollars) {
    return BigInteger.valueOf(dollars).multiply(BigInteger.TEN.pow(USD_DECIMALS));
  }

  @Override
  public String toString() {
    return "Devnet[" + anvil.rpcUrl() + ", " + contracts + "]";
  }
}
