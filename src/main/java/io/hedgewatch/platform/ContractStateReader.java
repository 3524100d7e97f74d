package io.hedgewatch.platform;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.chain.FailoverRpcService;
import io.hedgewatch.chain.MalformedReturnException;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetCode;
import org.web3j.protocol.core.methods.response.EthGetStorageAt;
import org.web3j.utils.Numeric;

/**
 * Reads the control surface of every watched contract of one chain at one block into {@link
 * ContractState}s: implementation, beacon and admin (EIP-1967 slots) or the implementation in
 * Synthetix's proxy slot, {@code owner()}, and the keccak-256 of the runtime code.
 *
 * <h2>Traffic</h2>
 *
 * Storage slots cannot be read through an eth_call (no opcode reads another contract's storage), so
 * every slot of a cycle goes into one JSON-RPC batch pinned to the block ({@code
 * eth_getStorageAt}), with one {@code eth_getBlockByNumber} for the block's time. Code hashes and
 * owners ride in the same batch as {@link CodeOwnerProbe}'s deployless eth_call ({@link
 * #probingCode}, as the monitor runs it): EXTCODEHASH and {@code owner()} of every contract in one
 * call (more only above about 1,500 contracts, or when a node's gas cap halves it), 32 bytes of
 * hash per contract where {@code eth_getCode} downloaded the whole code to hash it here.
 * EXTCODEHASH is keccak-256 of the runtime code, so baselines stored from either way compare equal.
 * Where the chain's node refuses the probe ({@link CodeProbeSupport}), and for a reader made
 * without it, each contract's code comes by {@code eth_getCode} and its {@code owner()} as an
 * eth_call in the batch, or in one Multicall3 call ({@link #callingThrough}). Batches are cut at
 * {@link #DEFAULT_MAX_BATCH_SIZE} calls (about 30 EIP-1967 contracts per HTTP request). A second
 * batch follows only when some contract has a beacon: a beacon proxy's implementation lives in the
 * beacon ({@code implementation()}), and a beacon upgrade does not touch the proxy's storage, so
 * this reader reports the beacon's answer as the contract's implementation.
 *
 * <p>Replies are paired with requests by JSON-RPC id, whatever order they come back in; over a
 * {@link FailoverRpcService} (which itself pairs by id) the batch fails over as a whole.
 *
 * <h2>Failures</h2>
 *
 * A contract whose slot, code or owner could not be read gets a {@link Read.Failed} ({@link
 * ReadFailure.Unavailable}), never a partial state: a missing slot read as "empty" would look like
 * an upgrade; so does a probe answer that does not decode. {@code owner()} that reverts, returns
 * nothing ({@code 0x}: no such function, or no code) or returns a word that is not an address is an
 * absent owner, not a failure, whichever way it was read.
 */
public final class ContractStateReader implements AutoCloseable {

  private static final Pattern OUT_OF_GAS =
      Pattern.compile("out ?of ?gas|gas required exceeds", Pattern.CASE_INSENSITIVE);

  /** keccak256("eip1967.proxy.implementation") - 1. */
  public static final String IMPLEMENTATION_SLOT =
      "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

  /** keccak256("eip1967.proxy.admin") - 1. */
  public static final String ADMIN_SLOT =
      "0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103";

  /** keccak256("eip1967.proxy.beacon") - 1. */
  public static final String BEACON_SLOT =
      "0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50";

  /** keccak256(abi.encode("io.synthetix.core-contracts.Proxy")). */
  public static final String SYNTHETIX_PROXY_SLOT =
      "0x5a648c35a2f5512218b4683cf10e03f5b7c9dc7346e1bf77d304ae97f60f592b";

  /** {@code owner()}. */
  public static final String OWNER_SELECTOR = "0x8da5cb5b";

  /** {@code implementation()}, as an OpenZeppelin beacon answers it. */
  public static final String BEACON_IMPLEMENTATION_SELECTOR = "0x5c60da1b";

  /** Many providers refuse batches above 100 requests. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 100;

  private final String chain;
  private final Web3j web3j;
  private final int maxBatchSize;
  private final boolean ownsWeb3j;

  /**
   * Where {@code owner()} goes when set: a chain reader's {@link ChainReader#readAt}, so that every
   * contract's owner is one Multicall3 eth_call rather than one eth_call each.
   */
  private final ChainReader calls;

  /**
   * Set when code hashes and owners come from {@link CodeOwnerProbe} (one deployless eth_call)
   * until the chain's node refuses it; null for {@code eth_getCode} and {@code owner()} as above.
   */
  private final CodeProbeSupport probeSupport;

  private final int maxAddressesPerProbe;

  /**
   * A reader over {@code web3j}, which the caller keeps owning. Pass a Web3j built on the chain's
   * {@link FailoverRpcService} for failover and id-matched batches.
   */
  public ContractStateReader(String chain, Web3j web3j) {
    this(chain, web3j, DEFAULT_MAX_BATCH_SIZE, false);
  }

  public ContractStateReader(String chain, Web3j web3j, int maxBatchSize) {
    this(chain, web3j, maxBatchSize, false);
  }

  private ContractStateReader(String chain, Web3j web3j, int maxBatchSize, boolean ownsWeb3j) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.web3j = Objects.requireNonNull(web3j, "web3j");
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
    }
    this.maxBatchSize = maxBatchSize;
    this.ownsWeb3j = ownsWeb3j;
    this.calls = null;
    this.probeSupport = null;
    this.maxAddressesPerProbe = 0;
  }

  private ContractStateReader(
      ContractStateReader reader,
      ChainReader calls,
      CodeProbeSupport probeSupport,
      int maxAddressesPerProbe) {
    this.chain = reader.chain;
    this.web3j = reader.web3j;
    this.maxBatchSize = reader.maxBatchSize;
    this.ownsWeb3j = reader.ownsWeb3j;
    this.calls = calls;
    this.probeSupport = probeSupport;
    this.maxAddressesPerProbe = maxAddressesPerProbe;
  }

  /**
   * This reader asking {@code owner()} of every contract through {@code calls} (one Multicall3
   * eth_call where the chain has it) rather than as one eth_call each in the batch; it shares this
   * reader's transport, which closing either closes when this reader owns it.
   */
  public ContractStateReader callingThrough(ChainReader calls) {
    return new ContractStateReader(
        this, Objects.requireNonNull(calls, "calls"), probeSupport, maxAddressesPerProbe);
  }

  /**
   * This reader taking code hashes and owners from {@link CodeOwnerProbe}, one eth_call for up to
   * {@link CodeOwnerProbe#maxAddressesPerCall()} contracts, while {@code support} has not seen the
   * chain's node refuse it; after a refusal it reads as before ({@code eth_getCode}, and {@code
   * owner()} as {@link #callingThrough} or the batch says).
   */
  public ContractStateReader probingCode(CodeProbeSupport support) {
    return probingCode(support, CodeOwnerProbe.get().maxAddressesPerCall());
  }

  /**
   * As {@link #probingCode(CodeProbeSupport)}, with at most {@code maxAddressesPerProbe} a call.
   */
  public ContractStateReader probingCode(CodeProbeSupport support, int maxAddressesPerProbe) {
    if (maxAddressesPerProbe < 1
        || maxAddressesPerProbe > CodeOwnerProbe.get().maxAddressesPerCall()) {
      throw new IllegalArgumentException(
          "maxAddressesPerProbe must be 1 to "
              + CodeOwnerProbe.get().maxAddressesPerCall()
              + ", was "
              + maxAddressesPerProbe);
    }
    return new ContractStateReader(
        this, calls, Objects.requireNonNull(support, "support"), maxAddressesPerProbe);
  }

  /**
   * A reader with its own failover transport over the chain's {@code rpcUrls}; closing the reader
   * closes it.
   */
  public static ContractStateReader connect(ChainConfig config, RpcRetryPolicy policy) {
    FailoverRpcService service =
        new FailoverRpcService(config.id(), config.rpcUrls(), config.rpcTimeout(), policy);
    return new ContractStateReader(config.id(), Web3j.build(service), DEFAULT_MAX_BATCH_SIZE, true);
  }

  public String chain() {
    return chain;
  }

  /** One contract's outcome. */
  public record ContractRead(WatchedContract watch, Read<ContractState> state) {
    public ContractRead {
      Objects.requireNonNull(watch, "watch");
      Objects.requireNonNull(state, "state");
    }
  }

  /** The requests of one contract; null where its kind reads nothing. */
  private static final class Pending {
    final WatchedContract watch;
    Request<?, EthGetStorageAt> implementation;
    Request<?, EthGetStorageAt> beacon;
    Request<?, EthGetStorageAt> admin;
    Request<?, EthGetCode> code;
    Request<?, EthCall> owner;
    Request<?, EthCall> beaconImplementation;

    Pending(WatchedContract watch) {
      this.watch = watch;
    }
  }

  /** One deployless eth_call of {@link CodeOwnerProbe} and the contracts it asks about. */
  private record ProbeCall(Request<?, EthCall> request, List<Pending> members) {}

  /** Thrown inside decoding when one reply of a contract is unusable. */
  private static final class Unusable extends Exception {
    Unusable(String message) {
      super(message);
    }
  }

  /**
   * Every contract's state at {@code block}, in the order given. Never throws for a remote failure:
   * a transport failure makes every contract's read {@link Read.Failed}.
   */
  public List<ContractRead> readAt(long block, List<WatchedContract> contracts) {
    if (contracts.isEmpty()) {
      return List.of();
    }
    DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
    boolean probing = probeSupport != null && !probeSupport.refused();
    List<Request<?, ?>> requests = new ArrayList<>();
    Request<?, EthBlock> blockRequest = web3j.ethGetBlockByNumber(at, false);
    requests.add(blockRequest);
    List<Pending> pending = new ArrayList<>();
    for (WatchedContract w : contracts) {
      Pending p = new Pending(w);
      switch (w.proxy()) {
        case EIP1967 -> {
          p.implementation = add(requests, storage(w.address(), IMPLEMENTATION_SLOT, at));
          p.beacon = add(requests, storage(w.address(), BEACON_SLOT, at));
          p.admin = add(requests, storage(w.address(), ADMIN_SLOT, at));
        }
        case SYNTHETIX ->
            p.implementation = add(requests, storage(w.address(), SYNTHETIX_PROXY_SLOT, at));
        case NONE -> {}
      }
      if (!probing) {
        addCodeAndOwner(requests, p, at);
      }
      pending.add(p);
    }
    List<ProbeCall> probes = new ArrayList<>();
    if (probing) {
      for (int from = 0; from < pending.size(); from += maxAddressesPerProbe) {
        probes.add(
            probe(
                pending.subList(from, Math.min(pending.size(), from + maxAddressesPerProbe)), at));
      }
      // Right after the block's request, in the first HTTP batch: a probe alone in a batch that a
      // node refuses would fail the whole batch at the transport, not come back as an answer.
      requests.addAll(1, probes.stream().map(ProbeCall::request).toList());
    }

    Map<Long, Response<?>> replies;
    try {
      replies = send(requests);
    } catch (IOException | RuntimeException e) {
      // RuntimeException too: web3j's own HttpService casts a batch reply to an array and throws
      // ClassCastException when a provider answers the batch with one error object.
      return allFailed(contracts, "chain " + chain + ": " + describe(e));
    }
    Instant time;
    try {
      time = blockTime(reply(replies, blockRequest, "eth_getBlockByNumber"), block);
    } catch (Unusable e) {
      return allFailed(contracts, e.getMessage());
    }

    Map<Pending, CodeOwnerProbe.Probed> surfaces = new HashMap<>();
    Map<Pending, ContractState> states = new HashMap<>();
    Map<Pending, String> failures = new HashMap<>();
    if (probing) {
      String refusal = null;
      for (ProbeCall probe : probes) {
        refusal = answer(probe, replies.get(probe.request().getId()), at, surfaces, failures);
        if (refusal != null) {
          break;
        }
      }
      if (refusal != null) {
        probeSupport.refuse(chain, refusal);
        surfaces.clear();
        failures.clear();
        List<Request<?, ?>> codeRequests = new ArrayList<>();
        pending.forEach(p -> addCodeAndOwner(codeRequests, p, at));
        try {
          replies.putAll(send(codeRequests));
        } catch (IOException | RuntimeException e) {
          return allFailed(contracts, "chain " + chain + ": eth_getCode: " + describe(e));
        }
        probing = false;
      }
    }
    if (!probing) {
      List<CallOutcome> owners = null;
      if (calls != null) {
        try {
          owners =
              calls
                  .readAt(
                      block,
                      contracts.stream()
                          .map(w -> new ContractCall(w.address(), OWNER_SELECTOR))
                          .toList())
                  .outcomes();
        } catch (IOException | RuntimeException e) {
          return allFailed(contracts, "chain " + chain + ": owner(): " + describe(e));
        }
      }
      for (int i = 0; i < pending.size(); i++) {
        Pending p = pending.get(i);
        try {
          Optional<String> owner =
              owners == null
                  ? callAddress(reply(replies, p.owner, "owner()"))
                  : outcomeAddress(owners.get(i));
          surfaces.put(p, new CodeOwnerProbe.Probed(codeHash(replies, p), owner));
        } catch (Unusable e) {
          failures.put(p, e.getMessage());
        }
      }
    }
    for (Pending p : pending) {
      CodeOwnerProbe.Probed surface = surfaces.get(p);
      if (surface == null) {
        continue;
      }
      try {
        states.put(p, decode(p, replies, block, time, surface));
      } catch (Unusable e) {
        failures.put(p, e.getMessage());
      }
    }
    resolveBeacons(pending, states, failures, at);

    List<ContractRead> out = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      ContractState state = states.get(p);
      out.add(
          new ContractRead(
              p.watch,
              state != null
                  ? Read.ok(state)
                  : Read.failed(
                      new ReadFailure.Unavailable(
                          p.watch.subject() + " " + p.watch.address() + ": " + failures.get(p)))));
    }
    return List.copyOf(out);
  }

  /** Second phase: a beacon proxy's implementation, from its beacon, in one more batch. */
  private void resolveBeacons(
      List<Pending> pending,
      Map<Pending, ContractState> states,
      Map<Pending, String> failures,
      DefaultBlockParameter at) {
    List<Request<?, ?>> requests = new ArrayList<>();
    for (Pending p : pending) {
      ContractState s = states.get(p);
      if (s != null && s.beacon().isPresent()) {
        p.beaconImplementation =
            add(requests, call(s.beacon().get(), BEACON_IMPLEMENTATION_SELECTOR, at));
      }
    }
    if (requests.isEmpty()) {
      return;
    }
    Map<Long, Response<?>> replies;
    try {
      replies = send(requests);
    } catch (IOException | RuntimeException e) {
      for (Pending p : pending) {
        if (p.beaconImplementation != null) {
          states.remove(p);
          failures.put(p, "beacon implementation(): " + describe(e));
        }
      }
      return;
    }
    for (Pending p : pending) {
      if (p.beaconImplementation == null) {
        continue;
      }
      ContractState s = states.get(p);
      try {
        Optional<String> implementation =
            callAddress(reply(replies, p.beaconImplementation, "beacon implementation()"));
        states.put(
            p,
            new ContractState(
                s.subject(),
                s.chain(),
                s.address(),
                s.block(),
                s.at(),
                implementation.filter(a -> !isZero(a)),
                s.beacon(),
                s.admin(),
                s.owner(),
                s.codeHash()));
      } catch (Unusable e) {
        states.remove(p);
        failures.put(p, e.getMessage());
      }
    }
  }

  private ContractState decode(
      Pending p,
      Map<Long, Response<?>> replies,
      long block,
      Instant time,
      CodeOwnerProbe.Probed surface)
      throws Unusable {
    WatchedContract w = p.watch;
    Optional<String> implementation =
        p.implementation == null
            ? Optional.empty()
            : slotAddress(reply(replies, p.implementation, "implementation slot"));
    Optional<String> beacon =
        p.beacon == null ? Optional.empty() : slotAddress(reply(replies, p.beacon, "beacon slot"));
    Optional<String> admin =
        p.admin == null ? Optional.empty() : slotAddress(reply(replies, p.admin, "admin slot"));
    return new ContractState(
        w.subject(),
        chain,
        w.address(),
        block,
        time,
        implementation,
        beacon,
        admin,
        surface.owner(),
        surface.codeHash());
  }

  /**
   * keccak-256 of the code {@code eth_getCode} returned, which is what EXTCODEHASH gives; empty for
   * no code, as {@link CodeOwnerProbe} maps EXTCODEHASH's 0 and keccak256("").
   */
  private static Optional<String> codeHash(Map<Long, Response<?>> replies, Pending p)
      throws Unusable {
    EthGetCode code = reply(replies, p.code, "eth_getCode");
    String hex = code.getCode() == null ? "0x" : code.getCode();
    return Numeric.cleanHexPrefix(hex).isEmpty() ? Optional.empty() : Optional.of(Hash.sha3(hex));
  }

  private void addCodeAndOwner(List<Request<?, ?>> requests, Pending p, DefaultBlockParameter at) {
    p.code = add(requests, web3j.ethGetCode(p.watch.address(), at));
    if (calls == null) {
      p.owner = add(requests, call(p.watch.address(), OWNER_SELECTOR, at));
    }
  }

  private ProbeCall probe(List<Pending> members, DefaultBlockParameter at) {
    String data =
        CodeOwnerProbe.get().callData(members.stream().map(p -> p.watch.address()).toList());
    return new ProbeCall(
        web3j.ethCall(Transaction.createEthCallTransaction(null, null, data), at), members);
  }

  /**
   * Takes one probe's reply into {@code surfaces}, or its members' failures. The probe always
   * reverts: with the answer, or with {@link CodeOwnerProbe#GAS_LOW} (or the node's out of gas at
   * its cap), which halves the list and asks again; a single contract that still runs out is that
   * contract's failure.
   *
   * @return why the node did not run the probe (an error that is no execution error, a call that
   *     returned, a revert without data: a node that drops revert data), so the chain falls back to
   *     {@code eth_getCode}; null otherwise
   */
  private String answer(
      ProbeCall probe,
      Response<?> reply,
      DefaultBlockParameter at,
      Map<Pending, CodeOwnerProbe.Probed> surfaces,
      Map<Pending, String> failures) {
    if (!(reply instanceof EthCall result)) {
      probe.members().forEach(p -> failures.put(p, "code probe: no reply in the batch"));
      return null;
    }
    if (!result.hasError()) {
      return "the call returned instead of reverting with the answer";
    }
    Response.Error error = result.getError();
    if (!isExecutionError(error)) {
      return "JSON-RPC error " + error.getCode() + " " + error.getMessage();
    }
    String data = Web3jChainReader.revertData(error.getData());
    boolean gasLow =
        data.equals(CodeOwnerProbe.GAS_LOW)
            || (data.equals("0x") && OUT_OF_GAS.matcher(String.valueOf(error.getMessage())).find());
    if (gasLow) {
      if (probe.members().size() == 1) {
        probe.members().forEach(p -> failures.put(p, "code probe ran out of gas"));
        return null;
      }
      int half = probe.members().size() / 2;
      List<ProbeCall> halves =
          List.of(
              probe(probe.members().subList(0, half), at),
              probe(probe.members().subList(half, probe.members().size()), at));
      Map<Long, Response<?>> replies;
      try {
        replies = send(halves.stream().<Request<?, ?>>map(ProbeCall::request).toList());
      } catch (IOException | RuntimeException e) {
        probe.members().forEach(p -> failures.put(p, "code probe: " + describe(e)));
        return null;
      }
      for (ProbeCall h : halves) {
        String refusal = answer(h, replies.get(h.request().getId()), at, surfaces, failures);
        if (refusal != null) {
          return refusal;
        }
      }
      return null;
    }
    if (data.equals("0x")) {
      return "it reverted without data (" + error.getMessage() + ")";
    }
    try {
      List<CodeOwnerProbe.Probed> answers = CodeOwnerProbe.decode(data, probe.members().size());
      for (int i = 0; i < answers.size(); i++) {
        surfaces.put(probe.members().get(i), answers.get(i));
      }
    } catch (MalformedReturnException e) {
      probe.members().forEach(p -> failures.put(p, e.getMessage()));
    }
    return null;
  }

  private static <R extends Request<?, ?>> R add(List<Request<?, ?>> list, R request) {
    list.add(request);
    return request;
  }

  private Request<?, EthGetStorageAt> storage(
      String address, String slot, DefaultBlockParameter at) {
    return web3j.ethGetStorageAt(address, Numeric.toBigInt(slot), at);
  }

  private Request<?, EthCall> call(String to, String data, DefaultBlockParameter at) {
    return web3j.ethCall(Transaction.createEthCallTransaction(null, to, data), at);
  }

  /** Sends the requests as batches of at most {@link #maxBatchSize}; replies by id. */
  @SuppressWarnings("unchecked")
  private Map<Long, Response<?>> send(List<Request<?, ?>> requests) throws IOException {
    Map<Long, Response<?>> byId = new HashMap<>();
    for (int from = 0; from < requests.size(); from += maxBatchSize) {
      BatchRequest batch = web3j.newBatch();
      for (Request<?, ?> r :
          requests.subList(from, Math.min(requests.size(), from + maxBatchSize))) {
        batch.add((Request<?, ? extends Response<?>>) r);
      }
      for (Response<?> response : batch.send().getResponses()) {
        byId.put(response.getId(), response);
      }
    }
    return byId;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Response<?>> T reply(
      Map<Long, Response<?>> replies, Request<?, T> request, String what) throws Unusable {
    Response<?> response = replies.get(request.getId());
    if (response == null) {
      throw new Unusable(what + ": no reply in the batch");
    }
    if (!request.getResponseType().isInstance(response)) {
      throw new Unusable(what + ": reply of the wrong type " + response.getClass().getSimpleName());
    }
    T typed = (T) response;
    if (typed.hasError() && !(typed instanceof EthCall && isExecutionError(typed.getError()))) {
      throw new Unusable(
          what
              + ": JSON-RPC error "
              + typed.getError().getCode()
              + " "
              + typed.getError().getMessage());
    }
    return typed;
  }

  private static Instant blockTime(EthBlock reply, long block) throws Unusable {
    if (reply.getBlock() == null || reply.getBlock().getTimestamp() == null) {
      throw new Unusable("block " + block + " is not known to the RPC endpoint");
    }
    return Instant.ofEpochSecond(reply.getBlock().getTimestamp().longValueExact());
  }

  /** The address in the low 20 bytes of a storage word; empty for zero. */
  private static Optional<String> slotAddress(EthGetStorageAt reply) throws Unusable {
    String hex = Numeric.cleanHexPrefix(reply.getData() == null ? "" : reply.getData());
    if (!hex.matches("[0-9a-fA-F]{1,64}")) {
      throw new Unusable("storage word is not 32 bytes of hex: " + reply.getData());
    }
    String padded = "0".repeat(64 - hex.length()) + hex;
    String address = "0x" + padded.substring(24).toLowerCase(Locale.ROOT);
    return isZero(address) ? Optional.empty() : Optional.of(address);
  }

  /**
   * An address returned by a call; empty when it reverted, returned nothing, or returned a word
   * whose upper 12 bytes are not zero. The zero address is kept (a renounced owner).
   */
  private static Optional<String> callAddress(EthCall reply) {
    if (reply.hasError()) {
      return Optional.empty();
    }
    String hex = Numeric.cleanHexPrefix(reply.getValue() == null ? "" : reply.getValue());
    if (hex.length() < 64 || !hex.substring(0, 64).matches("0{24}[0-9a-fA-F]{40}")) {
      return Optional.empty();
    }
    return Optional.of("0x" + hex.substring(24, 64).toLowerCase(Locale.ROOT));
  }

  /** {@link #callAddress} of one outcome of a Multicall3 read; a call that failed is unusable. */
  private static Optional<String> outcomeAddress(CallOutcome outcome) throws Unusable {
    if (outcome instanceof CallOutcome.Failed f) {
      throw new Unusable("owner(): " + f.reason());
    }
    if (!(outcome instanceof CallOutcome.Success success)) {
      return Optional.empty();
    }
    String hex = Numeric.cleanHexPrefix(success.data());
    if (hex.length() < 64 || !hex.substring(0, 64).matches("0{24}[0-9a-fA-F]{40}")) {
      return Optional.empty();
    }
    return Optional.of("0x" + hex.substring(24, 64).toLowerCase(Locale.ROOT));
  }

  private static boolean isExecutionError(Response.Error error) {
    return FailoverRpcService.isExecutionError(error.getCode(), error.getMessage());
  }

  private static boolean isZero(String address) {
    return Numeric.cleanHexPrefix(address).chars().allMatch(c -> c == '0');
  }

  private static List<ContractRead> allFailed(List<WatchedContract> contracts, String reason) {
    return contracts.stream()
        .map(
            w ->
                new ContractRead(
                    w,
                    Read.<ContractState>failed(
                        new ReadFailure.Unavailable(
                            w.subject() + " " + w.address() + ": " + reason))))
        .toList();
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void close() {
    if (ownsWeb3j) {
      web3j.shutdown();
    }
  }
}
