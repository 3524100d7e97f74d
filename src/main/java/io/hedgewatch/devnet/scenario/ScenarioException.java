package io.hedgewatch.devnet.scenario;

/**
 * A scenario that cannot be read or played: the message names the file, the step and the key, the
 * value and what is allowed.
 */
public final class ScenarioException extends RuntimeException {

  public ScenarioException(String message) {
    super(message, null, false, false);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
