package io.hedgewatch.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys and names: the nearest candidate by edit distance, ignoring
 * case.
 */
final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate nearest to {@code input}, if it is close enough to be a plausible typo: at most
   * {@code max(2, length / 3)} edits, where length is that of the input. Ties go to the earlier
   * candidate. Failing that, a candidate that the input begins with, or that begins with the input
   * (at least 3 characters shared): "warning" for "warn".
   */
  static Optional<String> nearest(String input, Collection<String> candidates) {
    String needle = input.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, needle.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(needle, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best != null && bestDistance <= limit) {
      return Optional.of(best);
    }
    for (String candidate : candidates) {
      String c = candidate.toLowerCase(Locale.ROOT);
      if (Math.min(c.length(), needle.length()) >= 3
          && (needle.startsWith(c) || c.startsWith(needle))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Optimal string alignment distance: Levenshtein plus the swap of two adjacent characters as one
   * edit.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
