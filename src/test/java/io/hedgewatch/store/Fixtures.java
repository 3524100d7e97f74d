package io.hedgewatch.store;

import io.hedgewatch.domain.ContractState;
import java.time.Instant;
import java.util.Optional;

/** Test values shared by the store tests. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  private Fixtures() {}

  static ContractState baseline(String subject, String address, long block) {
    return new ContractState(
        subject,
        "arbitrum",
        address,
        block,
        T0.plusSeconds(block),
        Optional.of("0x1111111111111111111111111111111111111111"),
        Optional.empty(),
        Optional.of("0x2222222222222222222222222222222222222222"),
        Optional.empty(),
        Optional.of("0x" + "ab".repeat(32)));
  }
}
