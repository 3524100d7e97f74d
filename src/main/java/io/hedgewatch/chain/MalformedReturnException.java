package io.hedgewatch.chain;

/** Return data that does not decode as the ABI type it should have. */
public final class MalformedReturnException extends RuntimeException {
  public MalformedReturnException(String message) {
    super(message);
  }
}
