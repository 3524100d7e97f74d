package io.hedgewatch.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Deploys and calls contracts on an {@link Anvil} from its unlocked dev accounts ({@code
 * eth_sendTransaction}: no private key is ever handled here), waiting for each receipt and failing
 * loudly on any revert.
 */
public final class DevnetTransactor {

  public static final Duration DEFAULT_RECEIPT_TIMEOUT = Duration.ofSeconds(30);
  private static final long RECEIPT_POLL_MILLIS = 20;
  private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(30);
  private static final BigInteger GAS_MARGIN_FLAT = BigInteger.valueOf(25_000);

  private final Anvil anvil;
  private final Web3j web3j;
  private final List<String> accounts;

  public DevnetTransactor(Anvil anvil) {
    this.anvil = Objects.requireNonNull(anvil, "anvil");
    this.web3j = anvil.web3j();
    this.accounts = anvil.accounts();
    if (accounts.size() < 2) {
      throw new DevnetException(
          "the devnet needs at least 2 unlocked accounts, anvil has " + accounts.size());
    }
  }

  /** The outcome of an {@code eth_call}: return data, or revert data when {@code reverted}. */
  public record CallResult(String data, boolean reverted, String message) {}

  public Anvil anvil() {
    return anvil;
  }

  /** Anvil's unlocked accounts, lower-case 0x hex. */
  public List<String> accounts() {
    return accounts;
  }

  public String account(int index) {
    if (index < 0 || index >= accounts.size()) {
      throw new IllegalArgumentException(
          "account index must be in [0, " + accounts.size() + "), was " + index);
    }
    return accounts.get(index);
  }

  /**
   * Deploys the compiled contract {@code contractName} with the given constructor arguments.
   *
   * @return the new contract's address, lower-case 0x hex
   */
  public String deploy(String from, String contractName, Type<?>... constructorArgs) {
    ContractArtifacts.Artifact artifact = ContractArtifacts.load(contractName);
    String init =
        artifact.bytecode() + FunctionEncoder.encodeConstructor(Arrays.asList(constructorArgs));
    String what = "deploy " + contractName;
    BigInteger gas =
        estimateGas(
            Transaction.createContractTransaction(from, null, null, null, BigInteger.ZERO, init),
            what);
    Transaction tx =
        Transaction.createContractTransaction(from, null, null, gas, BigInteger.ZERO, init);
    TransactionReceipt receipt = sendAndWait(tx, what);
    String address = receipt.getContractAddress();
    if (address == null) {
      throw new DevnetException(
          "deploy "
              + contractName
              + ": receipt "
              + receipt.getTransactionHash()
              + " has no contract address");
    }
    return address.toLowerCase(Locale.ROOT);
  }

  /** Sends {@code function} to {@code to} from {@code from} and waits for a successful receipt. */
  public TransactionReceipt send(String from, String to, Function function) {
    String data = FunctionEncoder.encode(function);
    String what = function.getName() + " on " + to;
    BigInteger gas =
        estimateGas(
            Transaction.createFunctionCallTransaction(from, null, null, null, to, data), what);
    return sendAndWait(
        Transaction.createFunctionCallTransaction(from, null, null, gas, to, data), what);
  }

  /** {@code eth_call} at latest, decoded with the function's output types; a revert is an error. */
  @SuppressWarnings("rawtypes")
  public List<Type> call(String to, Function function) {
    CallResult result = callRaw(to, FunctionEncoder.encode(function));
    if (result.reverted()) {
      throw new DevnetException(
          function.getName()
              + " on "
              + to
              + " reverted: "
              + result.message()
              + " (data "
              + result.data()
              + ")");
    }
    return FunctionReturnDecoder.decode(result.data(), function.getOutputParameters());
  }

  /**
   * {@code eth_call} at latest with raw calldata; reverts come back as values with their revert
   * data.
   */
  public CallResult callRaw(String to, String data) {
    try {
      EthCall response =
          web3j
              .ethCall(
                  Transaction.createEthCallTransaction(null, to, data),
                  DefaultBlockParameterName.LATEST)
              .send();
      if (response.hasError()) {
        Response.Error error = response.getError();
        return new CallResult(revertData(error.getData()), true, error.getMessage());
      }
      return new CallResult(response.getValue(), false, "");
    } catch (IOException e) {
      throw new DevnetException(
          "eth_call to " + to + " failed on " + anvil.rpcUrl() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The node's estimate plus a margin: the estimate is taken on the latest block, but the
   * transaction runs in the next one, whose timestamp (moved by evm_increaseTime, say) can make a
   * storage write cost more. A transaction that would revert fails here, with its reason, before
   * anything is sent.
   */
  private BigInteger estimateGas(Transaction tx, String what) {
    try {
      var estimate = web3j.ethEstimateGas(tx).send();
      if (estimate.hasError()) {
        throw new DevnetException(
            what
                + " would revert: "
                + estimate.getError().getMessage()
                + (estimate.getError().getData() == null
                    ? ""
                    : " (data " + estimate.getError().getData() + ")"));
      }
      BigInteger gas = estimate.getAmountUsed();
      return gas.add(gas.multiply(GAS_MARGIN_PERCENT).divide(BigInteger.valueOf(100)))
          .add(GAS_MARGIN_FLAT);
    } catch (IOException e) {
      throw new DevnetException(
          what + ": eth_estimateGas failed on " + anvil.rpcUrl() + ": " + e.getMessage(), e);
    }
  }

  private TransactionReceipt sendAndWait(Transaction tx, String what) {
    try {
      EthSendTransaction sent = web3j.ethSendTransaction(tx).send();
      if (sent.hasError()) {
        throw new DevnetException(
            what
                + " failed: "
                + sent.getError().getMessage()
                + (sent.getError().getData() == null
                    ? ""
                    : " (data " + sent.getError().getData() + ")"));
      }
      TransactionReceipt receipt = awaitReceipt(sent.getTransactionHash(), what);
      if (!receipt.isStatusOK()) {
        throw new DevnetException(
            what
                + " reverted in transaction "
                + receipt.getTransactionHash()
                + ": "
                + replayRevert(tx, receipt));
      }
      return receipt;
    } catch (IOException e) {
      throw new DevnetException(what + " failed on " + anvil.rpcUrl() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Receipts carry no revert reason: replays the transaction as a call on the state it was mined
   * on.
   */
  private String replayRevert(Transaction tx, TransactionReceipt receipt) {
    try {
      DefaultBlockParameter parent =
          DefaultBlockParameter.valueOf(
              receipt.getBlockNumber().subtract(BigInteger.ONE).max(BigInteger.ZERO));
      Transaction call =
          Transaction.createEthCallTransaction(tx.getFrom(), tx.getTo(), tx.getData());
      EthCall replay = web3j.ethCall(call, parent).send();
      if (replay.hasError()) {
        return replay.getError().getMessage()
            + (replay.getError().getData() == null
                ? ""
                : " (data " + replay.getError().getData() + ")");
      }
      return "no revert reason (the replay as a call succeeded)";
    } catch (IOException | RuntimeException e) {
      return "no revert reason (" + e.getMessage() + ")";
    }
  }

  private TransactionReceipt awaitReceipt(String hash, String what) throws IOException {
    long deadline = System.nanoTime() + DEFAULT_RECEIPT_TIMEOUT.toNanos();
    while (true) {
      var response = web3j.ethGetTransactionReceipt(hash).send();
      if (response.hasError()) {
        throw new DevnetException(
            what
                + ": eth_getTransactionReceipt "
                + hash
                + " failed: "
                + response.getError().getMessage());
      }
      Optional<TransactionReceipt> receipt = response.getTransactionReceipt();
      if (receipt.isPresent()) {
        return receipt.get();
      }
      if (System.nanoTime() > deadline) {
        throw new DevnetException(
            what
                + ": no receipt for "
                + hash
                + " within "
                + DEFAULT_RECEIPT_TIMEOUT
                + " (is mining disabled? call Anvil.mine())");
      }
      try {
        Thread.sleep(RECEIPT_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DevnetException(what + ": interrupted while waiting for " + hash, e);
      }
    }
  }

  /** JSON-RPC error data is the revert data as a hex string; some nodes quote it or omit it. */
  private static String revertData(String data) {
    if (data == null || data.isBlank() || "null".equals(data)) {
      return "0x";
    }
    String d = data.strip();
    if (d.length() >= 2 && d.startsWith("\"") && d.endsWith("\"")) {
      d = d.substring(1, d.length() - 1);
    }
    return d.startsWith("0x") ? d.toLowerCase(Locale.ROOT) : "0x";
  }
}
