package io.hedgewatch.chain;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of what one chain's RPC service sent: HTTP requests, JSON-RPC calls inside them, bytes
 * each way, failovers; and the time its callers spent waiting on the endpoints and decoding
 * Multicall3 replies, so that a cycle can tell the node's time from its own.
 */
public final class RpcStats {
  private final AtomicLong httpRequests = new AtomicLong();
  private final AtomicLong rpcCalls = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong failovers = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong waitNanos = new AtomicLong();
  private final AtomicLong decodeNanos = new AtomicLong();

  void recordRequest(int calls, long sent) {
    httpRequests.incrementAndGet();
    rpcCalls.addAndGet(calls);
    bytesSent.addAndGet(sent);
  }

  void recordReceived(long bytes) {
    bytesReceived.addAndGet(bytes);
  }

  void recordFailover() {
    failovers.incrementAndGet();
  }

  void recordFailure() {
    failures.incrementAndGet();
  }

  /** One JSON-RPC exchange as its caller waited for it, retries and failovers included. */
  void recordWait(long nanos) {
    waitNanos.addAndGet(nanos);
  }

  void recordDecode(long nanos) {
    decodeNanos.addAndGet(nanos);
  }

  public long httpRequests() {
    return httpRequests.get();
  }

  public long rpcCalls() {
    return rpcCalls.get();
  }

  public long bytesSent() {
    return bytesSent.get();
  }

  public long bytesReceived() {
    return bytesReceived.get();
  }

  public long failovers() {
    return failovers.get();
  }

  public long failures() {
    return failures.get();
  }

  /** Nanoseconds callers spent waiting on JSON-RPC exchanges, over the service's life. */
  public long waitNanos() {
    return waitNanos.get();
  }

  /** Nanoseconds spent decoding Multicall3 {@code aggregate3} replies, over the reader's life. */
  public long decodeNanos() {
    return decodeNanos.get();
  }
}
