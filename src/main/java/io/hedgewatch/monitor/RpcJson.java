package io.hedgewatch.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.domain.RpcProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code chains[].endpoints} of the check JSON: what each RPC endpoint said when asked on its own.
 * Endpoints are named by their {@code rpc[i] host} label, never by URL (API keys live in URLs).
 */
final class RpcJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RpcJson() {}

  static ArrayNode endpoints(Optional<RpcProbe> probe) {
    ArrayNode list = NODES.arrayNode();
    if (probe.isEmpty()) {
      return list;
    }
    RpcProbe p = probe.get();
    Optional<Long> best = p.best().map(RpcProbe.Up::head);
    for (RpcProbe.Endpoint e : p.endpoints()) {
      ObjectNode node = list.addObject();
      node.put("endpoint", e.label());
      if (e instanceof RpcProbe.Up u) {
        boolean onChain = u.chainId() == p.expectedChainId();
        node.put("chainId", u.chainId());
        node.put("head", u.head());
        node.put("headTime", CheckJson.iso(u.headTime()));
        Duration age = Duration.between(u.headTime(), p.at());
        node.put("headAgeSeconds", age.isNegative() ? 0 : age.getSeconds());
        if (onChain && best.isPresent()) {
          node.put("blocksBehind", best.get() - u.head());
        } else {
          node.putNull("blocksBehind");
        }
        if (onChain) {
          node.putNull("error");
        } else {
          node.put(
              "error",
              "serves chain id " + u.chainId() + ", the config says " + p.expectedChainId());
        }
        u.note().ifPresentOrElse(n -> node.put("note", n), () -> node.putNull("note"));
      } else if (e instanceof RpcProbe.Down d) {
        node.putNull("chainId");
        node.putNull("head");
        node.putNull("headTime");
        node.putNull("headAgeSeconds");
        node.putNull("blocksBehind");
        node.put("error", d.reason());
        node.putNull("note");
      }
    }
    return list;
  }

  /**
   * The entry of a chain that the oracle cycle did not read (no feed, no sequencer feed on it):
   * only its endpoints were asked.
   */
  static ObjectNode probedOnly(RpcProbe probe) {
    ObjectNode node = NODES.objectNode();
    node.put("id", probe.chain());
    node.put("chainId", probe.expectedChainId());
    node.putNull("block");
    node.putNull("blockTime");
    node.putNull("sequencer");
    node.putNull("readMode");
    node.putNull("rpc");
    node.putNull("error");
    node.set("endpoints", endpoints(Optional.of(probe)));
    return node;
  }
}
