package io.hedgewatch.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, so that {@code run} finishes its cycle, flushes the
 * outbox and exits 0, as the contract says. The JVM's default would run shutdown hooks and exit 143
 * or 130. Where a signal cannot be taken over (a shell that started us in the background ignores
 * SIGINT, and the JVM then refuses it), a shutdown hook asks for the stop instead and waits for the
 * command to finish cleaning up, so nothing is lost, only the exit code differs.
 */
final class ShutdownSignal {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);

  /** How long a shutdown hook waits for the command to finish when a signal arrived that way. */
  private static final long HOOK_WAIT_SECONDS = 90;

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile String reason = "stop requested";

  private ShutdownSignal() {}

  static ShutdownSignal install() {
    ShutdownSignal signal = new ShutdownSignal();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> signal.request("SIG" + name + " received"));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        LOG.debug("SIG{} stays with the JVM: {}", name, e.getMessage());
      }
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  signal.request("shutting down");
                  try {
                    signal.finished.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "hedgewatch-shutdown"));
    return signal;
  }

  private void request(String why) {
    if (requested.getCount() > 0) {
      reason = why;
      requested.countDown();
    }
  }

  /** Blocks until a stop is requested; returns why. */
  String await() throws InterruptedException {
    requested.await();
    return reason;
  }

  /** The command has finished cleaning up. */
  void done() {
    finished.countDown();
  }
}
