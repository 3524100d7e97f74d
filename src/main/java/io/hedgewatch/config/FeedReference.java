package io.hedgewatch.config;

import java.util.List;

/**
 * A feed's {@code reference} block: the canonical pair and which reference venues price it.
 *
 * @param sources reference venue names; empty means every configured reference venue
 */
public record FeedReference(String symbol, List<String> sources, int minSources) {

  public static final int DEFAULT_MIN_SOURCES = 2;

  public FeedReference {
    sources = List.copyOf(sources);
  }
}
