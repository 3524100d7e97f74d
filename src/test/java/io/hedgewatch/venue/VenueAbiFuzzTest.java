package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.Read;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.utils.Numeric;

/**
 * Any return or revert data of a Synthetix v3 or GMX v2 read decodes to a value or a typed {@code
 * ReadFailure}, never an exception. Seeds: the golden position vectors' return data.
 */
class VenueAbiFuzzTest {

  private static final String TARGET = "0x0000000000000000000000000000000000000001";

  @FuzzTest(maxDuration = "10s")
  void synthetixAndGmxDecoders(byte[] data) {
    for (String hex :
        List.of(Numeric.toHexString(data), "0x" + new String(data, StandardCharsets.ISO_8859_1))) {
      for (CallOutcome outcome :
          List.of(new CallOutcome.Success(hex), new CallOutcome.Reverted(hex))) {
        decodesOrFails(SynthetixV3Abi.decodeUint256Array(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeLiquidationParameters(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeOpenPosition(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeInt128(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeRequiredMargins(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeMarketSummary(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeFundingParameters(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeUint256(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeInt256(outcome, TARGET));
        decodesOrFails(SynthetixV3Abi.decodeBool(outcome, TARGET));
        assertThat(SynthetixV3Abi.oracleDataRequired(outcome)).isNotNull();
        decodesOrFails(GmxV2Abi.decodeMarket(outcome, TARGET));
        decodesOrFails(GmxV2Abi.decodeMarketInfo(outcome, TARGET));
        decodesOrFails(GmxV2Abi.decodePosition(outcome, TARGET));
        decodesOrFails(GmxV2Abi.decodePositions(outcome, TARGET));
        decodesOrFails(GmxV2Abi.decodeUint(outcome, TARGET));
        decodesOrFails(GmxV2Abi.decodeInt(outcome, TARGET));
        decodesOrFails(GmxV2Abi.decodeBool(outcome, TARGET));
      }
    }
  }

  private static void decodesOrFails(Read<?> read) {
    assertThat(read).isNotNull();
    assertThat(read.asOptional().isPresent() || read.failureIfAny().isPresent()).isTrue();
  }
}
