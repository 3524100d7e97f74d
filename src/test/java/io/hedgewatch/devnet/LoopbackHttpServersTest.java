package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

class LoopbackHttpServersTest {

  @Test
  void serves_on_loopback_with_nagle_off_unless_the_jvm_was_told_otherwise() throws Exception {
    HttpServer server = LoopbackHttpServers.create();
    try {
      assertThat(server.getAddress().getAddress().isLoopbackAddress()).isTrue();
      assertThat(server.getAddress().getPort()).isPositive();
      assertThat(System.getProperty(LoopbackHttpServers.NODELAY)).isNotNull();
    } finally {
      server.stop(0);
    }
  }
}
