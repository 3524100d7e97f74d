package io.hedgewatch.chain;

import java.io.IOException;

/** A failure of one endpoint that is worth retrying there and, after that, rotating away from. */
final class RetryableRpcException extends IOException {
  RetryableRpcException(String message) {
    super(message);
  }

  RetryableRpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
