package io.hedgewatch.config;

import io.hedgewatch.domain.FeedSpec;
import java.util.Optional;

/** One entry of the {@code feeds} section: what the rules need ({@link FeedSpec}) plus its reference block. */
public record FeedConfig(FeedSpec spec, Optional<FeedReference> reference) {

  public String id() {
    return spec.id();
  }
}
