package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Any config text validates to a config or a list of problems (what {@code hedgewatch config
 * validate} prints), never an exception. Seeds: the shipped configs under config/.
 */
class ConfigLoaderFuzzTest {

  private static final Map<String, String> ENV =
      Map.of("RPC_URL", "http://127.0.0.1:8545", "HW_TOKEN", "secret");

  @FuzzTest(maxDuration = "10s")
  void configText(byte[] data) {
    String yaml = new String(data, StandardCharsets.UTF_8);
    LoadResult result = ConfigLoader.parse(yaml, Path.of("fuzz.yaml"), ENV);
    assertThat(result).isNotNull();
    if (result instanceof LoadResult.Invalid invalid) {
      assertThat(invalid.problems()).isNotEmpty();
    }
  }
}
