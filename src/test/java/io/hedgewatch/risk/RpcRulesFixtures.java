package io.hedgewatch.risk;

import io.hedgewatch.domain.RpcProbe;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Probes of a chain's endpoints, built by hand. */
final class RpcRulesFixtures {

  static final long CHAIN_ID = 42161;
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private RpcRulesFixtures() {}

  static RpcProbe.Up up(int index, long head, Instant headTime, Map<Long, String> hashes) {
    return new RpcProbe.Up(index, label(index), CHAIN_ID, head, headTime, hashes, Optional.empty());
  }

  static RpcProbe.Up up(int index, long head) {
    return up(index, head, NOW, Map.of());
  }

  static RpcProbe.Up onChain(int index, long chainId, long head) {
    return new RpcProbe.Up(index, label(index), chainId, head, NOW, Map.of(), Optional.empty());
  }

  static RpcProbe.Down down(int index) {
    return new RpcProbe.Down(index, label(index), "connection refused");
  }

  static String label(int index) {
    return "rpc[" + index + "] node" + index + ".example";
  }

  static RpcProbe probe(RpcProbe.Endpoint... endpoints) {
    return probe(NOW, endpoints);
  }

  static RpcProbe probe(Instant at, RpcProbe.Endpoint... endpoints) {
    return new RpcProbe("arbitrum", CHAIN_ID, at, List.of(endpoints));
  }

  static String hash(int n) {
    return String.format("0x%064x", n);
  }
}
