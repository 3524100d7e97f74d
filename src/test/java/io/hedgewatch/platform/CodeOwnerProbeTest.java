package io.hedgewatch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.chain.MalformedReturnException;
import io.hedgewatch.platform.CodeOwnerProbe.Probed;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class CodeOwnerProbeTest {

  static final String A = "0x1111111111111111111111111111111111111111";
  static final String B = "0xABCDEFabcdefABCDEFabcdefABCDEFabcdefABCD";
  static final String OWNER = "0xdddddddddddddddddddddddddddddddddddddd01";
  static final String HASH = Hash.sha3("0x6080604052");

  private static String word(String hexDigits) {
    return "0".repeat(64 - hexDigits.length()) + hexDigits;
  }

  /** The probe's encoding of (codeHash, hasOwner, owner) entries. */
  static String answer(List<String[]> entries) {
    StringBuilder out = new StringBuilder("0x").append(word("20"));
    out.append(word(Integer.toHexString(entries.size())));
    for (String[] e : entries) {
      out.append(e[0].substring(2)).append(word(e[1])).append(word(e[2].substring(2)));
    }
    return out.toString();
  }

  private static JsonNode artifact(String resource) throws IOException {
    try (InputStream in = CodeOwnerProbeTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("%s on the classpath", resource).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  /**
   * The build compiles every contracts/src/*.sol with the solcjs pinned in contracts/package.json
   * into target/classes/contracts (mvn generate-resources, again whenever a source changes): the
   * committed creation code must be what that compiler makes of today's source. On a failure, copy
   * the new artifact's compiler and bytecode into src/main/resources/platform/CodeOwnerProbe.json.
   */
  @Test
  void the_committed_creation_code_is_what_the_pinned_solc_makes_of_the_source()
      throws IOException {
    JsonNode committed = artifact(CodeOwnerProbe.RESOURCE);
    JsonNode built = artifact("/contracts/CodeOwnerProbe.json");
    assertThat(committed.path("compiler")).isEqualTo(built.path("compiler"));
    assertThat(committed.path("bytecode").asText()).isEqualTo(built.path("bytecode").asText());
    assertThat(CodeOwnerProbe.get().creationCode()).isEqualTo(built.path("bytecode").asText());
    assertThat(CodeOwnerProbe.get().compilerVersion()).startsWith("0.8.37+");
  }

  @Test
  void call_data_is_the_creation_code_then_the_abi_encoded_address_array() {
    String data = CodeOwnerProbe.get().callData(List.of(A, B));
    String code = CodeOwnerProbe.get().creationCode();
    assertThat(data)
        .isEqualTo(
            code
                + word("20")
                + word("2")
                + word(A.substring(2))
                + word(B.substring(2).toLowerCase()));
  }

  @Test
  void one_call_carries_as_many_addresses_as_the_initcode_limit_allows() {
    CodeOwnerProbe probe = CodeOwnerProbe.get();
    int max = probe.maxAddressesPerCall();
    // 1,000 feeds' proxies and the other watched contracts fit one call
    assertThat(max).isGreaterThan(1100);
    List<String> addresses = Collections.nCopies(max, A);
    assertThat((probe.callData(addresses).length() - 2) / 2)
        .isLessThanOrEqualTo(CodeOwnerProbe.MAX_INITCODE_SIZE);
    assertThatThrownBy(() -> probe.callData(Collections.nCopies(max + 1, A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to " + max);
    assertThatThrownBy(() -> probe.callData(List.of("0x12")))
        .hasMessageContaining("not an address: 0x12");
  }

  @Test
  void decodes_code_hashes_and_owners_in_order_and_maps_no_code_to_empty() {
    String zero = "0x" + "0".repeat(64);
    String decoded =
        answer(
            List.of(
                new String[] {HASH, "1", OWNER},
                new String[] {HASH, "0", "0x0"},
                new String[] {zero, "0", "0x0"},
                new String[] {CodeOwnerProbe.EMPTY_CODE_HASH, "0", "0x0"},
                new String[] {HASH, "1", "0x0"}));
    assertThat(CodeOwnerProbe.decode(decoded, 5))
        .containsExactly(
            new Probed(Optional.of(HASH), Optional.of(OWNER)),
            new Probed(Optional.of(HASH), Optional.empty()),
            new Probed(Optional.empty(), Optional.empty()),
            new Probed(Optional.empty(), Optional.empty()),
            new Probed(Optional.of(HASH), Optional.of("0x" + "0".repeat(40))));
  }

  @Test
  void the_code_hash_of_no_code_is_keccak_of_nothing() {
    assertThat(Hash.sha3("0x")).isEqualTo(CodeOwnerProbe.EMPTY_CODE_HASH);
  }

  @Test
  void malformed_return_data_is_a_clear_error_naming_what_is_wrong() {
    String good = answer(List.<String[]>of(new String[] {HASH, "1", OWNER}));
    assertThatThrownBy(() -> CodeOwnerProbe.decode("0x", 1))
        .isInstanceOf(MalformedReturnException.class)
        .hasMessage("code probe: expected 160 bytes for 1 addresses, got 0 bytes");
    assertThatThrownBy(() -> CodeOwnerProbe.decode(good, 2))
        .hasMessage("code probe: expected 256 bytes for 2 addresses, got 160 bytes");
    assertThatThrownBy(() -> CodeOwnerProbe.decode(good.substring(0, good.length() - 2), 1))
        .hasMessageContaining("got 159 bytes");
    assertThatThrownBy(() -> CodeOwnerProbe.decode("0xzz" + good.substring(4), 1))
        .hasMessageContaining("got no hex");
    assertThatThrownBy(() -> CodeOwnerProbe.decode(good.replaceFirst(word("20"), word("40")), 1))
        .hasMessage("code probe: the array's offset is not 32");
    String twoEntries =
        answer(List.of(new String[] {HASH, "1", OWNER}, new String[] {HASH, "1", OWNER}));
    assertThatThrownBy(
            () ->
                CodeOwnerProbe.decode(
                    twoEntries.replace(word("20") + word("2"), word("20") + word("3")), 2))
        .hasMessage("code probe: the array's length is 0x3, expected 2");
    assertThatThrownBy(
            () ->
                CodeOwnerProbe.decode(
                    answer(List.<String[]>of(new String[] {HASH, "2", OWNER})), 1))
        .hasMessage("code probe: entry 0's hasOwner is not a bool");
    assertThatThrownBy(
            () ->
                CodeOwnerProbe.decode(
                    answer(
                        List.<String[]>of(new String[] {HASH, "1", "0x01" + OWNER.substring(2)})),
                    1))
        .hasMessage("code probe: entry 0's owner is not an address it has");
    assertThatThrownBy(
            () ->
                CodeOwnerProbe.decode(
                    answer(List.<String[]>of(new String[] {HASH, "0", OWNER})), 1))
        .hasMessage("code probe: entry 0's owner is not an address it has");
  }

  @Test
  void random_return_data_never_throws_anything_but_a_malformed_return() {
    long seed = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < 2000; i++) {
      int entries = random.nextInt(4);
      List<String[]> list = new ArrayList<>();
      for (int j = 0; j < entries; j++) {
        list.add(new String[] {HASH, Integer.toHexString(random.nextInt(3)), OWNER});
      }
      StringBuilder hex = new StringBuilder(answer(list));
      int flips = random.nextInt(3);
      for (int f = 0; f < flips && hex.length() > 2; f++) {
        int at = 2 + random.nextInt(hex.length() - 2);
        hex.setCharAt(at, "0123456789abcdefg".charAt(random.nextInt(17)));
      }
      if (random.nextInt(4) == 0) {
        hex.setLength(2 + random.nextInt(hex.length() - 1));
      }
      String input = hex.toString();
      int expected = random.nextInt(4);
      try {
        assertThat(CodeOwnerProbe.decode(input, expected)).hasSize(expected);
      } catch (MalformedReturnException e) {
        assertThat(e.getMessage()).as("seed %d, input %s", seed, input).startsWith("code probe: ");
      }
    }
  }
}
