package io.hedgewatch.platform;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one chain's RPC nodes run {@link CodeOwnerProbe}'s deployless eth_call. Kept by whoever
 * outlives a cycle (the chain's session): after the first refusal, which is logged once, every
 * later read of the chain goes straight to {@code eth_getCode}, so a node that refuses calls
 * without {@code to} costs one failed call a run, not one a cycle.
 */
public final class CodeProbeSupport {

  private static final Logger LOG = LoggerFactory.getLogger(CodeProbeSupport.class);

  private final AtomicReference<String> refusal = new AtomicReference<>();

  public boolean refused() {
    return refusal.get() != null;
  }

  /** The node's answer to the probe, once refused. */
  public Optional<String> refusal() {
    return Optional.ofNullable(refusal.get());
  }

  void refuse(String chain, String reason) {
    if (refusal.compareAndSet(null, reason)) {
      LOG.warn(
          "chain {}: the RPC node refuses an eth_call without 'to' ({}); watched contracts' code"
              + " is read with eth_getCode from now on, one call per contract",
          chain,
          reason);
    }
  }
}
