package io.hedgewatch.chain;

/**
 * A chain cannot be monitored as configured (unreachable, wrong chain id); the message is meant for
 * the user.
 */
public final class ChainSetupException extends Exception {
  public ChainSetupException(String message) {
    super(message);
  }

  public ChainSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
