package io.hedgewatch.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RpcEndpointLabelTest {

  @Test
  void keeps_index_host_and_a_non_default_port_only() {
    assertThat(RpcEndpointLabel.of(0, "https://arb-mainnet.g.alchemy.com/v2/KEY?x=1"))
        .isEqualTo("rpc[0] arb-mainnet.g.alchemy.com");
    assertThat(RpcEndpointLabel.of(2, "https://user:pass@rpc.example:8443/key"))
        .isEqualTo("rpc[2] rpc.example:8443");
    assertThat(RpcEndpointLabel.of(3, "http://127.0.0.1:8545")).isEqualTo("rpc[3] 127.0.0.1:8545");
  }

  @Test
  void websocket_urls_are_named_by_their_host_too() {
    assertThat(RpcEndpointLabel.of(1, "wss://base-mainnet.infura.io/ws/v3/SECRET"))
        .isEqualTo("rpc[1] base-mainnet.infura.io");
    assertThat(RpcEndpointLabel.of(1, "ws://10.0.0.5:8546/SECRET"))
        .isEqualTo("rpc[1] 10.0.0.5:8546");
  }

  @Test
  void what_is_not_a_url_is_named_by_its_index_alone() {
    assertThat(RpcEndpointLabel.of(1, "not a url")).isEqualTo("rpc[1]");
  }
}
