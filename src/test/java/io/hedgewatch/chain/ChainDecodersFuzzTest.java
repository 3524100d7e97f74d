package io.hedgewatch.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.utils.Numeric;

/**
 * Any aggregate3 or uint256 return data decodes or throws {@link MalformedReturnException}, and any
 * revert data gets a reason; nothing else escapes. Seeds: the golden Multicall3 vectors.
 */
class ChainDecodersFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void multicall3AndRevertReasons(byte[] data) {
    for (String hex :
        List.of(Numeric.toHexString(data), "0x" + new String(data, StandardCharsets.ISO_8859_1))) {
      // The readers' batches are of any size; the golden ones hold up to 5 calls.
      for (int expected = 0; expected <= 8; expected++) {
        try {
          List<CallOutcome> outcomes = Multicall3Codec.decodeAggregate3(hex, expected);
          assertThat(outcomes).hasSize(expected);
        } catch (MalformedReturnException e) {
          assertThat(e.getMessage()).isNotBlank();
        }
      }
      try {
        assertThat(Multicall3Codec.decodeUint256(hex).signum()).isNotNegative();
      } catch (MalformedReturnException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
      assertThat(RevertReasons.describe(hex)).isNotBlank();
    }
  }
}
