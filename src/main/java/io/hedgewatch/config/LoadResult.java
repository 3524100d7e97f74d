package io.hedgewatch.config;

import java.util.List;

/** What {@link ConfigLoader} made of a file: a validated config, or every problem found in it. */
public sealed interface LoadResult permits LoadResult.Loaded, LoadResult.Invalid {

  record Loaded(HedgewatchConfig config) implements LoadResult {}

  /** At least one problem, in the order of the file. */
  record Invalid(List<ConfigProblem> problems) implements LoadResult {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid config has at least one problem");
      }
    }
  }
}
