package io.hedgewatch.domain;

public enum FeedType {
  CHAINLINK("chainlink"),
  PYTH("pyth");

  private final String configName;

  FeedType(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static java.util.Optional<FeedType> fromConfigName(String name) {
    for (FeedType t : values()) {
      if (t.configName.equals(name)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }
}
