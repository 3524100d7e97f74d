package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The position decoders against return and revert data of the devnet's Synthetix v3 and GMX v2
 * stand-ins captured on a real anvil ({@code src/test/resources/golden/positions}, written and
 * re-checked by {@code PositionGoldenVectorsIT}): each value as the vector's note states it; then
 * the same data cut short and replaced by seeded random bytes, which must come back as failures,
 * never exceptions.
 */
class PositionGoldenDecodingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRADER = "0x1111111111111111111111111111111111111111";
  private static final String ETH_MARKET = "0x70d95587d40a2caf56bd97485ab3eec10bee6336";
  private static final String WETH = "0x82af49447d8a07e3bd95bd0d56f35241523fbab1";
  private static final String USDC = "0xaf88d065e77c8cc2239327c5edb3a432268e5831";
  private static final String BTC_PRICE_ID =
      "0xe62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43";

  private static JsonNode golden(String name) {
    try (InputStream in =
        PositionGoldenDecodingTest.class.getResourceAsStream(
            "/golden/positions/" + name + ".json")) {
      assertThat(in).as("golden vector %s", name).isNotNull();
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CallOutcome outcome(String name) {
    JsonNode g = golden(name);
    String result = g.path("result").asText();
    return g.path("reverted").asBoolean()
        ? new CallOutcome.Reverted(result)
        : new CallOutcome.Success(result);
  }

  private static BigInteger d18(String value) {
    return new BigDecimal(value).movePointRight(18).toBigIntegerExact();
  }

  private static <T> T ok(Read<T> read) {
    assertThat(read.failureIfAny()).isEmpty();
    return read.asOptional().orElseThrow();
  }

  @Test
  void the_calls_are_what_the_encoders_make() {
    assertThat(golden("synthetix-getOpenPosition-long").path("data").asText())
        .isEqualTo(SynthetixV3Abi.getOpenPosition(BigInteger.valueOf(7), BigInteger.valueOf(100)));
    assertThat(golden("synthetix-getRequiredMargins").path("data").asText())
        .isEqualTo(SynthetixV3Abi.getRequiredMargins(BigInteger.valueOf(7)));
    String dataStore =
        "0x" + golden("gmx-getAccountPositions").path("data").asText().substring(34, 74);
    assertThat(golden("gmx-getAccountPositions").path("data").asText())
        .isEqualTo(GmxV2Abi.getAccountPositions(dataStore, TRADER, 0, 100));
  }

  @Test
  void synthetix_open_positions_long_and_short() {
    String proxy = golden("synthetix-getOpenPosition-long").path("to").asText();
    assertThat(
            ok(SynthetixV3Abi.decodeOpenPosition(outcome("synthetix-getOpenPosition-long"), proxy)))
        .isEqualTo(new SynthetixV3Abi.OpenPosition(d18("994"), d18("-5"), d18("10"), d18("1")));
    assertThat(
            ok(
                SynthetixV3Abi.decodeOpenPosition(
                    outcome("synthetix-getOpenPosition-short"), proxy)))
        .isEqualTo(
            new SynthetixV3Abi.OpenPosition(d18("-97"), d18("3"), d18("-2"), BigInteger.ZERO));
    assertThat(ok(SynthetixV3Abi.decodeInt128(outcome("synthetix-getOpenPositionSize"), proxy)))
        .isEqualTo(d18("-2"));
  }

  @Test
  void synthetix_account_margins_and_verdicts() {
    String proxy = golden("synthetix-getAvailableMargin").path("to").asText();
    assertThat(ok(SynthetixV3Abi.decodeInt256(outcome("synthetix-getAvailableMargin"), proxy)))
        .isEqualTo(d18("10994"));
    assertThat(
            ok(
                SynthetixV3Abi.decodeRequiredMargins(
                    outcome("synthetix-getRequiredMargins"), proxy)))
        .isEqualTo(new SynthetixV3Abi.RequiredMargins(d18("619.6"), d18("319.3"), d18("9")));
    assertThat(ok(SynthetixV3Abi.decodeBool(outcome("synthetix-canLiquidate-false"), proxy)))
        .isFalse();
    assertThat(ok(SynthetixV3Abi.decodeBool(outcome("synthetix-canLiquidate-true"), proxy)))
        .isTrue();
  }

  @Test
  void synthetix_stale_price_is_oracle_data_required_naming_pyth_and_the_feed() {
    JsonNode g = golden("synthetix-getOpenPosition-stale");
    SynthetixV3Abi.OracleDataRequired stale =
        SynthetixV3Abi.oracleDataRequired(outcome("synthetix-getOpenPosition-stale")).orElseThrow();
    assertThat(g.path("note").asText()).contains(stale.oracleContract());
    assertThat(stale.describe())
        .contains("update type 1")
        .contains("staleness tolerance 60 s")
        .contains(BTC_PRICE_ID);
    assertThat(
            SynthetixV3Abi.decodeOpenPosition(
                    outcome("synthetix-getOpenPosition-stale"), g.path("to").asText())
                .failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).isEqualTo("reverted: OracleDataRequired(address,bytes)"));
  }

  @Test
  void gmx_account_positions_field_for_field() {
    String reader = golden("gmx-getAccountPositions").path("to").asText();
    List<GmxV2Abi.PositionProps> positions =
        ok(GmxV2Abi.decodePositions(outcome("gmx-getAccountPositions"), reader));
    assertThat(positions).hasSize(2);
    BigInteger usd = BigInteger.TEN.pow(30);
    assertThat(positions.get(0))
        .isEqualTo(
            new GmxV2Abi.PositionProps(
                TRADER,
                ETH_MARKET,
                WETH,
                BigInteger.valueOf(10_000).multiply(usd),
                d18("4"),
                d18("1"),
                BigInteger.ZERO,
                BigInteger.valueOf(11),
                BigInteger.valueOf(12),
                BigInteger.valueOf(13),
                BigInteger.valueOf(14),
                BigInteger.valueOf(1_750_000_000L - 600),
                BigInteger.ZERO,
                true));
    assertThat(positions.get(1))
        .isEqualTo(
            new GmxV2Abi.PositionProps(
                TRADER,
                ETH_MARKET,
                USDC,
                BigInteger.valueOf(6_000).multiply(usd),
                d18("2"),
                BigInteger.valueOf(2_000_000_000L),
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.ZERO,
                BigInteger.valueOf(1_750_000_000L - 300),
                BigInteger.ZERO,
                false));
    assertThat(ok(GmxV2Abi.decodePositions(outcome("gmx-getAccountPositions-empty"), reader)))
        .isEmpty();
    assertThat(ok(GmxV2Abi.decodePosition(outcome("gmx-getPosition"), reader)))
        .isEqualTo(positions.get(0));
    GmxV2Abi.PositionProps unknown =
        ok(GmxV2Abi.decodePosition(outcome("gmx-getPosition-unknown"), reader));
    assertThat(unknown.account()).isEqualTo("0x" + "0".repeat(40));
    assertThat(unknown.sizeInUsd()).isZero();
    assertThat(unknown.isLong()).isFalse();
  }

  static Stream<Arguments> decoders() {
    Function<CallOutcome, Read<?>> openPosition = o -> SynthetixV3Abi.decodeOpenPosition(o, "t");
    Function<CallOutcome, Read<?>> required = o -> SynthetixV3Abi.decodeRequiredMargins(o, "t");
    Function<CallOutcome, Read<?>> int128 = o -> SynthetixV3Abi.decodeInt128(o, "t");
    Function<CallOutcome, Read<?>> positions = o -> GmxV2Abi.decodePositions(o, "t");
    Function<CallOutcome, Read<?>> position = o -> GmxV2Abi.decodePosition(o, "t");
    return Stream.of(
        Arguments.of("synthetix-getOpenPosition-long", openPosition),
        Arguments.of("synthetix-getOpenPosition-short", openPosition),
        Arguments.of("synthetix-getOpenPositionSize", int128),
        Arguments.of("synthetix-getRequiredMargins", required),
        Arguments.of("gmx-getAccountPositions", positions),
        Arguments.of("gmx-getPosition", position));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decoders")
  void every_cut_of_the_data_fails_as_malformed_or_empty(
      String name, Function<CallOutcome, Read<?>> decoder) {
    String hex = golden(name).path("result").asText().substring(2);
    for (int bytes = 0; bytes < hex.length() / 2; bytes++) {
      Read<?> read = decoder.apply(new CallOutcome.Success("0x" + hex.substring(0, bytes * 2)));
      assertThat(read.failureIfAny())
          .as("%s cut to %d bytes", name, bytes)
          .hasValueSatisfying(
              f ->
                  assertThat(f)
                      .isInstanceOfAny(ReadFailure.Malformed.class, ReadFailure.NoCode.class));
    }
    assertThat(decoder.apply(new CallOutcome.Success("0x" + hex)).failureIfAny()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decoders")
  void random_bytes_never_throw(String name, Function<CallOutcome, Read<?>> decoder) {
    long seed = name.hashCode();
    Random random = new Random(seed);
    int size = golden(name).path("result").asText().length() / 2 - 1;
    for (int i = 0; i < 300; i++) {
      byte[] bytes = new byte[random.nextInt(size + 64)];
      random.nextBytes(bytes);
      String data = "0x" + org.web3j.utils.Numeric.toHexStringNoPrefix(bytes);
      assertThatCode(() -> decoder.apply(new CallOutcome.Success(data)))
          .as("seed %d, data %s", seed, data)
          .doesNotThrowAnyException();
    }
  }
}
