package io.hedgewatch.monitor;

import io.hedgewatch.domain.RpcProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The table's RPC ENDPOINTS rows: one per endpoint of every chain, named by label. */
final class RpcTable {

  private RpcTable() {}

  static List<String[]> rows(List<RpcProbe> probes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CHAIN", "RPC ENDPOINT", "HEAD", "HEAD AGE", "BEHIND", "NOTE"});
    for (RpcProbe p : probes) {
      long best = p.best().map(RpcProbe.Up::head).orElse(-1L);
      for (RpcProbe.Endpoint e : p.endpoints()) {
        if (e instanceof RpcProbe.Up u) {
          Duration age = Duration.between(u.headTime(), p.at());
          boolean onChain = u.chainId() == p.expectedChainId();
          rows.add(
              new String[] {
                p.chain(),
                u.label(),
                Long.toString(u.head()),
                CheckTable.duration(age.isNegative() ? 0 : age.getSeconds()),
                onChain && best >= 0 ? Long.toString(best - u.head()) : "-",
                onChain ? u.note().orElse("-") : "WRONG CHAIN: chain id " + u.chainId()
              });
        } else if (e instanceof RpcProbe.Down d) {
          rows.add(new String[] {p.chain(), d.label(), "-", "-", "-", "DOWN: " + d.reason()});
        }
      }
    }
    return rows;
  }
}
