package io.hedgewatch.chain;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Event logs and block times of one chain, for readers of history. */
public interface LogReader {

  /** The timestamp of block {@code block}. */
  Instant blockTime(long block) throws IOException;

  /**
   * {@code eth_getLogs} of {@code address} over blocks {@code [fromBlock, toBlock]} (both
   * inclusive) matching {@code topics} by position (a null entry matches any topic).
   *
   * @throws LogRangeRefusedException when the provider refuses the range as too large or as
   *     matching too many logs: a smaller range may pass
   */
  List<EventLog> logs(String address, List<String> topics, long fromBlock, long toBlock)
      throws IOException;

  /** One log: where it is, its topics (0x hex, topic 0 first) and its data (0x hex). */
  record EventLog(long block, long logIndex, List<String> topics, String data) {
    public EventLog {
      topics = List.copyOf(topics);
    }
  }
}
