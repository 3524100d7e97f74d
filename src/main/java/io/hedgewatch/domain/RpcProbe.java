package io.hedgewatch.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What each RPC endpoint of one chain reported when asked separately (not through failover): its
 * chain id, its head, and the hashes of the blocks at the heights where endpoints are compared.
 *
 * <p>Endpoints are named by a label ({@code rpc[1] arb1.arbitrum.io}) built from their index in
 * {@code rpcUrls} and their host only: URLs often carry an API key in their path or query, and the
 * label ends up in alert messages.
 *
 * @param expectedChainId the chain id the config states for the chain
 * @param at when the probe ran (the wall clock that the head's age is measured against)
 */
public record RpcProbe(String chain, long expectedChainId, Instant at, List<Endpoint> endpoints) {

  public RpcProbe {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(at, "at");
    endpoints = List.copyOf(endpoints);
  }

  /** One endpoint's answer. */
  public sealed interface Endpoint {
    /** Position in the chain's {@code rpcUrls}. */
    int index();

    /** {@code rpc[INDEX] HOST}: safe to print (no path, no query, no credentials). */
    String label();
  }

  /**
   * The endpoint answered.
   *
   * @param head its latest block number
   * @param headTime its latest block's timestamp
   * @param hashes block hash (0x hex, lower-case) by height, for the comparison heights it could
   *     give; a height it does not know (above its head) or could not read is absent
   * @param note why a comparison height is missing, when it is for a reason other than being above
   *     the head
   */
  public record Up(
      int index,
      String label,
      long chainId,
      long head,
      Instant headTime,
      Map<Long, String> hashes,
      Optional<String> note)
      implements Endpoint {
    public Up {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(headTime, "headTime");
      hashes = Map.copyOf(hashes);
      Objects.requireNonNull(note, "note");
    }

    public Up withHashes(Map<Long, String> newHashes, Optional<String> newNote) {
      return new Up(index, label, chainId, head, headTime, newHashes, newNote);
    }
  }

  /**
   * The endpoint gave no usable answer (refused, timed out, HTTP error, JSON-RPC error). A down
   * endpoint is neither lagging nor disagreeing: it is only reported.
   */
  public record Down(int index, String label, String reason) implements Endpoint {
    public Down {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Endpoints that answered and are on the configured chain, in config order. */
  public List<Up> live() {
    return endpoints.stream()
        .filter(Up.class::isInstance)
        .map(Up.class::cast)
        .filter(u -> u.chainId() == expectedChainId)
        .toList();
  }

  /** Endpoints that answered with another chain id than the configured one. */
  public List<Up> onOtherChain() {
    return endpoints.stream()
        .filter(Up.class::isInstance)
        .map(Up.class::cast)
        .filter(u -> u.chainId() != expectedChainId)
        .toList();
  }

  public List<Down> down() {
    return endpoints.stream().filter(Down.class::isInstance).map(Down.class::cast).toList();
  }

  /** The highest head of the live endpoints; the first in config order wins a tie. */
  public Optional<Up> best() {
    Up best = null;
    for (Up u : live()) {
      if (best == null || u.head() > best.head()) {
        best = u;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Where endpoints are compared for a given depth: {@code depth} blocks below the best head, but
   * no higher than the lowest live head (so that every live endpoint has the block) and no lower
   * than genesis. Empty when no endpoint is live.
   */
  public OptionalLong comparisonHeight(int depth) {
    List<Up> live = live();
    if (live.isEmpty()) {
      return OptionalLong.empty();
    }
    long best = live.stream().mapToLong(Up::head).max().getAsLong();
    long lowest = live.stream().mapToLong(Up::head).min().getAsLong();
    return OptionalLong.of(comparisonHeight(best, lowest, depth));
  }

  /** {@link #comparisonHeight(int)} from the heads alone, for the prober that picks the heights. */
  public static long comparisonHeight(long bestHead, long lowestHead, int depth) {
    if (depth < 0) {
      throw new IllegalArgumentException("depth must be >= 0, was " + depth);
    }
    return Math.max(0, Math.min(bestHead - depth, lowestHead));
  }

  /** The hashes the live endpoints gave at {@code height}, by label, in config order. */
  public Map<String, String> hashesAt(long height) {
    Map<String, String> byLabel = new java.util.LinkedHashMap<>();
    for (Up u : live()) {
      String hash = u.hashes().get(height);
      if (hash != null) {
        byLabel.put(u.label(), hash);
      }
    }
    return byLabel;
  }

  /** Every height some live endpoint gave a hash for, ascending. */
  public List<Long> comparedHeights() {
    TreeMap<Long, Boolean> heights = new TreeMap<>();
    for (Up u : live()) {
      u.hashes().keySet().forEach(h -> heights.put(h, true));
    }
    return List.copyOf(heights.keySet());
  }
}
