package io.hedgewatch.config;

/**
 * One thing wrong with a config file, located by its YAML path (e.g. {@code
 * feeds.eth-usd.heartbeat}).
 */
public record ConfigProblem(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
