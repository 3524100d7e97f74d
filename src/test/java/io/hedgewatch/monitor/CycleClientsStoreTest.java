package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store behind funding history and baselines: kept for a run, opened per check. */
class CycleClientsStoreTest {

  @TempDir Path dir;

  @Test
  void under_cadences_every_cycle_shares_one_open_store_until_the_run_ends() {
    String url = "jdbc:sqlite:" + dir.resolve("run.db");
    Store first;
    try (ReadCadences cadences = ReadCadences.defaults(Clock.systemUTC())) {
      CycleClients clients = new CycleClients(cadences, Clock.systemUTC());
      try (ReadCadences.Lease<Store> a = clients.store(url)) {
        first = a.get();
      }
      try (ReadCadences.Lease<Store> b = clients.store(url)) {
        assertThat(b.get()).isSameAs(first);
        assertThat(b.get().schemaVersion()).isNotBlank();
      }
    }
    // closed with the run: a read now fails
    assertThatThrownBy(() -> first.alertState()).isInstanceOf(RuntimeException.class);
  }

  @Test
  void a_check_opens_its_own_store_and_closes_it_with_the_lease() {
    String url = "jdbc:sqlite:" + dir.resolve("check.db");
    CycleClients clients = new CycleClients(ReadCadences.none(), Clock.systemUTC());
    Store first;
    try (ReadCadences.Lease<Store> a = clients.store(url)) {
      first = a.get();
    }
    assertThatThrownBy(() -> first.alertState()).isInstanceOf(RuntimeException.class);
    try (ReadCadences.Lease<Store> b = clients.store(url)) {
      assertThat(b.get()).isNotSameAs(first);
    }
  }

  @Test
  void a_store_that_cannot_open_is_not_kept_and_is_tried_again() {
    try (ReadCadences cadences = ReadCadences.defaults(Clock.systemUTC())) {
      CycleClients clients = new CycleClients(cadences, Clock.systemUTC());
      Path missing = dir.resolve("later");
      String url = "jdbc:sqlite:" + missing.resolve("run.db");
      assertThatThrownBy(() -> clients.store(url)).isInstanceOf(StoreException.class);
      assertThat(missing.toFile().mkdir()).isTrue();
      try (ReadCadences.Lease<Store> lease = clients.store(url)) {
        assertThat(lease.get().schemaVersion()).isNotBlank();
      }
    }
  }
}
