package io.hedgewatch.devnet;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the devnet put everything. Addresses and ids are lower-case 0x hex.
 *
 * @param multicall3 Multicall3 at its canonical address (code placed there with anvil_setCode)
 * @param multicall3Deployment the same Multicall3 code at the address it was deployed to
 * @param ethUsdProxy ETH / USD feed proxy (what configs point at); aggregator below it
 * @param sequencerFeed L2 sequencer uptime feed (up since {@link Devnet#SEQUENCER_UP_FOR} before
 *     deployment)
 * @param pyth the Pyth contract
 * @param pythEthUsdId Pyth's real ETH/USD price id, with a price and an EMA price set
 * @param upgradeableProxy ERC-1967 transparent proxy over {@code proxyImplementation}, a pausable,
 *     ownable target
 * @param proxyAdmin the proxy's admin: dev account 1 (the admin's calls are not forwarded to the
 *     target)
 * @param deployer dev account 0: owner of the feeds, Pyth, the target behind the proxy and the perp
 *     venue contracts
 * @param synthetixPerpsMarket a Synthetix v3 PerpsMarketProxy stand-in with markets {@link
 *     Devnet#SYNTHETIX_ETH_MARKET_ID} and {@link Devnet#SYNTHETIX_BTC_MARKET_ID}
 * @param gmxDataStore a GMX v2 DataStore stand-in holding the markets {@code gmxEthMarket} and
 *     {@code gmxBtcMarket}
 * @param gmxReader a GMX v2 Reader stand-in (reads any DataStore it is given)
 * @param gmxEthMarket the ETH/USD [WETH-USDC] market token (GMX's market key), Arbitrum's address
 * @param gmxBtcMarket the BTC/USD [WBTC-USDC] market token, Arbitrum's address
 */
public record DevnetContracts(
    String multicall3,
    String multicall3Deployment,
    String ethUsdProxy,
    String ethUsdAggregator,
    String btcUsdProxy,
    String btcUsdAggregator,
    String usdcUsdProxy,
    String usdcUsdAggregator,
    String sequencerFeed,
    String pyth,
    String pythEthUsdId,
    String upgradeableProxy,
    String proxyImplementation,
    String proxyAdmin,
    String deployer,
    String synthetixPerpsMarket,
    String gmxDataStore,
    String gmxReader,
    String gmxEthMarket,
    String gmxBtcMarket) {

  public DevnetContracts {
    multicall3 = lower(multicall3, "multicall3");
    multicall3Deployment = lower(multicall3Deployment, "multicall3Deployment");
    ethUsdProxy = lower(ethUsdProxy, "ethUsdProxy");
    ethUsdAggregator = lower(ethUsdAggregator, "ethUsdAggregator");
    btcUsdProxy = lower(btcUsdProxy, "btcUsdProxy");
    btcUsdAggregator = lower(btcUsdAggregator, "btcUsdAggregator");
    usdcUsdProxy = lower(usdcUsdProxy, "usdcUsdProxy");
    usdcUsdAggregator = lower(usdcUsdAggregator, "usdcUsdAggregator");
    sequencerFeed = lower(sequencerFeed, "sequencerFeed");
    pyth = lower(pyth, "pyth");
    pythEthUsdId = lower(pythEthUsdId, "pythEthUsdId");
    upgradeableProxy = lower(upgradeableProxy, "upgradeableProxy");
    proxyImplementation = lower(proxyImplementation, "proxyImplementation");
    proxyAdmin = lower(proxyAdmin, "proxyAdmin");
    deployer = lower(deployer, "deployer");
    synthetixPerpsMarket = lower(synthetixPerpsMarket, "synthetixPerpsMarket");
    gmxDataStore = lower(gmxDataStore, "gmxDataStore");
    gmxReader = lower(gmxReader, "gmxReader");
    gmxEthMarket = lower(gmxEthMarket, "gmxEthMarket");
    gmxBtcMarket = lower(gmxBtcMarket, "gmxBtcMarket");
  }

  private static String lower(String value, String name) {
    return Objects.requireNonNull(value, name).toLowerCase(Locale.ROOT);
  }
}
