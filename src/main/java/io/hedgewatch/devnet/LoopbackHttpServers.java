package io.hedgewatch.devnet;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The JDK HTTP servers the devnet (and the tests' proxies) serve on loopback. */
public final class LoopbackHttpServers {

  /**
   * Read once, when the JDK server's configuration class loads. Without it the server leaves
   * Nagle's algorithm on and writes a reply's headers and body in separate small writes, each
   * waiting on loopback's 40 ms delayed ACK: measured, the simulated venues and the JSON-RPC proxy
   * doubled a cycle's wait on them (chain reads 111 ms against 59 ms).
   */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  private LoopbackHttpServers() {}

  /** A server on 127.0.0.1 and a free port, its replies sent without Nagle's delay. */
  public static HttpServer create() throws IOException {
    System.getProperties().putIfAbsent(NODELAY, "true");
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
  }
}
