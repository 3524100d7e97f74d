package io.hedgewatch.config;

/**
 * A config value that cannot be read: the message says what is wrong, shows the rejected value and
 * what is allowed, and is meant to be shown to the user as it is (without the key's path, which the
 * caller adds).
 */
public final class InvalidValueException extends Exception {

  public InvalidValueException(String message) {
    super(message, null, false, false);
  }
}
