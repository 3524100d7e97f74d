package io.hedgewatch.chain;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of what one chain's RPC service sent: HTTP requests, JSON-RPC calls inside them, bytes
 * each way, failovers.
 */
public final class RpcStats {
  private final AtomicLong httpRequests = new AtomicLong();
  private final AtomicLong rpcCalls = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong failovers = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

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
}
