package io.hedgewatch.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A canonical trading pair {@code BASE/QUOTE} (upper case), e.g. {@code ETH/USD}, {@code USDT/USD}.
 */
public record Pair(String base, String quote) {

  private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{1,15}");

  public Pair {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    if (!ASSET.matcher(base).matches() || !ASSET.matcher(quote).matches()) {
      throw new IllegalArgumentException("not a canonical pair: " + base + "/" + quote);
    }
  }

  /** Parses {@code ETH/USD} (case-insensitive); empty when the text is not a pair. */
  public static Optional<Pair> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.trim().toUpperCase(Locale.ROOT).split("/", -1);
    if (parts.length != 2
        || !ASSET.matcher(parts[0]).matches()
        || !ASSET.matcher(parts[1]).matches()) {
      return Optional.empty();
    }
    return Optional.of(new Pair(parts[0], parts[1]));
  }

  public static Pair of(String text) {
    return parse(text)
        .orElseThrow(() -> new IllegalArgumentException("not a canonical pair: " + text));
  }

  @Override
  public String toString() {
    return base + "/" + quote;
  }
}
