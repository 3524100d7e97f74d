package io.hedgewatch.service;

import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code eth_blockNumber} per configured chain over a connection kept between polls; a connection
 * that fails is dropped and made again at the next poll, so a chain that was down at start is
 * picked up when it comes back.
 */
final class ChainHeads implements MonitorService.HeadSource, AutoCloseable {

  private final Map<String, ChainConfig> chains;
  private final RpcRetryPolicy policy;
  private final Map<String, Web3jChainReader> readers = new ConcurrentHashMap<>();

  ChainHeads(Map<String, ChainConfig> chains, RpcRetryPolicy policy) {
    this.chains = Map.copyOf(chains);
    this.policy = policy;
  }

  @Override
  public long head(String chain) throws IOException {
    ChainConfig config = chains.get(chain);
    if (config == null) {
      throw new IllegalArgumentException("no chain " + chain + " in the config");
    }
    Web3jChainReader reader = readers.get(chain);
    if (reader == null) {
      try {
        reader = Web3jChainReader.connect(config, policy);
      } catch (ChainSetupException e) {
        throw new IOException(e.getMessage(), e);
      }
      readers.put(chain, reader);
    }
    try {
      return reader.blockNumber();
    } catch (IOException | RuntimeException e) {
      readers.remove(chain);
      reader.close();
      throw e;
    }
  }

  @Override
  public void close() {
    readers.values().forEach(Web3jChainReader::close);
    readers.clear();
  }
}
