package io.hedgewatch.risk;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the config pins for a watched contract ({@code watch.ID.expectImplementation}, {@code
 * expectAdmin}, {@code expectOwner}). A pinned field is judged against the pin instead of the
 * baseline: it fires whenever the contract differs from the pin, from the first observation on, and
 * it never fires while the contract matches the pin, whatever the baseline says. Addresses are kept
 * lower-case.
 */
public record PlatformExpectations(
    Optional<String> implementation, Optional<String> admin, Optional<String> owner) {

  public static final PlatformExpectations NONE =
      new PlatformExpectations(Optional.empty(), Optional.empty(), Optional.empty());

  public PlatformExpectations {
    implementation = lower(implementation, "implementation");
    admin = lower(admin, "admin");
    owner = lower(owner, "owner");
  }

  public static PlatformExpectations implementation(Optional<String> expectImplementation) {
    return new PlatformExpectations(expectImplementation, Optional.empty(), Optional.empty());
  }

  private static Optional<String> lower(Optional<String> address, String name) {
    return Objects.requireNonNull(address, name).map(a -> a.toLowerCase(Locale.ROOT));
  }
}
