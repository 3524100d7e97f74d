package io.hedgewatch.reference;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hedgewatch.domain.QuoteFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reading venue replies into values, or a {@link Rejected} carrying the typed failure. Every price
 * becomes a {@link BigDecimal} of its exact text (a JSON number is read as a {@code BigDecimal}
 * too, trailing zeros kept); a field that is missing, of the wrong JSON type, empty or out of range
 * is {@link QuoteFailure.Malformed} naming the field and what was found.
 */
final class ReplyJson {

  /**
   * Unknown fields are ignored by construction (replies are read as trees); a duplicated key or a
   * second value after the first is not JSON this code trusts.
   */
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** How much of an unreadable body a failure quotes. */
  static final int SNIPPET_CHARS = 120;

  /**
   * Epoch milliseconds before 2001-09-09 or after 2286-11-20 are taken for a unit mistake (seconds,
   * microseconds), not a time.
   */
  private static final long MIN_EPOCH_MILLIS = 1_000_000_000_000L;

  private static final long MAX_EPOCH_MILLIS = 9_999_999_999_999L;

  /**
   * Prices with more than this many fraction digits, or a larger power of ten than this, are
   * refused: no real quote needs them and they would make later arithmetic unbounded.
   */
  private static final int MAX_PRICE_SCALE = 40;

  /** The reply is not usable; carries why. Control flow inside a parser, no stack trace. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient QuoteFailure failure;

    Rejected(QuoteFailure failure) {
      super(failure.describe(), null, false, false);
      this.failure = failure;
    }

    QuoteFailure failure() {
      return failure;
    }
  }

  private ReplyJson() {}

  static Rejected malformed(String detail) {
    return new Rejected(new QuoteFailure.Malformed(detail));
  }

  /** The body as a JSON tree, or empty when it is not JSON (empty, HTML, truncated, garbage). */
  static Optional<JsonNode> tryParse(String body) {
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

  /** {@code Malformed} for a body that is not JSON, quoting the body's start. */
  static Rejected notJson(String body) {
    return body == null || body.isBlank()
        ? malformed("empty body, expected JSON")
        : malformed("not JSON: " + snippet(body));
  }

  /** The start of a body, on one line, for messages: {@code "<empty body>"} when there is none. */
  static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "<empty body>";
    }
    return quote(body.strip());
  }

  /** Text in single quotes, on one line, cut at {@link #SNIPPET_CHARS}. */
  static String quote(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= SNIPPET_CHARS
        ? "'" + oneLine + "'"
        : "'" + oneLine.substring(0, SNIPPET_CHARS) + "…'";
  }

  /** What a JSON node is, for messages: "a string", "a number", "null", "an array", … */
  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    switch (node.getNodeType()) {
      case STRING:
        return node.asText().isEmpty() ? "an empty string" : "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      default:
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static Rejected wrongKind(String field, JsonNode found) {
    return malformed(field + " is " + kind(found));
  }

  /** The reply itself (or a nested value, named {@code what}) as an object. */
  static JsonNode object(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw malformed(what + " is " + kind(node) + ", expected an object");
    }
    return node;
  }

  static JsonNode requireObject(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw malformed(field + " is " + (value == null ? "missing" : "null"));
    }
    if (!value.isObject()) {
      throw wrongKind(field, value);
    }
    return value;
  }

  static JsonNode requireArray(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw malformed(field + " is " + (value == null ? "missing" : "null"));
    }
    if (!value.isArray()) {
      throw wrongKind(field, value);
    }
    return value;
  }

  /** A string field, which may be empty; absent when missing or JSON null. */
  static Optional<String> optionalText(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongKind(field, value);
    }
    return Optional.of(value.asText());
  }

  /**
   * A venue's code that the venue sends as text or as a number ({@code "0"} or {@code 0}); returned
   * as text. Anything else (fraction, boolean, object) is {@code Malformed}.
   */
  static String code(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw malformed(field + " is " + (value == null ? "missing" : "null"));
    }
    if (value.isTextual() && !value.asText().isEmpty()) {
      return value.asText();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    throw wrongKind(field, value);
  }

  /** A venue's free-text message; missing, null or not text gives {@code fallback}. */
  static String message(JsonNode parent, String field, String fallback) {
    JsonNode value = parent.get(field);
    if (value != null && value.isTextual() && !value.asText().isBlank()) {
      return value.asText();
    }
    return fallback;
  }

  /**
   * A price: a decimal string (or a JSON number, read exactly) greater than zero. {@code field} is
   * how messages name it, e.g. {@code "lastPrice"} or {@code "c[0]"}.
   */
  static BigDecimal price(JsonNode value, String field) {
    if (value == null || value.isMissingNode()) {
      throw malformed(field + " is missing");
    }
    BigDecimal price;
    if (value.isTextual()) {
      String text = value.asText();
      if (text.isEmpty()) {
        throw malformed(field + " is an empty string");
      }
      try {
        price = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw malformed(field + " is not a decimal number: " + quote(text));
      }
    } else if (value.isNumber()) {
      price = value.decimalValue();
    } else {
      throw wrongKind(field, value);
    }
    if (price.signum() <= 0) {
      throw malformed(field + " is " + (price.signum() == 0 ? "zero" : "negative") + ": " + price);
    }
    if (price.scale() > MAX_PRICE_SCALE || price.scale() < -MAX_PRICE_SCALE) {
      throw malformed(field + " is out of range: " + quote(price.toString()));
    }
    return price;
  }

  static BigDecimal priceField(JsonNode parent, String field) {
    return price(parent.get(field), field);
  }

  /**
   * Epoch milliseconds sent as a number ({@code 1760352369814}) or as digits in a string ({@code
   * "1597026383085"}).
   */
  static Instant epochMillis(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw malformed(field + " is " + (value == null ? "missing" : "null"));
    }
    long millis;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      millis = value.longValue();
    } else if (value.isTextual()) {
      String text = value.asText();
      if (text.isEmpty()) {
        throw malformed(field + " is an empty string");
      }
      if (!text.chars().allMatch(c -> c >= '0' && c <= '9') || text.length() > 18) {
        throw malformed(field + " is not epoch milliseconds: " + quote(text));
      }
      millis = Long.parseLong(text);
    } else if (value.isNumber()) {
      throw malformed(field + " is not whole epoch milliseconds: " + value.asText());
    } else {
      throw wrongKind(field, value);
    }
    if (millis < MIN_EPOCH_MILLIS || millis > MAX_EPOCH_MILLIS) {
      throw malformed(field + " is not epoch milliseconds: " + millis);
    }
    return Instant.ofEpochMilli(millis);
  }

  /** An ISO-8601 instant ({@code 2024-03-13T11:10:41.270099Z}, up to nanoseconds, or an offset). */
  static Instant isoInstant(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw malformed(field + " is " + (value == null ? "missing" : "null"));
    }
    if (!value.isTextual()) {
      throw wrongKind(field, value);
    }
    String text = value.asText();
    if (text.isEmpty()) {
      throw malformed(field + " is an empty string");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw malformed(field + " is not an ISO-8601 instant: " + quote(text));
    }
  }
}
