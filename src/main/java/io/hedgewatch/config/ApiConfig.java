package io.hedgewatch.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code api} section: where {@code run} serves the API, the dashboard and {@code /metrics}.
 * Binds to loopback unless configured; a non-loopback address needs a {@code token} (the loader
 * refuses it otherwise), because the API can acknowledge alerts.
 *
 * @param host an IP literal or host name, e.g. {@code 127.0.0.1}
 * @param port 0 asks the system for a free port (tests), else 1..65535
 * @param token the bearer token required by {@code POST .../ack}; empty: acknowledgement refused
 */
public record ApiConfig(String host, int port, Optional<String> token) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8787;

  public ApiConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }

  public static ApiConfig ofDefaults() {
    return new ApiConfig(DEFAULT_HOST, DEFAULT_PORT, Optional.empty());
  }

  /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
  public boolean loopback() {
    return isLoopback(host);
  }

  public static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Only IP literals are resolved here (no DNS): a name other than localhost is not loopback.
      if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
        return false;
      }
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "ApiConfig[host="
        + host
        + ", port="
        + port
        + ", token="
        + (token.isPresent() ? "***" : "none")
        + "]";
  }
}
