package io.hedgewatch.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The process-wide JSON-RPC wait: exchanges waited on at once add up in {@link
 * RpcTraffic#waitNanos} but count once in {@link RpcTraffic#busyNanos}. The counters are
 * process-wide, so only bounds that another exchange running meanwhile cannot break are asserted.
 */
class RpcTrafficWaitTest {

  private static final long STEP = TimeUnit.MILLISECONDS.toNanos(5);

  /** Lets {@code nanos} pass on this thread without sleeping: the counters read nanoTime. */
  private static void pass(long nanos) {
    long until = System.nanoTime() + nanos;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  @Test
  void two_overlapping_exchanges_are_summed_in_the_wait_and_counted_once_in_the_busy_time() {
    long windowStart = System.nanoTime();
    long busyBefore = RpcTraffic.busyNanos();
    long waitBefore = RpcTraffic.waitNanos();
    long first = RpcTraffic.exchangeStarted();
    pass(STEP);
    long second = RpcTraffic.exchangeStarted();
    pass(STEP);
    RpcTraffic.exchangeEnded(first);
    pass(STEP);
    RpcTraffic.exchangeEnded(second);
    long wait = RpcTraffic.waitNanos() - waitBefore;
    long busy = RpcTraffic.busyNanos() - busyBefore;
    long window = System.nanoTime() - windowStart;

    assertThat(wait).as("each exchange's own wait, added").isGreaterThanOrEqualTo(4 * STEP);
    assertThat(busy).as("from the first start to the last end").isGreaterThanOrEqualTo(3 * STEP);
    // The window is about 3 steps, the summed wait at least 4: a busy time that added the two
    // exchanges up would exceed it.
    assertThat(busy)
        .as("never more than the wall time it was measured over")
        .isLessThanOrEqualTo(window);
  }
}
