package io.hedgewatch.delivery;

import io.hedgewatch.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A sink that answers from a script, then with its default; it records every attempt (event id,
 * thread) and every event it took as delivered, in order.
 */
final class ScriptedSink implements AlertSink {

  private final String name;
  private final ConcurrentLinkedQueue<Function<StoredEvent, DeliveryOutcome>> script =
      new ConcurrentLinkedQueue<>();
  private volatile Function<StoredEvent, DeliveryOutcome> otherwise =
      e -> DeliveryOutcome.delivered();
  private final List<String> attempts = new ArrayList<>();
  private final List<String> delivered = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  ScriptedSink(String name) {
    this.name = name;
  }

  ScriptedSink then(Function<StoredEvent, DeliveryOutcome> step) {
    script.add(step);
    return this;
  }

  ScriptedSink then(DeliveryOutcome outcome) {
    return then(e -> outcome);
  }

  ScriptedSink otherwise(DeliveryOutcome outcome) {
    this.otherwise = e -> outcome;
    return this;
  }

  ScriptedSink otherwise(Function<StoredEvent, DeliveryOutcome> step) {
    this.otherwise = step;
    return this;
  }

  /** A step that blocks until {@code release} opens (or the worker is interrupted), then fails. */
  static Function<StoredEvent, DeliveryOutcome> hangUntil(CountDownLatch release) {
    return e -> {
      try {
        release.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return DeliveryOutcome.retry("hung");
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryOutcome deliver(StoredEvent event) {
    synchronized (this) {
      attempts.add(event.id());
      threads.add(Thread.currentThread());
    }
    Function<StoredEvent, DeliveryOutcome> step = script.poll();
    DeliveryOutcome outcome = (step == null ? otherwise : step).apply(event);
    if (outcome instanceof DeliveryOutcome.Delivered) {
      synchronized (this) {
        delivered.add(event.id());
      }
    }
    return outcome;
  }

  synchronized List<String> attempts() {
    return List.copyOf(attempts);
  }

  synchronized List<String> delivered() {
    return List.copyOf(delivered);
  }

  synchronized List<Thread> threads() {
    return List.copyOf(threads);
  }
}
