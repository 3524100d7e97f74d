package io.hedgewatch.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled devnet contracts. {@code contracts/build.mjs} compiles {@code contracts/src/*.sol}
 * with the pinned solcjs during {@code generate-resources} and writes {@code contracts/NAME.json}
 * into the build output, so the artifacts travel on the classpath (and in the jar) next to the code
 * that deploys them.
 */
public final class ContractArtifacts {

  /** Classpath folder of the artifacts. */
  public static final String RESOURCE_DIR = "contracts/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Artifact> CACHE = new ConcurrentHashMap<>();

  private ContractArtifacts() {}

  /**
   * One compiled contract.
   *
   * @param contractName the Solidity contract name, e.g. {@code ChainlinkAggregator}
   * @param abi the ABI as solc emits it (a JSON array)
   * @param bytecode creation code, 0x hex, without constructor arguments
   * @param deployedBytecode runtime code, 0x hex
   */
  public record Artifact(
      String contractName, JsonNode abi, String bytecode, String deployedBytecode) {

    public Artifact {
      Objects.requireNonNull(contractName, "contractName");
      Objects.requireNonNull(abi, "abi");
      Objects.requireNonNull(bytecode, "bytecode");
      Objects.requireNonNull(deployedBytecode, "deployedBytecode");
    }

    /** The ABI entry of the function {@code name}, if the contract has exactly that function. */
    public Optional<JsonNode> function(String name) {
      for (JsonNode entry : abi) {
        if ("function".equals(entry.path("type").asText())
            && name.equals(entry.path("name").asText())) {
          return Optional.of(entry);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Loads {@code contracts/NAME.json} from the classpath.
   *
   * @throws DevnetException when the artifact is missing or unreadable
   */
  public static Artifact load(String contractName) {
    Objects.requireNonNull(contractName, "contractName");
    return CACHE.computeIfAbsent(contractName, ContractArtifacts::read);
  }

  private static Artifact read(String contractName) {
    String resource = RESOURCE_DIR + contractName + ".json";
    ClassLoader loader = ContractArtifacts.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new DevnetException(
            "contract artifact '"
                + resource
                + "' is not on the classpath: run the Maven build "
                + "(mvn generate-resources or later): contract artifacts are compiled by solcjs during generate-resources");
      }
      JsonNode node = JSON.readTree(in);
      String bytecode = node.path("bytecode").asText("");
      if (!node.path("abi").isArray() || !bytecode.startsWith("0x") || bytecode.length() <= 2) {
        throw new DevnetException(
            "contract artifact '"
                + resource
                + "' has no abi or no bytecode: rebuild it with "
                + "mvn generate-resources");
      }
      return new Artifact(
          node.path("contractName").asText(contractName),
          node.get("abi"),
          bytecode,
          node.path("deployedBytecode").asText("0x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read contract artifact " + resource, e);
    }
  }
}
