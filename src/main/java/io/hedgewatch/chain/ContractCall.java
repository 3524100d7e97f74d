package io.hedgewatch.chain;

import java.util.Locale;
import java.util.Objects;

/** One read: {@code callData} (0x hex: selector and arguments) sent to {@code target}. */
public record ContractCall(String target, String callData) {
  public ContractCall {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(callData, "callData");
    target = target.toLowerCase(Locale.ROOT);
  }
}
