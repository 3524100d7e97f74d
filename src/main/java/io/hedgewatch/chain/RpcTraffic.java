package io.hedgewatch.chain;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every JSON-RPC call this process sent, by chain and endpoint label, whichever reader sent it: a
 * {@code run} cycle reads a chain through several short-lived readers (oracles, venues, positions,
 * watched contracts, endpoint probes), and the service wants their sum per cycle. Process-wide on
 * purpose, like a metrics registry; only counts and times, never URLs (labels hide keys).
 */
public final class RpcTraffic {

  /** One endpoint of one chain, as {@link RpcEndpointLabel} names it. */
  public record Endpoint(String chain, String label) implements Comparable<Endpoint> {
    public Endpoint {
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(label, "label");
    }

    @Override
    public int compareTo(Endpoint other) {
      int byChain = chain.compareTo(other.chain);
      return byChain != 0 ? byChain : label.compareTo(other.label);
    }
  }

  private static final ConcurrentHashMap<Endpoint, LongAdder> CALLS = new ConcurrentHashMap<>();

  private RpcTraffic() {}

  private static final LongAdder WAIT_NANOS = new LongAdder();

  /** Guards the in-flight count and the busy time. */
  private static final Object BUSY = new Object();

  private static int inFlight;
  private static long busySince;
  private static long busyNanos;

  /**
   * A JSON-RPC exchange a caller starts waiting on, through any chain's failover service; returns
   * its start ({@code nanoTime}) for {@link #exchangeEnded}.
   */
  static long exchangeStarted() {
    long now = System.nanoTime();
    synchronized (BUSY) {
      if (inFlight++ == 0) {
        busySince = now;
      }
    }
    return now;
  }

  static void exchangeEnded(long startedNanos) {
    long now = System.nanoTime();
    WAIT_NANOS.add(now - startedNanos);
    synchronized (BUSY) {
      if (--inFlight == 0) {
        busyNanos += now - busySince;
      }
    }
  }

  /**
   * Nanoseconds callers waited on JSON-RPC exchanges so far, summed over the exchanges: two
   * exchanges waited on at once count twice (each chain's {@link RpcStats#waitNanos} is its part).
   */
  public static long waitNanos() {
    return WAIT_NANOS.sum();
  }

  /**
   * Nanoseconds of wall time so far during which at least one JSON-RPC exchange was waited on: the
   * part of a span that waiting on nodes explains when readers run at once, which {@link
   * #waitNanos} overstates.
   */
  public static long busyNanos() {
    long now = System.nanoTime();
    synchronized (BUSY) {
      return busyNanos + (inFlight > 0 ? now - busySince : 0);
    }
  }

  static void record(String chain, String label, int calls) {
    CALLS.computeIfAbsent(new Endpoint(chain, label), e -> new LongAdder()).add(calls);
  }

  /** Calls sent so far, by endpoint, in a stable order. */
  public static Map<Endpoint, Long> snapshot() {
    Map<Endpoint, Long> out = new TreeMap<>();
    CALLS.forEach((endpoint, adder) -> out.put(endpoint, adder.sum()));
    return out;
  }

  /** What {@code after} counts beyond {@code before}, endpoints with none left out. */
  public static Map<Endpoint, Long> since(Map<Endpoint, Long> before, Map<Endpoint, Long> after) {
    Map<Endpoint, Long> delta = new TreeMap<>();
    after.forEach(
        (endpoint, calls) -> {
          long d = calls - before.getOrDefault(endpoint, 0L);
          if (d > 0) {
            delta.put(endpoint, d);
          }
        });
    return delta;
  }
}
