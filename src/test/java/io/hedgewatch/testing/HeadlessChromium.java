package io.hedgewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.hedgewatch.devnet.Anvil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What the browser tests need: Debian's Chromium ({@code HEDGEWATCH_CHROMIUM} overrides the path)
 * and the pinned playwright-core in {@code contracts/node_modules}. Under {@code CI=true} a missing
 * Chromium fails the test ({@code .ci/run} installs it); elsewhere it is skipped with the reason.
 */
public final class HeadlessChromium {

  public static final Path CHROMIUM =
      Path.of(
          Optional.ofNullable(System.getenv("HEDGEWATCH_CHROMIUM")).orElse("/usr/bin/chromium"));

  private HeadlessChromium() {}

  /**
   * Checks both and returns the node_modules directory that holds playwright-core (the scripts'
   * first argument).
   */
  public static Path requireBrowser() {
    if (!Files.isExecutable(CHROMIUM)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but there is no Chromium at " + CHROMIUM + ": .ci/run installs Debian's");
      }
      Assumptions.abort(
          "no Chromium at " + CHROMIUM + " (apt-get install chromium, or run .ci/run)");
    }
    Path home =
        Path.of(Optional.ofNullable(System.getProperty(Anvil.HOME_PROPERTY)).orElse(""))
            .toAbsolutePath();
    Path modules = home.resolve("contracts").resolve("node_modules");
    assertThat(modules.resolve("playwright-core")).as("npm ci in contracts/ installs it").exists();
    return modules;
  }
}
