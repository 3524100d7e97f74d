package io.hedgewatch.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Keys;

/**
 * What {@code hedgewatch run} without a config shows a newcomer on top of the bare {@link Devnet}:
 * a hedge on each on-chain market, with the stablecoin buffer behind it, so that positions,
 * liquidation distances, carry and buffer coverage have something to show. Both are ETH shorts that
 * hedge ETH held elsewhere, at modest leverage, so the quiet devnet raises no alert:
 *
 * <ul>
 *   <li>{@code snx-eth-short}: Synthetix v3 account {@link #SNX_ACCOUNT}, 5 ETH short filled at
 *       3,000 on 9,000 snxUSD (1.7x), alone in its account;
 *   <li>{@code gmx-eth-short}: GMX v2, {@link #GMX_TRADER}, 2 ETH short (6,000 USD) on 3,000 USDC
 *       (2x);
 *   <li>the buffer: {@link #BUFFER_USDC} USDC held by {@link #BUFFER_HOLDER}, behind both;
 *   <li>a {@code watch} entry {@value #VAULT} on the devnet's upgradeable proxy.
 * </ul>
 *
 * <p>The bare {@link Devnet#writeConfig} stays as it was (no positions), as the tests that append
 * to it expect.
 */
public final class DevnetDemo {

  public static final BigInteger SNX_ACCOUNT = BigInteger.valueOf(7001);
  public static final String GMX_TRADER = "0x7a11ce0000000000000000000000000000000001";
  public static final String BUFFER_HOLDER = "0xb0ffe20000000000000000000000000000000002";

  /** The watch entry of the devnet's upgradeable proxy: subject {@code contract:vault}. */
  public static final String VAULT = "vault";

  /** The buffer wallet's USDC. */
  public static final BigDecimal BUFFER_USDC = new BigDecimal("25000");

  static final BigDecimal SNX_SIZE = new BigDecimal("-5");
  static final BigDecimal SNX_COLLATERAL = new BigDecimal("9000");
  static final BigDecimal GMX_SIZE_ETH = new BigDecimal("2");
  static final BigDecimal GMX_COLLATERAL_USDC = new BigDecimal("3000");

  private DevnetDemo() {}

  /** Opens the demo positions and funds the buffer on {@code devnet}, at its starting prices. */
  public static void openPositions(Devnet devnet) {
    DevnetOps ops = devnet.ops();
    BigDecimal eth = new BigDecimal(Devnet.ETH_USD_ANSWER, Devnet.USD_DECIMALS);
    ops.setSynthetixCollateral(SNX_ACCOUNT, d18(SNX_COLLATERAL));
    ops.openSynthetixPosition(SNX_ACCOUNT, Devnet.SYNTHETIX_ETH_MARKET_ID, d18(SNX_SIZE), d18(eth));
    ops.setGmxPosition(
        DevnetOps.GmxPosition.open(
            GMX_TRADER,
            devnet.contracts().gmxEthMarket(),
            Devnet.GMX_USDC,
            false,
            GMX_SIZE_ETH.multiply(eth).movePointRight(30).toBigIntegerExact(),
            d18(GMX_SIZE_ETH),
            GMX_COLLATERAL_USDC.movePointRight(Devnet.GMX_USDC_DECIMALS).toBigIntegerExact(),
            devnet.anvil().latestBlockTimestamp()));
    ops.setTokenBalance(
        Devnet.GMX_USDC,
        BUFFER_HOLDER,
        BUFFER_USDC.movePointRight(Devnet.GMX_USDC_DECIMALS).toBigIntegerExact());
  }

  /** The {@code positions} section naming what {@link #openPositions} opened. */
  public static String positionsYaml() {
    String buffer =
        "buffer: { chain: "
            + Devnet.CHAIN_ID_KEY
            + ", token: \""
            + Keys.toChecksumAddress(Devnet.GMX_USDC)
            + "\", holder: \""
            + Keys.toChecksumAddress(BUFFER_HOLDER)
            + "\" }";
    return "\n# the demo's hedges: ETH held elsewhere, shorted on each on-chain perp market\n"
        + "positions:\n"
        + "  snx-eth-short:\n"
        + "    market: eth-perp-snx\n"
        + "    account: \""
        + SNX_ACCOUNT
        + "\"\n"
        + "    hedges: { asset: ETH, amount: "
        + SNX_SIZE.abs().toPlainString()
        + " }\n"
        + "    "
        + buffer
        + "\n"
        + "  gmx-eth-short:\n"
        + "    market: eth-perp-gmx\n"
        + "    account: \""
        + Keys.toChecksumAddress(GMX_TRADER)
        + "/short\"\n"
        + "    hedges: { asset: ETH, amount: "
        + GMX_SIZE_ETH.toPlainString()
        + " }\n"
        + "    "
        + buffer
        + "\n";
  }

  /**
   * Writes the devnet's config ({@link Devnet#writeConfig}) with the demo's {@link
   * #positionsYaml()} and {@link #watchYaml} appended; returns {@code file}.
   */
  public static Path writeConfig(Devnet devnet, Path file) {
    devnet.writeConfig(file);
    try {
      Files.writeString(
          file,
          Files.readString(file, StandardCharsets.UTF_8) + positionsYaml() + watchYaml(devnet),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo config to " + file, e);
    }
    return file;
  }

  /**
   * The {@code watch} section: the devnet's upgradeable proxy as {@value #VAULT}, so that the demo
   * shows an explicit watch entry next to the venues' and feeds' own contracts (watched without
   * one), and the {@code proxy-upgrade} scenario has an admin key to take over.
   */
  public static String watchYaml(Devnet devnet) {
    return "\n# a contract the hedges depend on beyond the venues and feeds: upgrades, admin changes\n"
        + "watch:\n"
        + "  "
        + VAULT
        + ": { chain: "
        + Devnet.CHAIN_ID_KEY
        + ", address: \""
        + Keys.toChecksumAddress(devnet.contracts().upgradeableProxy())
        + "\" }\n";
  }

  private static BigInteger d18(BigDecimal value) {
    return value.movePointRight(18).toBigIntegerExact();
  }
}
