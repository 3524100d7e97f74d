package io.hedgewatch.config;

import io.hedgewatch.domain.Pair;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * Parsers for the value types of the config file. Each takes the scalar's text (environment already
 * substituted) and returns the typed value or throws {@link InvalidValueException} with a message
 * that quotes the value and says what is allowed.
 */
public final class ConfigValues {

  /** Chain ids, feed ids: what may be a key of {@code chains} and {@code feeds}. */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  public static final Set<String> RPC_URL_SCHEMES = Set.of("http", "https", "ws", "wss");
  public static final Set<String> HTTP_URL_SCHEMES = Set.of("http", "https");

  static final String DURATION_FORMS =
      "a duration like 500ms, 30s, 5m, 24h, 7d or 1h30m, or a whole number of seconds";
  static final String RATIO_FORMS = "a ratio like 0.5%, 50bps or a fraction such as 0.005";

  private static final Pattern WHOLE = Pattern.compile("[0-9]+");
  private static final Pattern DURATION_TOKEN = Pattern.compile("([0-9]+)([^0-9]*)");

  /**
   * Units of a duration, largest first; a combined duration names each at most once, in this order.
   */
  private static final String[] DURATION_UNITS = {"d", "h", "m", "s", "ms"};

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
  private static final Pattern BARE_NUMBER =
      Pattern.compile("([0-9]+(\\.[0-9]+)?|\\.[0-9]+)([eE][-+]?[0-9]{1,4})?");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]*");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]+/[A-Z0-9]+");

  /** A base and a quote written as a pair: {@code ETH/USD}, {@code ETH-USD}, {@code ETH_USD}. */
  private static final Pattern PAIR_LIKE = Pattern.compile("([A-Za-z0-9]+)[-/_]([A-Za-z0-9]+)");

  private static final Pattern COIN = Pattern.compile("[A-Za-z0-9]+");
  private static final Pattern HYPERLIQUID_COIN =
      Pattern.compile("([a-z][a-z0-9]*:)?([A-Za-z0-9]+)");
  private static final Pattern DYDX_TICKER = Pattern.compile("[A-Z0-9][A-Za-z0-9.]*-[A-Z0-9]+");

  static final String STORAGE_FORMS =
      "jdbc:sqlite:FILE (the default is "
          + StorageConfig.DEFAULT_URL
          + ") or jdbc:postgresql://HOST[:PORT]/DATABASE";

  private ConfigValues() {}

  /**
   * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, combinations from the largest
   * unit to the smallest ({@code 1h30m}, {@code 1d12h}), or a bare whole number of seconds. Zero is
   * accepted here; callers that need a positive duration check it.
   */
  public static Duration parseDuration(String text) throws InvalidValueException {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; expected " + DURATION_FORMS);
    }
    if (s.startsWith("-")) {
      throw new InvalidValueException(quote(text) + " is negative; expected " + DURATION_FORMS);
    }
    try {
      if (WHOLE.matcher(s).matches()) {
        return Duration.ofSeconds(Long.parseLong(s));
      }
      if (s.contains(".")) {
        throw notADuration(
            text, "fractions are not allowed, combine units instead (1h30m, not 1.5h)");
      }
      Matcher m = DURATION_TOKEN.matcher(s);
      Duration total = Duration.ZERO;
      int end = 0;
      int lastUnit = -1;
      while (end < s.length()) {
        m.region(end, s.length());
        if (!m.lookingAt()) {
          throw notADuration(text, "unexpected '" + s.substring(end) + "'");
        }
        String unit = m.group(2);
        if (unit.isEmpty()) {
          throw notADuration(text, "'" + m.group(1) + "' has no unit (units are ms, s, m, h, d)");
        }
        int index = unitIndex(unit);
        if (index < 0) {
          throw notADuration(text, "unknown unit '" + unit + "' (units are ms, s, m, h, d)");
        }
        if (index <= lastUnit) {
          throw notADuration(
              text,
              "units go from the largest to the smallest, each at most once (d, h, m, s, ms)");
        }
        lastUnit = index;
        total = total.plus(unitDuration(unit).multipliedBy(Long.parseLong(m.group(1))));
        end = m.end();
      }
      return total;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new InvalidValueException(quote(text) + " is too long a duration");
    }
  }

  private static InvalidValueException notADuration(String text, String reason) {
    return new InvalidValueException(
        quote(text) + " is not a duration: " + reason + "; expected " + DURATION_FORMS);
  }

  private static int unitIndex(String unit) {
    for (int i = 0; i < DURATION_UNITS.length; i++) {
      if (DURATION_UNITS[i].equals(unit)) {
        return i;
      }
    }
    return -1;
  }

  private static Duration unitDuration(String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(1);
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      case "h" -> Duration.ofHours(1);
      case "d" -> Duration.ofDays(1);
      default -> throw new IllegalStateException(unit);
    };
  }

  /**
   * {@code 0.5%} or {@code 50bps} or a bare fraction ({@code 0.005}, also {@code 5e-3}), as an
   * exact fraction with trailing zeros stripped: {@code 0.05%} is {@code 0.0005}, {@code 50bps} is
   * {@code 0.005}. Negative ratios are rejected; there is no upper bound here (leverage thresholds
   * are ratios above 1).
   */
  public static BigDecimal parseRatio(String text) throws InvalidValueException {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; expected " + RATIO_FORMS);
    }
    if (s.startsWith("-")) {
      throw new InvalidValueException(quote(text) + " is negative; expected " + RATIO_FORMS);
    }
    BigDecimal value;
    if (s.endsWith("%")) {
      value = decimal(text, s.substring(0, s.length() - 1).strip(), PLAIN_DECIMAL).movePointLeft(2);
    } else if (s.endsWith("bps")) {
      value = decimal(text, s.substring(0, s.length() - 3).strip(), PLAIN_DECIMAL).movePointLeft(4);
    } else {
      value = decimal(text, s, BARE_NUMBER);
    }
    value = value.stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  private static BigDecimal decimal(String original, String number, Pattern allowed)
      throws InvalidValueException {
    if (!allowed.matcher(number).matches()) {
      throw new InvalidValueException(quote(original) + " is not a ratio; expected " + RATIO_FORMS);
    }
    return new BigDecimal(number);
  }

  /**
   * An EVM address: {@code 0x} and 40 hex digits. All lower-case or all upper-case hex is taken as
   * it is; mixed case must pass its EIP-55 checksum, and the error then shows the checksummed form.
   * Returns the address in lower case.
   */
  public static String parseAddress(String text) throws InvalidValueException {
    String s = text.strip();
    String hex = hexBody(text, s, "an address");
    if (hex.length() != 40) {
      throw new InvalidValueException(
          quote(text)
              + " is not an address: expected 0x followed by 40 hex digits, got "
              + hex.length());
    }
    String lower = "0x" + hex.toLowerCase(Locale.ROOT);
    boolean mixed =
        !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
    if (mixed) {
      String checksummed = Keys.toChecksumAddress(lower);
      if (!checksummed.equals("0x" + hex)) {
        throw new InvalidValueException(
            quote(text)
                + " fails its EIP-55 checksum (mixed-case letters encode a checksum): if the address itself is right,"
                + " write it as "
                + checksummed
                + " or in all lower case");
      }
    }
    return lower;
  }

  /**
   * A Pyth price id: {@code 0x} and 64 hex digits (32 bytes), any case. Returns it in lower case.
   */
  public static String parsePriceId(String text) throws InvalidValueException {
    String s = text.strip();
    String hex = hexBody(text, s, "a Pyth price id");
    if (hex.length() != 64) {
      throw new InvalidValueException(
          quote(text)
              + " is not a Pyth price id: expected 0x followed by 64 hex digits, got "
              + hex.length());
    }
    return "0x" + hex.toLowerCase(Locale.ROOT);
  }

  private static String hexBody(String original, String s, String what)
      throws InvalidValueException {
    if (!s.startsWith("0x")) {
      throw new InvalidValueException(
          quote(original) + " is not " + what + ": it must start with 0x");
    }
    String hex = s.substring(2);
    if (!HEX.matcher(hex).matches()) {
      throw new InvalidValueException(
          quote(original) + " is not " + what + ": only hex digits 0-9, a-f may follow 0x");
    }
    return hex;
  }

  /** A URL with one of {@code schemes} and a host. Returns it as written (stripped). */
  public static String parseUrl(String text, Set<String> schemes) throws InvalidValueException {
    String s = text.strip();
    String allowed = String.join(", ", schemes.stream().sorted().toList());
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; expected a URL (" + allowed + ")");
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new InvalidValueException(quote(text) + " is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !schemes.contains(scheme.toLowerCase(Locale.ROOT))) {
      throw new InvalidValueException(
          quote(text)
              + " is not a usable URL: the scheme must be one of "
              + allowed
              + (scheme == null ? "" : ", got " + scheme));
    }
    String host = uri.getHost();
    if (host == null && uri.getRawAuthority() != null) {
      // a host name that java.net.URI rejects (e.g. with '_') still has an authority
      host = uri.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":[0-9]*$", "");
    }
    if (host == null || host.isEmpty()) {
      throw new InvalidValueException(quote(text) + " is not a usable URL: it has no host");
    }
    return s;
  }

  /** An EIP-155 chain id: a positive whole number. */
  public static long parseChainId(String text) throws InvalidValueException {
    String s = text.strip();
    if (!WHOLE.matcher(s).matches()) {
      throw new InvalidValueException(
          quote(text) + " is not a chain id: expected a positive whole number such as 42161");
    }
    try {
      long id = Long.parseLong(s);
      if (id <= 0) {
        throw new InvalidValueException(quote(text) + " is not a chain id: it must be positive");
      }
      return id;
    } catch (NumberFormatException e) {
      throw new InvalidValueException(quote(text) + " is not a chain id: too large");
    }
  }

  /** A non-negative whole number that fits an int. */
  public static int parseCount(String text) throws InvalidValueException {
    String s = text.strip();
    if (s.startsWith("-") && WHOLE.matcher(s.substring(1)).matches()) {
      throw new InvalidValueException(
          quote(text) + " is negative; expected a whole number, 0 or more");
    }
    if (!WHOLE.matcher(s).matches()) {
      throw new InvalidValueException(
          quote(text) + " is not a count; expected a whole number, 0 or more");
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new InvalidValueException(
          quote(text) + " is too large; expected at most " + Integer.MAX_VALUE);
    }
  }

  /** {@code true} or {@code false}; YAML 1.1's yes/no and on/off are accepted too, in any case. */
  public static boolean parseBoolean(String text) throws InvalidValueException {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw new InvalidValueException(
              quote(text) + " is not a boolean; expected true or false");
    };
  }

  /** A canonical pair {@code BASE/QUOTE} of upper-case letters and digits. */
  public static String parseSymbol(String text) throws InvalidValueException {
    String s = text.strip();
    if (!SYMBOL.matcher(s).matches()) {
      throw new InvalidValueException(
          quote(text)
              + " is not a symbol: expected BASE/QUOTE in upper-case letters and digits, such as ETH/USD");
    }
    if (Pair.parse(s).isEmpty()) {
      throw new InvalidValueException(
          quote(text) + " is not a symbol: the base and the quote have at most 15 characters each");
    }
    return s;
  }

  /**
   * A Hyperliquid perp coin as the info API names it: {@code ETH}, {@code kPEPE} (the 1000x
   * listings), or a HIP-3 builder-deployed perp as {@code dex:COIN} ({@code xyz:TSLA}). Names are
   * case-sensitive and always carry an upper-case letter or digit, so {@code eth} is refused with
   * its upper-case form suggested.
   */
  public static String parseHyperliquidCoin(String text) throws InvalidValueException {
    String s = text.strip();
    String expected = "expected the coin as Hyperliquid names it, such as ETH, kPEPE or xyz:TSLA";
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; " + expected);
    }
    Matcher pair = PAIR_LIKE.matcher(s);
    if (pair.matches()) {
      throw new InvalidValueException(
          quote(text)
              + " is not a Hyperliquid coin: markets are named by their coin alone; did you mean '"
              + pair.group(1).toUpperCase(Locale.ROOT)
              + "'?");
    }
    Matcher m = HYPERLIQUID_COIN.matcher(s);
    if (!m.matches()) {
      throw new InvalidValueException(quote(text) + " is not a Hyperliquid coin: " + expected);
    }
    String coin = m.group(2);
    if (coin.equals(coin.toLowerCase(Locale.ROOT))) {
      String dex = m.group(1) == null ? "" : m.group(1);
      throw new InvalidValueException(
          quote(text)
              + " is not a Hyperliquid coin: coin names are case-sensitive and upper case; did you"
              + " mean '"
              + dex
              + coin.toUpperCase(Locale.ROOT)
              + "'?");
    }
    return s;
  }

  /** A dYdX v4 perpetual market ticker, {@code BASE-QUOTE} in upper case: {@code ETH-USD}. */
  public static String parseDydxTicker(String text) throws InvalidValueException {
    String s = text.strip();
    String expected = "expected the market's ticker, BASE-QUOTE such as ETH-USD";
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; " + expected);
    }
    if (DYDX_TICKER.matcher(s).matches()) {
      return s;
    }
    String suggestion = null;
    Matcher pair = PAIR_LIKE.matcher(s);
    if (pair.matches()) {
      suggestion = pair.group(1) + "-" + pair.group(2);
    } else if (COIN.matcher(s).matches()) {
      suggestion = s + "-USD";
    }
    if (suggestion != null && DYDX_TICKER.matcher(suggestion.toUpperCase(Locale.ROOT)).matches()) {
      throw new InvalidValueException(
          quote(text)
              + " is not a dYdX ticker: "
              + expected
              + "; did you mean '"
              + suggestion.toUpperCase(Locale.ROOT)
              + "'?");
    }
    throw new InvalidValueException(quote(text) + " is not a dYdX ticker: " + expected);
  }

  /**
   * A Synthetix v3 perps market id: a {@code uint128} in decimal, at least 1. Returns it without
   * leading zeros.
   */
  public static String parseSynthetixMarketId(String text) throws InvalidValueException {
    String s = text.strip();
    String expected =
        "expected the market's numeric id (a uint128), such as 100 (ETH) or 200 (BTC) on Base and"
            + " Arbitrum; getMarkets() lists them";
    if (!WHOLE.matcher(s).matches()) {
      throw new InvalidValueException(
          (s.isEmpty() ? "empty value" : quote(text) + " is not a Synthetix v3 market id")
              + ": "
              + expected);
    }
    BigInteger id = new BigInteger(s);
    if (id.signum() == 0) {
      throw new InvalidValueException(
          quote(text) + " is not a Synthetix v3 market id: ids start at 1");
    }
    if (id.bitLength() > 128) {
      throw new InvalidValueException(
          quote(text) + " is not a Synthetix v3 market id: it does not fit a uint128");
    }
    return id.toString();
  }

  /** A GMX v2 market, named by its market token's address. Returns it in lower case. */
  public static String parseGmxMarket(String text) throws InvalidValueException {
    if (!text.strip().startsWith("0x")) {
      throw new InvalidValueException(
          quote(text)
              + " is not a GMX v2 market: markets are named by their market token's address,"
              + " 0x and 40 hex digits (ETH/USD [WETH-USDC] on Arbitrum is"
              + " 0x70d95587d40A2caf56bd97485aB3Eec10Bee6336)");
    }
    return parseAddress(text);
  }

  /**
   * A store URL: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql:...} (host form or database
   * name, as the PostgreSQL driver takes it). Returns it stripped.
   */
  public static String parseStorageUrl(String text) throws InvalidValueException {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; expected " + STORAGE_FORMS);
    }
    for (String prefix : List.of(StorageConfig.SQLITE_PREFIX, StorageConfig.POSTGRESQL_PREFIX)) {
      if (s.startsWith(prefix)) {
        if (s.length() == prefix.length()) {
          throw new InvalidValueException(
              quote(text)
                  + " names no "
                  + (prefix.equals(StorageConfig.SQLITE_PREFIX) ? "file" : "database")
                  + "; expected "
                  + STORAGE_FORMS);
        }
        return s;
      }
    }
    String suggestion = storageSuggestion(s);
    throw new InvalidValueException(
        quote(text)
            + " is not a supported store: expected "
            + STORAGE_FORMS
            + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
  }

  private static String storageSuggestion(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    String[][] fixes = {
      {"jdbc:sqlite:", "jdbc:sqlite:"},
      {"jdbc:postgresql:", "jdbc:postgresql:"},
      {"jdbc:postgres:", "jdbc:postgresql:"},
      {"sqlite:", "jdbc:sqlite:"},
      {"postgresql:", "jdbc:postgresql:"},
      {"postgres:", "jdbc:postgresql:"},
    };
    for (String[] fix : fixes) {
      if (lower.startsWith(fix[0]) && s.length() > fix[0].length()) {
        return fix[1] + s.substring(fix[0].length());
      }
    }
    return null;
  }

  // ---- positions

  private static final Pattern SIGNED_NUMBER =
      Pattern.compile("[-+]?([0-9]+(\\.[0-9]+)?|\\.[0-9]+)([eE][-+]?[0-9]{1,4})?");
  private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{1,15}");
  private static final String DYDX_PREFIX = "dydx";

  /**
   * A decimal number, with a sign and an exponent allowed ({@code 10}, {@code 2.5}, {@code -3},
   * {@code 1e3}), exact and with trailing zeros stripped. Callers judge the sign.
   */
  public static BigDecimal parseDecimal(String text) throws InvalidValueException {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; expected a number such as 10 or 2.5");
    }
    if (!SIGNED_NUMBER.matcher(s).matches()) {
      throw new InvalidValueException(
          quote(text) + " is not a number; expected a decimal such as 10 or 2.5");
    }
    BigDecimal value = new BigDecimal(s).stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  /**
   * An asset symbol as in a reference pair: upper-case letters and digits, at most 15 ({@code
   * ETH}). A lower-case one is refused with its upper-case form suggested.
   */
  public static String parseAsset(String text) throws InvalidValueException {
    String s = text.strip();
    if (ASSET.matcher(s).matches()) {
      return s;
    }
    String upper = s.toUpperCase(Locale.ROOT);
    throw new InvalidValueException(
        quote(text)
            + " is not an asset symbol: expected upper-case letters and digits as in a reference"
            + " pair's base, such as ETH"
            + (ASSET.matcher(upper).matches() ? "; did you mean '" + upper + "'?" : ""));
  }

  /**
   * A dYdX v4 account: its owner's bech32 address ({@code dydx1…}, checksum verified, a 20- or
   * 32-byte account) with an optional {@code /N} subaccount number, 0 by default. Returns the
   * address in lower case.
   */
  public static PositionAccount.DydxSubaccount parseDydxAccount(String text)
      throws InvalidValueException {
    String s = text.strip();
    String forms =
        "expected the owner's address, dydx1 and 38 characters, optionally with /N for subaccount"
            + " N (0 to "
            + PositionAccount.DydxSubaccount.MAX_NUMBER
            + ", default 0)";
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; " + forms);
    }
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash).strip();
    int number = 0;
    if (slash >= 0) {
      String n = s.substring(slash + 1).strip();
      if (!WHOLE.matcher(n).matches()
          || n.length() > 6
          || Integer.parseInt(n) > PositionAccount.DydxSubaccount.MAX_NUMBER) {
        throw new InvalidValueException(
            quote(text)
                + " has no valid subaccount number after '/': expected a whole number from 0 to "
                + PositionAccount.DydxSubaccount.MAX_NUMBER);
      }
      number = Integer.parseInt(n);
    }
    if (!address.toLowerCase(Locale.ROOT).startsWith(DYDX_PREFIX + "1")) {
      throw new InvalidValueException(quote(text) + " is not a dYdX address: " + forms);
    }
    Bech32.Decoded decoded;
    try {
      decoded = Bech32.decode(address);
    } catch (Bech32.Invalid e) {
      throw new InvalidValueException(quote(text) + " is not a dYdX address: " + e.getMessage());
    }
    if (!decoded.hrp().equals(DYDX_PREFIX)) {
      throw new InvalidValueException(quote(text) + " is not a dYdX address: " + forms);
    }
    int length = decoded.bytes().map(b -> b.length).orElse(-1);
    if (length != 20 && length != 32) {
      throw new InvalidValueException(
          quote(text)
              + " is not a dYdX address: "
              + (length < 0
                  ? "its data does not end on a whole byte"
                  : "it holds " + length + " bytes")
              + ", where an account has 20 (dydx1 and 38 characters) or 32");
    }
    return new PositionAccount.DydxSubaccount(address.toLowerCase(Locale.ROOT), number);
  }

  /**
   * A Synthetix v3 perps account id: a {@code uint128} in decimal, at least 1 (the id of the
   * account's AccountProxy NFT; the ids {@code createAccount()} assigns lie above uint128.max / 2,
   * so they are long). Returns it without leading zeros.
   */
  public static BigInteger parseSynthetixAccountId(String text) throws InvalidValueException {
    String s = text.strip();
    String expected =
        "expected the perps account's numeric id (a uint128, the id of its AccountProxy NFT)";
    if (!WHOLE.matcher(s).matches()) {
      throw new InvalidValueException(
          (s.isEmpty() ? "empty value" : quote(text) + " is not a Synthetix v3 account id")
              + ": "
              + expected);
    }
    BigInteger id = new BigInteger(s);
    if (id.signum() == 0) {
      throw new InvalidValueException(
          quote(text) + " is not a Synthetix v3 account id: ids start at 1");
    }
    if (id.bitLength() > 128) {
      throw new InvalidValueException(
          quote(text) + " is not a Synthetix v3 account id: it does not fit a uint128");
    }
    return id;
  }

  public static boolean isValidId(String id) {
    return ID.matcher(id).matches();
  }

  static String quote(String value) {
    return "'" + value + "'";
  }
}
