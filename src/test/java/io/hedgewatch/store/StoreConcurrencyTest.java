package io.hedgewatch.store;

import static io.hedgewatch.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class StoreConcurrencyTest {

  private static final int THREADS = 6;
  private static final int WRITES = 40;

  @Parameter Backend backend;
  @TempDir Path dir;
  private String url;

  @BeforeEach
  void newDatabase() {
    url = backend.newUrl(dir);
  }

  private String url() {
    return url;
  }

  @Test
  void writers_on_many_threads_are_serialized_while_readers_read() throws Exception {
    try (Store store = Store.open(url())) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        tasks.add(writer(store, "m" + t));
      }
      for (int r = 0; r < 2; r++) {
        tasks.add(reader(store));
      }
      runTogether(tasks);

      for (int t = 0; t < THREADS; t++) {
        assertThat(store.history("m" + t, Instant.EPOCH, T0.plusSeconds(WRITES))).hasSize(WRITES);
        assertThat(store.feedObservations("m" + t, Instant.EPOCH, T0.plusSeconds(WRITES)))
            .hasSize(WRITES);
      }
    }
  }

  @Test
  void two_stores_on_one_database_wait_for_each_other_instead_of_failing_busy() throws Exception {
    // as a `hedgewatch check` run beside `hedgewatch run` on the same storage.url: on
    // PostgreSQL the write lock is an advisory lock, which serializes writers as SQLite's does
    try (Store a = Store.open(url());
        Store b = Store.open(url())) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        tasks.add(writer(t % 2 == 0 ? a : b, "m" + t));
      }
      runTogether(tasks);

      for (int t = 0; t < THREADS; t++) {
        assertThat(a.history("m" + t, Instant.EPOCH, T0.plusSeconds(WRITES))).hasSize(WRITES);
        assertThat(b.feedObservations("m" + t, Instant.EPOCH, T0.plusSeconds(WRITES)))
            .hasSize(WRITES);
      }
    }
  }

  private static Callable<Integer> writer(Store store, String id) {
    return () -> {
      for (int i = 0; i < WRITES; i++) {
        Instant at = T0.plusSeconds(i);
        store.append(id, List.of(new FundingPoint(at, new BigDecimal("0.00001" + i))));
        store.recordFeed(
            new FeedObservation(
                id, i, at, Optional.of(BigDecimal.valueOf(i)), Optional.empty(), Severity.OK));
      }
      return WRITES;
    };
  }

  private static Callable<Integer> reader(Store store) {
    return () -> {
      int seen = 0;
      for (int i = 0; i < WRITES; i++) {
        seen += store.history("m0", Instant.EPOCH, T0.plusSeconds(WRITES)).size();
      }
      return seen;
    };
  }

  /** Starts every task at once and rethrows the first failure. */
  private static void runTogether(List<Callable<Integer>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> futures = new ArrayList<>();
      for (Callable<Integer> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      for (Future<Integer> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
