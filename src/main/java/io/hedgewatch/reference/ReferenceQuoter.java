package io.hedgewatch.reference;

import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.support.HttpPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks many (source, market) pairs at once and returns every outcome by a deadline, so that one
 * slow venue never holds up a cycle beyond its own timeout.
 *
 * <p>Each source bounds its own quotes by its named timeout; the quoter's deadline (by default the
 * largest of those plus {@link #DEFAULT_SLACK}, see {@link #deadlineFor}) is the backstop for a
 * source that does not: a quote still running then is cancelled and reported as {@code
 * Timeout(reference.quoter.deadline)}.
 */
public final class ReferenceQuoter implements AutoCloseable {

  /** Time on top of the slowest source's timeout for threads to hand back their outcomes. */
  public static final Duration DEFAULT_SLACK = Duration.ofMillis(250);

  public static final String DEADLINE_NAME = "reference.quoter.deadline";

  public record Request(PriceSource source, VenueMarket market) {
    public Request {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(market, "market");
    }
  }

  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Duration deadline;

  /** A quoter with its own pool of daemon threads, shut down by {@link #close()}. */
  public ReferenceQuoter(Duration deadline) {
    this(Executors.newCachedThreadPool(daemonThreads()), true, deadline);
  }

  /** A quoter on the caller's executor, which {@link #close()} leaves running. */
  public ReferenceQuoter(ExecutorService executor, Duration deadline) {
    this(executor, false, deadline);
  }

  private ReferenceQuoter(ExecutorService executor, boolean ownsExecutor, Duration deadline) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.ownsExecutor = ownsExecutor;
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
    this.deadline = deadline;
  }

  /** The largest of the policies' timeouts plus {@link #DEFAULT_SLACK}. */
  public static Duration deadlineFor(Collection<HttpPolicy> policies) {
    return policies.stream()
        .map(HttpPolicy::timeout)
        .max(Duration::compareTo)
        .orElse(ReferenceVenuePolicy.DEFAULT_TIMEOUT)
        .plus(DEFAULT_SLACK);
  }

  public Duration deadline() {
    return deadline;
  }

  /**
   * One outcome per request, in the order asked, within the deadline. Identical requests (same
   * source, same market) are asked once and share their outcome.
   *
   * @throws RuntimeException whatever a source threw: sources return expected failures, so a throw
   *     is a programming error
   */
  public List<QuoteOutcome> quoteAll(List<Request> requests) {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    Map<Request, Future<QuoteOutcome>> asked = new LinkedHashMap<>();
    for (Request request : requests) {
      asked.computeIfAbsent(request, r -> executor.submit(() -> r.source().quote(r.market())));
    }
    Map<Request, QuoteOutcome> outcomes = new LinkedHashMap<>();
    boolean interrupted = false;
    RuntimeException thrown = null;
    for (Map.Entry<Request, Future<QuoteOutcome>> entry : asked.entrySet()) {
      Request request = entry.getKey();
      Future<QuoteOutcome> future = entry.getValue();
      QuoteOutcome outcome;
      try {
        long left = interrupted ? 0 : Math.max(0, deadlineNanos - System.nanoTime());
        outcome = future.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        outcome = notQuoted(request, new QuoteFailure.Timeout(DEADLINE_NAME, deadline));
      } catch (InterruptedException e) {
        interrupted = true;
        future.cancel(true);
        outcome =
            notQuoted(
                request, new QuoteFailure.Unavailable("not asked: the cycle was interrupted"));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        if (thrown == null) {
          thrown =
              cause instanceof RuntimeException runtime
                  ? runtime
                  : new IllegalStateException(cause);
        }
        outcome = null;
      }
      outcomes.put(request, outcome);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (thrown != null) {
      throw thrown;
    }
    List<QuoteOutcome> result = new ArrayList<>(requests.size());
    for (Request request : requests) {
      result.add(outcomes.get(request));
    }
    return result;
  }

  private static QuoteOutcome notQuoted(Request request, QuoteFailure failure) {
    return new QuoteOutcome.NotQuoted(request.source().venue(), request.market(), failure);
  }

  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "reference-quoter-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
