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
 * purpose, like a metrics registry; only counts, never URLs (labels hide keys).
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
