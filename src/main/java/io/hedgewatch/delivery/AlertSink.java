package io.hedgewatch.delivery;

import io.hedgewatch.store.StoredEvent;

/**
 * Somewhere alert events go. One call is one attempt; the dispatcher owns retries, back-off and
 * dead-lettering, so an implementation neither retries nor sleeps. It must return within its
 * configured timeout and report a failure as an outcome, not as an exception.
 */
public interface AlertSink extends AutoCloseable {

  /** The configured sink name (see {@link io.hedgewatch.config.SinkConfig#name()}). */
  String name();

  DeliveryOutcome deliver(StoredEvent event);

  @Override
  default void close() {}
}
