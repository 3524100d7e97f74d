package io.hedgewatch.chain;

import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * The name of an RPC endpoint wherever a person, a log or a script sees it: {@code rpc[1]
 * arb1.arbitrum.io}, its index in the chain's {@code rpcUrls} and its host (and port when it is not
 * the scheme's default). Never the path, the query or user info: providers put API keys there
 * ({@code https://arb-mainnet.g.alchemy.com/v2/KEY}), and alert messages, the check JSON and logs
 * leave the machine.
 */
public final class RpcEndpointLabel {

  private RpcEndpointLabel() {}

  public static String of(int index, String url) {
    HttpUrl parsed = HttpUrl.parse(asHttp(url));
    if (parsed == null) {
      return "rpc[" + index + "]";
    }
    boolean defaultPort = parsed.port() == HttpUrl.defaultPort(parsed.scheme());
    return "rpc[" + index + "] " + parsed.host() + (defaultPort ? "" : ":" + parsed.port());
  }

  /** HttpUrl knows only http and https; a websocket URL names its host the same way. */
  private static String asHttp(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("ws://")) {
      return "http://" + url.substring("ws://".length());
    }
    if (lower.startsWith("wss://")) {
      return "https://" + url.substring("wss://".length());
    }
    return url;
  }
}
