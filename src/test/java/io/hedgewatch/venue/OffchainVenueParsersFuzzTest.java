package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Any reply body of Hyperliquid's info endpoint or dYdX's indexer is read or rejected with {@code
 * OffchainJson.Rejected} (a typed failure naming the field), never another exception. Seeds: the
 * recorded venue replies of shared/fixtures/venues.
 */
class OffchainVenueParsersFuzzTest {

  private static final String USER = "0x" + "ab".repeat(20);
  private static final DydxPositions.SubaccountId SUBACCOUNT =
      new DydxPositions.SubaccountId("dydx1" + "q".repeat(38), 0);

  @FuzzTest(maxDuration = "10s")
  void hyperliquidAndDydxReplies(byte[] data) {
    String body = new String(data, StandardCharsets.UTF_8);
    readsOrRejects(() -> HyperliquidPositions.parseState("hyperliquid", USER, body));
    readsOrRejects(
        () -> {
          HyperliquidReader.Universe u = HyperliquidReader.parseUniverse("hyperliquid", body);
          return HyperliquidPositions.maxLeverages("hyperliquid", u.universe());
        });
    readsOrRejects(() -> HyperliquidReader.parsePredicted("hyperliquid", body));
    readsOrRejects(() -> HyperliquidReader.parseFundingHistory("hyperliquid", "ETH", body));
    readsOrRejects(() -> DydxPositions.parseSubaccount("dydx", SUBACCOUNT, body));
    readsOrRejects(() -> DydxReader.parseMarkets("dydx", body));
    readsOrRejects(() -> DydxReader.parseHistoricalFunding("dydx", "ETH-USD", body));
    assertThat(DydxReader.errorMessages(body)).isNotNull();
  }

  private static void readsOrRejects(Supplier<?> parse) {
    try {
      assertThat(parse.get()).isNotNull();
    } catch (OffchainJson.Rejected e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
