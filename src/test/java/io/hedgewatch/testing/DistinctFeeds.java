package io.hedgewatch.testing;

import io.hedgewatch.devnet.Devnet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Keys;

/**
 * More Chainlink feeds for the devnet's config, each its own aggregator with one round: what a feed
 * costs the chain depends on its contract being distinct (its own owner(), code and round), so none
 * is shared. Deployed 20 a transaction by the devnet's factory.
 */
public final class DistinctFeeds {

  private DistinctFeeds() {}

  /**
   * {@code n} feeds {@code extra-0} to {@code extra-(n-1)}, one config line each (two-space
   * indented, for the end of the devnet config's {@code feeds} section), answers 1.00000000 up.
   */
  public static List<String> configLines(Devnet devnet, int n) {
    long now = devnet.anvil().latestBlockTimestamp();
    List<BigInteger> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      answers.add(BigInteger.valueOf(100_000_000L + i));
    }
    List<String> aggregators =
        devnet
            .ops()
            .deployAggregators(n, 8, "X", BigInteger.ONE, BigInteger.TEN.pow(20), answers, now);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(
          "  extra-"
              + i
              + ": { chain: devnet, type: chainlink, address: \""
              + Keys.toChecksumAddress(aggregators.get(i))
              + "\", heartbeat: 24h, marketHours: crypto }\n");
    }
    return lines;
  }
}
