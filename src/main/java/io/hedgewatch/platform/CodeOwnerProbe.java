package io.hedgewatch.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.chain.MalformedReturnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The code hash and {@code owner()} of many contracts in one {@code eth_call}: the creation code of
 * {@code contracts/src/CodeOwnerProbe.sol} with the address list as its constructor argument, sent
 * without {@code to} (a "deployless" call: nothing is deployed, the constructor returns the
 * answer).
 *
 * <p>The creation code is the compiled artifact committed under {@code
 * src/main/resources/platform/CodeOwnerProbe.json} with the solc version that built it, since a
 * running hedgewatch cannot compile; {@code CodeOwnerProbeTest} keeps it equal to what the pinned
 * solcjs makes of the source.
 */
public final class CodeOwnerProbe {

  /** EIP-3860: a node refuses creation code (bytecode plus arguments) above 49,152 bytes. */
  public static final int MAX_INITCODE_SIZE = 49_152;

  /** keccak256(""): EXTCODEHASH of an account that exists without code. */
  public static final String EMPTY_CODE_HASH =
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";

  /** Revert data of {@code ProbeGasLow()}: gas ran low before every address was answered. */
  public static final String GAS_LOW = Hash.sha3String("ProbeGasLow()").substring(0, 10);

  static final String RESOURCE = "/platform/CodeOwnerProbe.json";

  private static final String ZERO_WORD = "0".repeat(64);

  /** One address's answer, in {@link io.hedgewatch.domain.ContractState}'s terms. */
  public record Probed(Optional<String> codeHash, Optional<String> owner) {
    public Probed {
      Objects.requireNonNull(codeHash, "codeHash");
      Objects.requireNonNull(owner, "owner");
    }
  }

  private final String creationCode;
  private final String compilerVersion;

  private CodeOwnerProbe(String creationCode, String compilerVersion) {
    this.creationCode = creationCode;
    this.compilerVersion = compilerVersion;
  }

  private static final class Holder {
    static final CodeOwnerProbe INSTANCE = load();
  }

  /** The committed artifact, read once. */
  public static CodeOwnerProbe get() {
    return Holder.INSTANCE;
  }

  private static CodeOwnerProbe load() {
    try (InputStream in = CodeOwnerProbe.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + RESOURCE);
      }
      JsonNode artifact = new ObjectMapper().readTree(in);
      String bytecode = artifact.path("bytecode").asText("");
      if (!bytecode.matches("0x([0-9a-f]{2})+")) {
        throw new IllegalStateException(RESOURCE + " holds no bytecode");
      }
      return new CodeOwnerProbe(bytecode, artifact.path("compiler").path("version").asText("?"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** 0x hex of the creation code, without arguments. */
  public String creationCode() {
    return creationCode;
  }

  public String compilerVersion() {
    return compilerVersion;
  }

  /**
   * The most addresses one call can carry: the creation code, the array's offset and length words,
   * then 32 bytes an address, within {@link #MAX_INITCODE_SIZE}.
   */
  public int maxAddressesPerCall() {
    return (MAX_INITCODE_SIZE - (creationCode.length() - 2) / 2 - 64) / 32;
  }

  /** The {@code data} of the deployless eth_call for {@code addresses} (0x and 40 hex digits). */
  public String callData(List<String> addresses) {
    if (addresses.isEmpty() || addresses.size() > maxAddressesPerCall()) {
      throw new IllegalArgumentException(
          "a probe takes 1 to " + maxAddressesPerCall() + " addresses, was " + addresses.size());
    }
    StringBuilder data = new StringBuilder(creationCode.length() + 128 + 64 * addresses.size());
    data.append(creationCode).append(word(32)).append(word(addresses.size()));
    for (String address : addresses) {
      if (!address.matches("0[xX][0-9a-fA-F]{40}")) {
        throw new IllegalArgumentException("not an address: " + address);
      }
      data.append("0".repeat(24)).append(address.substring(2).toLowerCase(Locale.ROOT));
    }
    return data.toString();
  }

  /**
   * The answer for {@code expected} addresses, in their order, from the probe's revert data.
   *
   * @throws MalformedReturnException when the data is not the probe's encoding of that many entries
   */
  public static List<Probed> decode(String returnData, int expected) {
    String hex = Numeric.cleanHexPrefix(returnData == null ? "" : returnData);
    long wanted = 128 + 192L * expected;
    if (hex.length() != wanted || !hex.matches("[0-9a-fA-F]*")) {
      throw new MalformedReturnException(
          "code probe: expected "
              + wanted / 2
              + " bytes for "
              + expected
              + " addresses, got "
              + (hex.matches("[0-9a-fA-F]*") ? hex.length() / 2 + " bytes" : "no hex"));
    }
    hex = hex.toLowerCase(Locale.ROOT);
    if (!hex.substring(0, 64).equals(word(32))) {
      throw new MalformedReturnException("code probe: the array's offset is not 32");
    }
    if (!hex.substring(64, 128).equals(word(expected))) {
      throw new MalformedReturnException(
          "code probe: the array's length is 0x"
              + hex.substring(64, 128).replaceFirst("^0+(?=.)", "")
              + ", expected "
              + expected);
    }
    List<Probed> out = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      int at = 128 + 192 * i;
      String hash = hex.substring(at, at + 64);
      String has = hex.substring(at + 64, at + 128);
      String owner = hex.substring(at + 128, at + 192);
      if (!has.equals(word(0)) && !has.equals(word(1))) {
        throw new MalformedReturnException("code probe: entry " + i + "'s hasOwner is not a bool");
      }
      if (!owner.startsWith("0".repeat(24)) || (has.equals(word(0)) && !owner.equals(ZERO_WORD))) {
        throw new MalformedReturnException(
            "code probe: entry " + i + "'s owner is not an address it has");
      }
      boolean noCode = hash.equals(ZERO_WORD) || ("0x" + hash).equals(EMPTY_CODE_HASH);
      out.add(
          new Probed(
              noCode ? Optional.empty() : Optional.of("0x" + hash),
              has.equals(word(1)) ? Optional.of("0x" + owner.substring(24)) : Optional.empty()));
    }
    return List.copyOf(out);
  }

  private static String word(long value) {
    String digits = Long.toHexString(value);
    return "0".repeat(64 - digits.length()) + digits;
  }
}
