package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commented-out {@code positions} examples of the shipped configs validate once uncommented, so
 * that a user who uncomments them starts from a working block.
 */
class ExamplePositionsTest {

  private static final String HOLDER = "0x639fe6ab55c921f74e7fac1ee960c0b6293ba612";
  private static final Map<String, String> ENV =
      Map.of(
          "GMX_ACCOUNT", HOLDER,
          "HL_ACCOUNT", HOLDER,
          "SNX_ACCOUNT_ID", "170141183460469231731687303715884105729",
          "SPOT_WALLET", HOLDER,
          "BUFFER_WALLET", HOLDER);

  /**
   * The file with its commented {@code # positions:} block uncommented: from that line, every
   * following line that starts with "#" and an indented key loses its leading "# ".
   */
  static String uncommented(String name) throws IOException {
    List<String> lines = Files.readAllLines(ReadyConfigsTest.configFile(name));
    List<String> out = new ArrayList<>();
    boolean inBlock = false;
    int found = 0;
    for (String line : lines) {
      if (line.equals("# positions:")) {
        inBlock = true;
        found++;
        out.add(line.substring(2));
      } else if (inBlock && line.startsWith("#   ")) {
        out.add(line.substring(2));
      } else {
        inBlock = false;
        out.add(line);
      }
    }
    assertThat(found).as("one commented positions block in %s", name).isEqualTo(1);
    return String.join("\n", out) + "\n";
  }

  private static HedgewatchConfig load(String name) throws IOException {
    LoadResult result = ConfigLoader.parse(uncommented(name), Path.of(name), ENV);
    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  @ParameterizedTest
  @ValueSource(strings = {"arbitrum.yaml", "base.yaml", "hyperliquid.yaml"})
  void the_commented_examples_validate_once_uncommented(String name) throws IOException {
    HedgewatchConfig config = load(name);
    assertThat(config.positions()).isNotEmpty();
    assertThat(config.positions().values())
        .anySatisfy(p -> assertThat(p.readFromVenue()).isTrue())
        .anySatisfy(p -> assertThat(p.manual()).isPresent());
  }

  @Test
  void arbitrum_examples_read_gmx_and_synthetix_accounts_and_one_by_hand() throws IOException {
    HedgewatchConfig config = load("arbitrum.yaml");
    PositionConfig gmx = config.positions().get("gmx-eth-hedge");
    assertThat(gmx.account())
        .contains(new PositionAccount.GmxAccount(HOLDER, Optional.empty(), Optional.empty()));
    assertThat(gmx.hedges())
        .containsExactly(
            new HedgeConfig.Wallet(
                "ETH",
                new WalletHolding(
                    "arbitrum",
                    Optional.of("0x82af49447d8a07e3bd95bd0d56f35241523fbab1"),
                    HOLDER)));
    assertThat(gmx.collateralFeed()).contains("usdc-usd");
    assertThat(gmx.buffer().orElseThrow().wallet().token())
        .contains("0xaf88d065e77c8cc2239327c5edb3a432268e5831");
    assertThat(config.positions().get("snx-eth-hedge").account().orElseThrow().text())
        .isEqualTo("170141183460469231731687303715884105729");
    assertThat(config.positions().get("gmx-eth-by-hand").manual())
        .contains(
            new ManualPosition(
                PositionSide.SHORT,
                new BigDecimal("10"),
                new BigDecimal("3000"),
                new BigDecimal("6000"),
                MarginMode.ISOLATED,
                new BigDecimal("0.01")));
    assertThat(config.positionsOn("gmx"))
        .extracting(PositionConfig::id)
        .containsExactly("gmx-eth-hedge", "gmx-eth-by-hand");
  }

  @Test
  void base_and_hyperliquid_examples_load_their_by_hand_positions() throws IOException {
    ManualPosition btc =
        load("base.yaml").positions().get("snx-btc-by-hand").manual().orElseThrow();
    assertThat(btc.marginMode()).isEqualTo(MarginMode.CROSS);
    PositionConfig hl = load("hyperliquid.yaml").positions().get("hl-btc-by-hand");
    assertThat(hl.hedges())
        .containsExactly(
            new HedgeConfig.Amount("BTC", new BigDecimal("0.15")),
            new HedgeConfig.Amount("BTC", new BigDecimal("0.1")));
  }

  @Test
  void the_shipped_files_themselves_watch_no_position() {
    for (String name : List.of("arbitrum.yaml", "base.yaml", "hyperliquid.yaml")) {
      LoadResult result = ConfigLoader.load(ReadyConfigsTest.configFile(name), Map.of());
      assertThat(((LoadResult.Loaded) result).config().positions()).as(name).isEmpty();
    }
  }
}
