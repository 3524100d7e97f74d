package io.hedgewatch.chain;

import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.domain.BlockRef;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Reads a chain through web3j over a {@link FailoverRpcService}. All calls of one {@link #readAt}
 * go in one Multicall3 {@code aggregate3} eth_call pinned to the block (chunked above {@link
 * #maxCallsPerMulticall}); where the configured Multicall3 address has no code, they go as JSON-RPC
 * batches of eth_calls matched by id.
 */
public final class Web3jChainReader implements ChainReader, LogReader {

  /**
   * 520 Chainlink feeds at five reads each in one eth_call: 1,000 feeds in two. Most calls are a
   * few thousand gas (anvil runs 2,600 of the devnet's in about 15M of its 30M cap; geth caps
   * eth_call at 50M by default); a chunk a node refuses for gas is halved until it fits ({@code
   * aggregate}), so a heavier deployment costs more calls, never a blind chain.
   */
  public static final int DEFAULT_MAX_CALLS_PER_MULTICALL = 2600;

  /** Many providers refuse batches above 100 requests. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 100;

  private final String chain;
  private final String multicall3;
  private final FailoverRpcService service;
  private final Web3j web3j;
  private final boolean useMulticall;
  private final int maxCallsPerMulticall;
  private final int maxBatchSize;

  private Web3jChainReader(
      String chain,
      String multicall3,
      FailoverRpcService service,
      Web3j web3j,
      boolean useMulticall,
      int maxCallsPerMulticall,
      int maxBatchSize) {
    this.chain = chain;
    this.multicall3 = multicall3;
    this.service = service;
    this.web3j = web3j;
    this.useMulticall = useMulticall;
    this.maxCallsPerMulticall = maxCallsPerMulticall;
    this.maxBatchSize = maxBatchSize;
  }

  /**
   * Connects to a configured chain: checks {@code eth_chainId} against the config and looks for
   * Multicall3 code.
   *
   * @throws ChainSetupException with a message for the user when no endpoint answers or the chain
   *     id differs
   */
  public static Web3jChainReader connect(ChainConfig config, RpcRetryPolicy policy)
      throws ChainSetupException {
    return connect(config, policy, DEFAULT_MAX_CALLS_PER_MULTICALL, DEFAULT_MAX_BATCH_SIZE);
  }

  public static Web3jChainReader connect(
      ChainConfig config, RpcRetryPolicy policy, int maxCallsPerMulticall, int maxBatchSize)
      throws ChainSetupException {
    FailoverRpcService service =
        new FailoverRpcService(config.id(), config.rpcUrls(), config.rpcTimeout(), policy);
    Web3j web3j = Web3j.build(service);
    try {
      BigInteger actual = checked(web3j.ethChainId().send(), "eth_chainId").getChainId();
      if (actual.longValueExact() != config.chainId()) {
        throw new ChainSetupException(
            "chain "
                + config.id()
                + ": the RPC endpoint reports chain id "
                + actual
                + " but the config says "
                + config.chainId()
                + " (wrong rpcUrls or chainId?)");
      }
      String code =
          checked(
                  web3j.ethGetCode(config.multicall3(), DefaultBlockParameterName.LATEST).send(),
                  "eth_getCode")
              .getCode();
      boolean hasMulticall = code != null && Numeric.cleanHexPrefix(code).length() > 0;
      return new Web3jChainReader(
          config.id(),
          config.multicall3(),
          service,
          web3j,
          hasMulticall,
          maxCallsPerMulticall,
          maxBatchSize);
    } catch (IOException | ArithmeticException e) {
      web3j.shutdown();
      throw new ChainSetupException(
          "chain " + config.id() + ": cannot reach any RPC endpoint: " + e.getMessage(), e);
    } catch (ChainSetupException e) {
      web3j.shutdown();
      throw e;
    }
  }

  private static <T extends Response<?>> T checked(T response, String method) throws IOException {
    if (response.hasError()) {
      throw new IOException(
          method
              + " failed: "
              + response.getError().getCode()
              + " "
              + response.getError().getMessage());
    }
    return response;
  }

  @Override
  public String chain() {
    return chain;
  }

  @Override
  public String mode() {
    return useMulticall ? "multicall3" : "json-rpc batch";
  }

  public RpcStats stats() {
    return service.stats();
  }

  @Override
  public long chainId() throws IOException {
    return checked(web3j.ethChainId().send(), "eth_chainId").getChainId().longValueExact();
  }

  @Override
  public long blockNumber() throws IOException {
    return checked(web3j.ethBlockNumber().send(), "eth_blockNumber")
        .getBlockNumber()
        .longValueExact();
  }

  @Override
  public String code(String address, long block) throws IOException {
    return checked(web3j.ethGetCode(address, at(block)).send(), "eth_getCode").getCode();
  }

  @Override
  public String storageAt(String address, String slot, long block) throws IOException {
    return checked(
            web3j.ethGetStorageAt(address, Numeric.toBigInt(slot), at(block)).send(),
            "eth_getStorageAt")
        .getData();
  }

  private static DefaultBlockParameter at(long block) {
    return DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
  }

  @Override
  public BlockReads readAt(long block, List<ContractCall> calls) throws IOException {
    return useMulticall ? readWithMulticall(block, calls) : readWithBatch(block, calls);
  }

  private BlockReads readWithMulticall(long block, List<ContractCall> calls) throws IOException {
    List<ContractCall> all = new ArrayList<>(calls.size() + 1);
    all.add(new ContractCall(multicall3, Multicall3Codec.encodeGetCurrentBlockTimestamp()));
    all.addAll(calls);
    List<CallOutcome> outcomes = new ArrayList<>(all.size());
    for (int from = 0; from < all.size(); from += maxCallsPerMulticall) {
      outcomes.addAll(
          aggregate(block, all.subList(from, Math.min(all.size(), from + maxCallsPerMulticall))));
    }
    Instant timestamp = null;
    if (outcomes.get(0) instanceof CallOutcome.Success s) {
      try {
        timestamp = Instant.ofEpochSecond(Multicall3Codec.decodeUint256(s.data()).longValueExact());
      } catch (MalformedReturnException | ArithmeticException e) {
        timestamp = null;
      }
    }
    if (timestamp == null) {
      timestamp = blockTimestamp(block);
    }
    return new BlockReads(new BlockRef(block, timestamp), outcomes.subList(1, outcomes.size()));
  }

  /**
   * One aggregate3 eth_call; if the whole call fails in execution (gas cap), halves the chunk
   * rather than losing it.
   */
  private List<CallOutcome> aggregate(long block, List<ContractCall> chunk) throws IOException {
    String data = Multicall3Codec.encodeAggregate3(chunk);
    EthCall reply =
        web3j
            .ethCall(Transaction.createEthCallTransaction(null, multicall3, data), at(block))
            .send();
    if (reply.hasError()) {
      if (chunk.size() > 1) {
        int half = chunk.size() / 2;
        List<CallOutcome> outcomes = new ArrayList<>(aggregate(block, chunk.subList(0, half)));
        outcomes.addAll(aggregate(block, chunk.subList(half, chunk.size())));
        return outcomes;
      }
      return List.of(new CallOutcome.Failed("aggregate3 failed: " + reply.getError().getMessage()));
    }
    long decoding = System.nanoTime();
    try {
      return Multicall3Codec.decodeAggregate3(reply.getValue(), chunk.size());
    } catch (MalformedReturnException e) {
      List<CallOutcome> failed = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        failed.add(new CallOutcome.Failed(e.getMessage()));
      }
      return failed;
    } finally {
      service.stats().recordDecode(System.nanoTime() - decoding);
    }
  }

  private BlockReads readWithBatch(long block, List<ContractCall> calls) throws IOException {
    List<CallOutcome> outcomes = new ArrayList<>(calls.size());
    Instant timestamp = null;
    for (int from = 0;
        from < calls.size() || (from == 0 && calls.isEmpty());
        from += maxBatchSize) {
      List<ContractCall> chunk = calls.subList(from, Math.min(calls.size(), from + maxBatchSize));
      BatchRequest batch = web3j.newBatch();
      if (from == 0) {
        batch.add(web3j.ethGetBlockByNumber(at(block), false));
      }
      for (ContractCall call : chunk) {
        batch.add(
            web3j.ethCall(
                Transaction.createEthCallTransaction(null, call.target(), call.callData()),
                at(block)));
      }
      BatchResponse response = batch.send();
      List<? extends Response<?>> replies = response.getResponses();
      int offset = 0;
      if (from == 0) {
        EthBlock blockReply = (EthBlock) replies.get(0);
        if (!blockReply.hasError() && blockReply.getBlock() != null) {
          timestamp = Instant.ofEpochSecond(blockReply.getBlock().getTimestamp().longValueExact());
        }
        offset = 1;
      }
      for (int i = 0; i < chunk.size(); i++) {
        outcomes.add(toOutcome((EthCall) replies.get(offset + i)));
      }
      if (calls.isEmpty()) {
        break;
      }
    }
    if (timestamp == null) {
      timestamp = blockTimestamp(block);
    }
    return new BlockReads(new BlockRef(block, timestamp), outcomes);
  }

  private static CallOutcome toOutcome(EthCall reply) {
    if (!reply.hasError()) {
      String value = reply.getValue();
      return new CallOutcome.Success(value == null ? "0x" : value);
    }
    Response.Error error = reply.getError();
    com.fasterxml.jackson.databind.node.ObjectNode node =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    node.put("code", error.getCode());
    node.put("message", error.getMessage() == null ? "" : error.getMessage());
    if (FailoverRpcService.isExecutionError(node)) {
      return new CallOutcome.Reverted(revertData(error.getData()));
    }
    return new CallOutcome.Failed("JSON-RPC error " + error.getCode() + ": " + error.getMessage());
  }

  /**
   * Revert data from a JSON-RPC error's {@code data} as web3j keeps it (the raw JSON text): a
   * quoted hex string (geth, anvil) or an object holding one under {@code data} (some providers).
   * {@code 0x} when there is none.
   */
  public static String revertData(String raw) {
    if (raw == null) {
      return "0x";
    }
    String text = raw.trim();
    if (text.startsWith("{")) {
      try {
        com.fasterxml.jackson.databind.JsonNode node =
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        return revertData(node.path("data").isTextual() ? node.path("data").asText() : null);
      } catch (IOException e) {
        return "0x";
      }
    }
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      text = text.substring(1, text.length() - 1);
    }
    return text.matches("0x([0-9a-fA-F]{2})*") ? text.toLowerCase(java.util.Locale.ROOT) : "0x";
  }

  @Override
  public Instant blockTime(long block) throws IOException {
    return blockTimestamp(block);
  }

  @Override
  public List<EventLog> logs(String address, List<String> topics, long fromBlock, long toBlock)
      throws IOException {
    EthFilter filter = new EthFilter(at(fromBlock), at(toBlock), address);
    for (String topic : topics) {
      filter.addOptionalTopics(topic);
    }
    EthLog reply = web3j.ethGetLogs(filter).send();
    if (reply.hasError()) {
      String message = reply.getError().getMessage();
      String what =
          "eth_getLogs of blocks "
              + fromBlock
              + ".."
              + toBlock
              + " on chain "
              + chain
              + ": "
              + reply.getError().getCode()
              + " "
              + message;
      if (LogRangeRefusedException.isRefusal(message)) {
        throw new LogRangeRefusedException(what);
      }
      throw new IOException(what);
    }
    List<EventLog> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : reply.getLogs()) {
      if (!(result.get() instanceof Log log)) {
        throw new IOException("eth_getLogs on chain " + chain + " returned a hash, not a log");
      }
      if (log.isRemoved()) {
        continue;
      }
      logs.add(
          new EventLog(
              log.getBlockNumber().longValueExact(),
              log.getLogIndex().longValueExact(),
              log.getTopics(),
              log.getData()));
    }
    return logs;
  }

  private Instant blockTimestamp(long block) throws IOException {
    EthBlock reply =
        checked(web3j.ethGetBlockByNumber(at(block), false).send(), "eth_getBlockByNumber");
    if (reply.getBlock() == null) {
      throw new IOException(
          "block " + block + " of chain " + chain + " is not known to the RPC endpoint");
    }
    return Instant.ofEpochSecond(reply.getBlock().getTimestamp().longValueExact());
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
