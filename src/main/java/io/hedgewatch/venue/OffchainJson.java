package io.hedgewatch.venue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hedgewatch.domain.ReadFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reading off-chain venue replies as JSON trees into exact values, or a {@link Rejected} carrying a
 * {@link ReadFailure.Malformed} that names where it was (venue, market, field) and what was found.
 * Decimals keep their exact text ({@code "0.0000125"} stays 0.0000125, trailing zeros kept); a JSON
 * number is read as a {@code BigDecimal} too, never through a {@code double}.
 */
final class OffchainJson {

  /** Replies are read as trees, so unknown fields are ignored; duplicate keys are not trusted. */
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /**
   * Decimals with more fraction digits or a larger power of ten than this are refused: no venue
   * value needs them, and they would make later arithmetic unbounded.
   */
  private static final int MAX_SCALE = 40;

  /** Epoch milliseconds outside 2001-09-09 .. 2286-11-20 are a unit mistake, not a time. */
  private static final long MIN_EPOCH_MILLIS = 1_000_000_000_000L;

  private static final long MAX_EPOCH_MILLIS = 9_999_999_999_999L;

  private static final int QUOTE_CHARS = 80;

  /** The reply is not usable; carries why. Control flow inside a parser, no stack trace. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ReadFailure failure;

    Rejected(ReadFailure failure) {
      super(failure.describe(), null, false, false);
      this.failure = failure;
    }

    ReadFailure failure() {
      return failure;
    }
  }

  private OffchainJson() {}

  static Rejected malformed(String detail) {
    return new Rejected(new ReadFailure.Malformed(detail));
  }

  static Rejected unavailable(String detail) {
    return new Rejected(new ReadFailure.Unavailable(detail));
  }

  /** The body as a JSON tree, or empty when it is not JSON (empty, HTML, truncated, garbage). */
  static Optional<JsonNode> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The body as JSON, or {@code Malformed} naming {@code what} and quoting the body's start. */
  static JsonNode parseOrReject(String body, String what) {
    return parse(body)
        .orElseThrow(
            () ->
                malformed(
                    what
                        + (body == null || body.isBlank()
                            ? ": empty body, expected JSON"
                            : ": not JSON: " + quote(body))));
  }

  /** Text in single quotes, on one line, cut short. */
  static String quote(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= QUOTE_CHARS
        ? "'" + oneLine + "'"
        : "'" + oneLine.substring(0, QUOTE_CHARS) + "…'";
  }

  /** What a JSON node is, for messages: "a string", "a number", "null", "missing", … */
  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    return switch (node.getNodeType()) {
      case STRING -> node.asText().isEmpty() ? "an empty string" : "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** {@code node} itself as an object; {@code where} names it. */
  static JsonNode object(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw malformed(where + " is " + kind(node) + ", expected an object");
    }
    return node;
  }

  /** {@code node} itself as an array; {@code where} names it. */
  static JsonNode array(JsonNode node, String where) {
    if (node == null || !node.isArray()) {
      throw malformed(where + " is " + kind(node) + ", expected an array");
    }
    return node;
  }

  /** A required non-empty string field. */
  static String text(JsonNode parent, String field, String where) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw malformed(where + "." + field + " is " + kind(value) + ", expected a string");
    }
    return value.asText();
  }

  /** A boolean field; absent when missing or null, {@code Malformed} when of another type. */
  static Optional<Boolean> optionalBoolean(JsonNode parent, String field, String where) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw malformed(where + "." + field + " is " + kind(value) + ", expected a boolean");
    }
    return Optional.of(value.booleanValue());
  }

  /**
   * A whole number in {@code [min, max]} sent as a JSON integer ({@code 50}); absent when missing
   * or null, {@code Malformed} when of another type or out of range.
   */
  static Optional<Integer> optionalWholeNumber(
      JsonNode parent, String field, String where, int min, int max) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    String name = where + "." + field;
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw malformed(
          name
              + " is "
              + (value.isTextual() ? quote(value.asText()) : kind(value))
              + ", expected a whole number");
    }
    int n = value.intValue();
    if (n < min || n > max) {
      throw malformed(name + " is " + n + ", expected " + min + " to " + max);
    }
    return Optional.of(n);
  }

  /** A required decimal (sent as a decimal string, or a JSON number), any sign. */
  static BigDecimal decimal(JsonNode parent, String field, String where) {
    return decimal(parent.get(field), where + "." + field);
  }

  /** A decimal field; absent when missing or null, {@code Malformed} when unreadable. */
  static Optional<BigDecimal> optionalDecimal(JsonNode parent, String field, String where) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(decimal(value, where + "." + field));
  }

  /** A required decimal greater than zero (a price). */
  static BigDecimal positive(JsonNode parent, String field, String where) {
    return requirePositive(decimal(parent, field, where), where + "." + field);
  }

  /** A required decimal of zero or more (a size, an open interest). */
  static BigDecimal nonNegative(JsonNode parent, String field, String where) {
    return requireNonNegative(decimal(parent, field, where), where + "." + field);
  }

  static BigDecimal requirePositive(BigDecimal value, String name) {
    if (value.signum() <= 0) {
      throw malformed(name + " is " + (value.signum() == 0 ? "zero" : "negative") + ": " + value);
    }
    return value;
  }

  static BigDecimal requireNonNegative(BigDecimal value, String name) {
    if (value.signum() < 0) {
      throw malformed(name + " is negative: " + value);
    }
    return value;
  }

  /** A decimal value named {@code name}: a decimal string or a JSON number, read exactly. */
  static BigDecimal decimal(JsonNode value, String name) {
    BigDecimal number;
    if (value == null || value.isMissingNode() || value.isNull()) {
      throw malformed(name + " is " + kind(value) + ", expected a decimal string");
    } else if (value.isTextual()) {
      String text = value.asText();
      if (text.isEmpty()) {
        throw malformed(name + " is an empty string, expected a decimal");
      }
      try {
        number = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw malformed(name + " is not a decimal number: " + quote(text));
      }
    } else if (value.isNumber()) {
      number = value.decimalValue();
    } else {
      throw malformed(name + " is " + kind(value) + ", expected a decimal string");
    }
    if (number.scale() > MAX_SCALE || number.scale() < -MAX_SCALE) {
      throw malformed(name + " is out of range: " + quote(number.toString()));
    }
    return number;
  }

  /** Epoch milliseconds sent as a JSON integer ({@code 1689627600065}) or as digits in a string. */
  static Instant epochMillis(JsonNode parent, String field, String where) {
    return epochMillis(parent.get(field), where + "." + field);
  }

  static Instant epochMillis(JsonNode value, String name) {
    long millis;
    if (value == null || value.isMissingNode() || value.isNull()) {
      throw malformed(name + " is " + kind(value) + ", expected epoch milliseconds");
    } else if (value.isIntegralNumber() && value.canConvertToLong()) {
      millis = value.longValue();
    } else if (value.isTextual()
        && !value.asText().isEmpty()
        && value.asText().length() <= 18
        && value.asText().chars().allMatch(c -> c >= '0' && c <= '9')) {
      millis = Long.parseLong(value.asText());
    } else {
      throw malformed(
          name
              + " is "
              + (value.isTextual() ? quote(value.asText()) : kind(value))
              + ", expected epoch milliseconds");
    }
    if (millis < MIN_EPOCH_MILLIS || millis > MAX_EPOCH_MILLIS) {
      throw malformed(name + " is not epoch milliseconds: " + millis);
    }
    return Instant.ofEpochMilli(millis);
  }

  /** An ISO-8601 instant with a zone or offset ({@code 2025-12-08T16:00:00.219Z}). */
  static Instant isoInstant(JsonNode parent, String field, String where) {
    JsonNode value = parent.get(field);
    String name = where + "." + field;
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw malformed(name + " is " + kind(value) + ", expected an ISO-8601 instant");
    }
    try {
      return OffsetDateTime.parse(value.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw malformed(name + " is not an ISO-8601 instant: " + quote(value.asText()));
    }
  }
}
