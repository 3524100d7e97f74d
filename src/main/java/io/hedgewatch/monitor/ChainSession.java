package io.hedgewatch.monitor;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.RpcStats;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.Read;
import io.hedgewatch.oracle.OracleReader;
import io.hedgewatch.platform.CodeProbeSupport;
import io.hedgewatch.venue.GmxMarketResolver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One chain as a run sees it from cycle to cycle: the connection (its {@code eth_chainId} and
 * Multicall3 checks made once, and again only after the chain failed), the head block every reader
 * of a cycle is pinned to, the oracle reader with its aggregators' metadata, and the GMX markets
 * already resolved. Under {@code check} ({@link ReadCadences#none()}) a session lives for one
 * lease, which is the one-shot path: connect, read, close.
 *
 * <p>Any read that fails drops the connection and everything resolved through it, so that the next
 * use connects and checks the chain id again rather than trusting a node that went away.
 */
final class ChainSession implements ChainReader {

  private final ChainConfig config;
  private final RpcRetryPolicy retryPolicy;
  private Web3jChainReader reader;
  private long cycle = -1;
  private long head = -1;
  private OracleReader oracles;
  private List<FeedSpec> oracleFeeds;

  /**
   * Whether the chain's node runs the platform reader's deployless code probe: a refusal is
   * remembered for the session's life (the node's software does not change between cycles), and
   * kept across {@link #failed()}.
   */
  private final CodeProbeSupport codeProbe = new CodeProbeSupport();

  /**
   * GMX markets resolved by (reader, dataStore, spec): a market token's index, long and short
   * tokens are fixed when the market is created, and a token's decimals never change, so a
   * resolution holds until the chain fails.
   */
  private final Map<List<Object>, GmxMarketResolver.Resolved> gmxMarkets = new HashMap<>();

  ChainSession(ChainConfig config, RpcRetryPolicy retryPolicy) {
    this.config = Objects.requireNonNull(config, "config");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
  }

  /**
   * Starts cycle {@code number}: the next {@link #blockNumber()} asks the chain for its head, later
   * ones in the same cycle get that block. Connects when not connected.
   *
   * @throws ChainSetupException when no endpoint answers or the chain id differs
   */
  synchronized ChainSession begin(long number) throws ChainSetupException {
    if (number != cycle) {
      cycle = number;
      head = -1;
    }
    connected();
    return this;
  }

  private Web3jChainReader connected() throws ChainSetupException {
    if (reader == null) {
      reader = Web3jChainReader.connect(config, retryPolicy);
    }
    return reader;
  }

  /** Forgets the connection and what was resolved through it: the next use connects again. */
  synchronized void failed() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
    head = -1;
    oracles = null;
    oracleFeeds = null;
    gmxMarkets.clear();
  }

  /** The oracle reader of {@code feeds}, kept with its metadata while the feeds stay the same. */
  synchronized OracleReader oracles(List<FeedSpec> feeds, Optional<String> sequencerFeed) {
    if (oracles == null || !feeds.equals(oracleFeeds)) {
      oracles = new OracleReader(this, feeds, sequencerFeed);
      oracleFeeds = List.copyOf(feeds);
    }
    return oracles;
  }

  /**
   * Resolves the GMX markets of {@code specs} at the cycle's head, asking the chain only for those
   * not resolved before; in the order given.
   */
  synchronized List<Read<GmxMarketResolver.Resolved>> resolveGmx(
      String gmxReader, String dataStore, List<GmxMarketResolver.Spec> specs) throws IOException {
    List<GmxMarketResolver.Spec> unknown = new ArrayList<>();
    for (GmxMarketResolver.Spec spec : specs) {
      if (!gmxMarkets.containsKey(List.of(gmxReader, dataStore, spec))) {
        unknown.add(spec);
      }
    }
    List<Read<GmxMarketResolver.Resolved>> fresh =
        unknown.isEmpty()
            ? List.of()
            : GmxMarketResolver.resolve(this, blockNumber(), gmxReader, dataStore, unknown);
    Map<GmxMarketResolver.Spec, Read<GmxMarketResolver.Resolved>> byUnknown = new HashMap<>();
    for (int i = 0; i < unknown.size(); i++) {
      List<Object> key = List.of(gmxReader, dataStore, unknown.get(i));
      byUnknown.put(unknown.get(i), fresh.get(i));
      fresh.get(i).asOptional().ifPresent(r -> gmxMarkets.put(key, r));
    }
    List<Read<GmxMarketResolver.Resolved>> result = new ArrayList<>();
    for (GmxMarketResolver.Spec spec : specs) {
      GmxMarketResolver.Resolved known = gmxMarkets.get(List.of(gmxReader, dataStore, spec));
      result.add(known != null ? Read.ok(known) : byUnknown.get(spec));
    }
    return result;
  }

  CodeProbeSupport codeProbe() {
    return codeProbe;
  }

  RpcStats stats() throws ChainSetupException {
    return connected().stats();
  }

  @Override
  public String chain() {
    return config.id();
  }

  @Override
  public synchronized String mode() {
    return reader == null ? "" : reader.mode();
  }

  @Override
  public synchronized long chainId() throws IOException {
    try {
      return connected().chainId();
    } catch (ChainSetupException e) {
      throw new IOException(e.getMessage(), e);
    } catch (IOException e) {
      failed();
      throw e;
    }
  }

  /** The head block of this cycle: asked once per cycle, at the first call. */
  @Override
  public synchronized long blockNumber() throws IOException {
    if (head < 0) {
      head = guarded(Web3jChainReader::blockNumber);
    }
    return head;
  }

  @Override
  public String code(String address, long block) throws IOException {
    return guarded(r -> r.code(address, block));
  }

  @Override
  public String storageAt(String address, String slot, long block) throws IOException {
    return guarded(r -> r.storageAt(address, slot, block));
  }

  @Override
  public BlockReads readAt(long block, List<ContractCall> calls) throws IOException {
    return guarded(r -> r.readAt(block, calls));
  }

  private interface Use<T> {
    T apply(Web3jChainReader reader) throws IOException;
  }

  private synchronized <T> T guarded(Use<T> use) throws IOException {
    Web3jChainReader connected;
    try {
      connected = connected();
    } catch (ChainSetupException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      return use.apply(connected);
    } catch (IOException | RuntimeException e) {
      failed();
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
