package io.hedgewatch.platform;

import io.hedgewatch.domain.ContractState;
import io.hedgewatch.store.BaselineStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BaselineStore} in a map, recording every save. */
final class InMemoryBaselineStore implements BaselineStore {

  private final Map<String, ContractState> baselines = new ConcurrentHashMap<>();
  private final List<ContractState> saves = new ArrayList<>();

  private static String key(String subject, String chain, String address) {
    return subject + "|" + chain + "|" + address.toLowerCase(Locale.ROOT);
  }

  @Override
  public Optional<ContractState> baseline(String subject, String chain, String address) {
    return Optional.ofNullable(baselines.get(key(subject, chain, address)));
  }

  @Override
  public synchronized void saveBaseline(ContractState state) {
    baselines.put(key(state.subject(), state.chain(), state.address()), state);
    saves.add(state);
  }

  /** What deleting a baseline row does: the next observation is first-seen. */
  void delete(String subject, String chain, String address) {
    baselines.remove(key(subject, chain, address));
  }

  synchronized List<ContractState> saves() {
    return List.copyOf(saves);
  }
}
