package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

  @Test
  void substitutes_a_set_variable() throws Exception {
    assertThat(EnvSubstitution.substitute("${RPC}", Map.of("RPC", "https://node")))
        .isEqualTo("https://node");
  }

  @Test
  void substitutes_inside_a_longer_string_and_several_times() throws Exception {
    assertThat(
            EnvSubstitution.substitute(
                "https://${HOST}/v2/${KEY}", Map.of("HOST", "h", "KEY", "k")))
        .isEqualTo("https://h/v2/k");
  }

  @Test
  void names_an_unset_variable_without_default() {
    assertThatThrownBy(() -> EnvSubstitution.substitute("${ARBITRUM_RPC_URL}", Map.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("environment variable ARBITRUM_RPC_URL is not set");
  }

  @Test
  void names_every_unset_variable() {
    assertThatThrownBy(() -> EnvSubstitution.substitute("${A}-${B}", Map.of()))
        .hasMessageStartingWith("environment variables A, B are not set");
  }

  @Test
  void uses_the_default_when_unset() throws Exception {
    assertThat(EnvSubstitution.substitute("${RPC:-https://arb1.arbitrum.io/rpc}", Map.of()))
        .isEqualTo("https://arb1.arbitrum.io/rpc");
  }

  @Test
  void prefers_the_variable_over_its_default() throws Exception {
    assertThat(EnvSubstitution.substitute("${RPC:-https://default}", Map.of("RPC", "https://mine")))
        .isEqualTo("https://mine");
  }

  @Test
  void uses_the_default_when_set_but_empty_as_the_shell_does() throws Exception {
    assertThat(EnvSubstitution.substitute("${RPC:-fallback}", Map.of("RPC", "")))
        .isEqualTo("fallback");
  }

  @Test
  void an_empty_default_gives_an_empty_string() throws Exception {
    assertThat(EnvSubstitution.substitute("${RPC:-}", Map.of())).isEmpty();
  }

  @Test
  void a_set_but_empty_variable_without_default_is_empty() throws Exception {
    assertThat(EnvSubstitution.substitute("x${E}y", Map.of("E", ""))).isEqualTo("xy");
  }

  @Test
  void leaves_other_dollar_signs_alone() throws Exception {
    assertThat(EnvSubstitution.substitute("pa$$word $HOME {x}", Map.of()))
        .isEqualTo("pa$$word $HOME {x}");
  }

  @Test
  void rejects_an_unterminated_or_malformed_reference() {
    assertThatThrownBy(() -> EnvSubstitution.substitute("${RPC", Map.of()))
        .hasMessageContaining("unterminated");
    assertThatThrownBy(() -> EnvSubstitution.substitute("${}", Map.of()))
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> EnvSubstitution.substitute("${1X}", Map.of("1X", "v")))
        .hasMessageContaining("malformed");
  }

  @Test
  void lists_the_well_formed_references_with_whether_they_have_a_default() {
    assertThat(EnvSubstitution.references("a${A}b${B:-x}${1X}${C:-}$D${unterminated"))
        .containsExactly(
            new EnvSubstitution.Reference("A", false),
            new EnvSubstitution.Reference("B", true),
            new EnvSubstitution.Reference("C", true));
    assertThat(EnvSubstitution.references("no references")).isEmpty();
  }
}
