package io.hedgewatch.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.Read;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.utils.Numeric;

/**
 * Any return data of a Chainlink, Pyth or sequencer read decodes to a value or a typed {@code
 * ReadFailure}, never an exception. Seeds: the golden vectors' return data (OracleDecodersFuzzTest
 * Inputs). Fuzzing: docs/reliability.md.
 */
class OracleDecodersFuzzTest {

  private static final String FEED = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";

  @FuzzTest(maxDuration = "10s")
  void chainlinkPythAndSequencerDecoders(byte[] data) {
    // The bytes as return data the node hex-encoded, and as the text of a node that sent garbage.
    for (String hex :
        List.of(Numeric.toHexString(data), "0x" + new String(data, StandardCharsets.ISO_8859_1))) {
      for (CallOutcome outcome :
          List.of(new CallOutcome.Success(hex), new CallOutcome.Reverted(hex))) {
        decodesOrFails(ChainlinkAbi.decodeRound(outcome, FEED));
        decodesOrFails(ChainlinkAbi.decodeDecimals(outcome, FEED));
        decodesOrFails(ChainlinkAbi.decodePhaseId(outcome, FEED));
        decodesOrFails(ChainlinkAbi.decodeDescription(outcome, FEED));
        decodesOrFails(ChainlinkAbi.decodeAddress(outcome, FEED));
        decodesOrFails(ChainlinkAbi.decodeInt192(outcome, FEED));
        decodesOrFails(PythAbi.decodePrice(outcome, FEED));
        decodesOrFails(SequencerAbi.decode(outcome, FEED));
      }
    }
  }

  private static void decodesOrFails(Read<?> read) {
    assertThat(read).isNotNull();
    assertThat(read.asOptional().isPresent() || read.failureIfAny().isPresent()).isTrue();
  }
}
