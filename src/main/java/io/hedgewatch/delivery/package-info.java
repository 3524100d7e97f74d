/**
 * Alert delivery: the sinks ({@link io.hedgewatch.delivery.AlertSink}, one attempt per call, built
 * by {@link io.hedgewatch.delivery.Sinks} from {@code alerts.sinks}), the {@link
 * io.hedgewatch.delivery.Dispatcher} that moves events from the durable outbox to each sink on its
 * own thread with back-off and dead-lettering, and {@link io.hedgewatch.delivery.WebhookSignature},
 * the contract's signature for senders and receivers.
 *
 * <p>Delivery is at least once: a crash between a sink's success and the outbox's record of it
 * sends the event again, so receivers deduplicate by event id ({@code X-Hedgewatch-Event-Id}, the
 * {@code id} of every document). No reason a sink gives, no log line and no {@code toString}
 * contains a webhook secret, a bot token or a URL's path or query.
 */
package io.hedgewatch.delivery;
