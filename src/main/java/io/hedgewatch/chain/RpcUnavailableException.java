package io.hedgewatch.chain;

import java.io.IOException;
import java.util.List;

/** Every endpoint of a chain failed one request; the message names each endpoint's last failure. */
public final class RpcUnavailableException extends IOException {

  private final List<String> endpointFailures;

  public RpcUnavailableException(String chain, List<String> endpointFailures) {
    super(
        "all RPC endpoints of chain " + chain + " failed: " + String.join("; ", endpointFailures));
    this.endpointFailures = List.copyOf(endpointFailures);
  }

  public List<String> endpointFailures() {
    return endpointFailures;
  }
}
