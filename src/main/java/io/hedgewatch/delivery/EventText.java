package io.hedgewatch.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.store.StoredEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a person reads about one event, taken from its stored webhook document (the alert's message,
 * action, value and threshold live only there) and, should that document be unreadable, from the
 * event's own columns, so that a message still goes out.
 *
 * @param state what happened, in words: {@code opened}, {@code updated}, {@code still open}, {@code
 *     acknowledged by NAME}, {@code resolved}
 */
record EventText(
    StoredEvent event,
    String state,
    String message,
    Optional<String> action,
    Optional<String> valueVsThreshold) {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final MathContext SIGNIFICANT = new MathContext(6);

  static EventText of(StoredEvent event) {
    JsonNode alert = MAPPER.missingNode();
    JsonNode ack = MAPPER.missingNode();
    try {
      JsonNode root = MAPPER.readTree(event.body());
      if (root != null) {
        alert = root.path("alert");
        ack = root.path("acknowledgement");
      }
    } catch (IOException e) {
      // the columns still say what, where and how bad; the message says the rest is missing
    }
    String message = text(alert, "message").orElse("(the event's document could not be read)");
    return new EventText(
        event,
        state(event.type(), text(ack, "by")),
        oneLine(message),
        text(alert, "action").map(EventText::oneLine),
        valueVsThreshold(alert));
  }

  boolean resolved() {
    return event.type().equals("alert.resolved");
  }

  boolean acknowledged() {
    return event.type().equals("alert.acknowledged");
  }

  /** A marker a chat client shows in colour: the severity, or the resolution. */
  String marker() {
    if (resolved()) {
      return "\u2705"; // white heavy check mark
    }
    if (acknowledged()) {
      return "\u2611\ufe0f"; // ballot box with check
    }
    switch (event.severity()) {
      case "CRITICAL":
        return "\ud83d\udd34"; // red circle
      case "WARNING":
        return "\ud83d\udfe0"; // orange circle
      case "OK":
        return "\ud83d\udfe2"; // green circle
      default:
        return "\u26aa"; // white circle: UNKNOWN, a blind spot
    }
  }

  /** {@code CRITICAL opened}, {@code WARNING resolved} ... */
  String headline() {
    return event.severity() + " " + state;
  }

  /** {@code oracle.drift on feed:eth-usd} */
  String what() {
    return event.rule() + " on " + event.subject();
  }

  /** One line: time, type, severity, rule, subject, message, then value and action. */
  String line() {
    return line(false);
  }

  /**
   * {@link #line()}, with the type and severity in the severity's ANSI colour when {@code colour}
   * (green once resolved), for a terminal.
   */
  String line(boolean colour) {
    String heading = event.type() + " " + event.severity();
    StringBuilder line =
        new StringBuilder()
            .append(event.at())
            .append(' ')
            .append(colour ? ansiColour() + heading + ANSI_RESET : heading)
            .append(' ')
            .append(event.rule())
            .append(' ')
            .append(event.subject())
            .append(": ")
            .append(message);
    valueVsThreshold.ifPresent(v -> line.append(" (").append(v).append(')'));
    action.ifPresent(a -> line.append(" Action: ").append(a));
    return line.toString();
  }

  static final String ANSI_RESET = "\u001b[0m";

  /** Bold red CRITICAL, yellow WARNING, magenta UNKNOWN, green OK and resolutions, cyan acks. */
  String ansiColour() {
    if (resolved()) {
      return "\u001b[32m";
    }
    if (acknowledged()) {
      return "\u001b[36m";
    }
    switch (event.severity()) {
      case "CRITICAL":
        return "\u001b[1;31m";
      case "WARNING":
        return "\u001b[33m";
      case "OK":
        return "\u001b[32m";
      default:
        return "\u001b[35m";
    }
  }

  private static String state(String type, Optional<String> acknowledgedBy) {
    switch (type) {
      case "alert.opened":
        return "opened";
      case "alert.updated":
        return "updated";
      case "alert.reminder":
        return "still open";
      case "alert.acknowledged":
        return acknowledgedBy.map(by -> "acknowledged by " + oneLine(by)).orElse("acknowledged");
      case "alert.resolved":
        return "resolved";
      default:
        return type;
    }
  }

  private static Optional<String> valueVsThreshold(JsonNode alert) {
    Optional<String> value = number(alert, "value");
    Optional<String> threshold = number(alert, "threshold");
    if (value.isPresent() && threshold.isPresent()) {
      return Optional.of("value " + value.get() + " vs threshold " + threshold.get());
    }
    return value.map(v -> "value " + v).or(() -> threshold.map(t -> "threshold " + t));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  private static Optional<String> number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      return Optional.empty();
    }
    BigDecimal rounded = value.decimalValue().round(SIGNIFICANT).stripTrailingZeros();
    return Optional.of(
        rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString());
  }

  /** At most {@code max} characters, ending in {@code ...} when cut, never inside a pair. */
  /**
   * How one chat app marks a message up: its bold and the escaping its format needs (the alert's
   * own words must never turn into markup, mentions or links).
   */
  record Markup(String boldOpen, String boldClose, UnaryOperator<String> escape) {

    /** Slack mrkdwn and Telegram HTML escape the same three characters. */
    static String escapeAngleAndAmpersand(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
  }

  /**
   * The message every chat sink sends: severity marker and headline in bold, what happened, the
   * message (at most {@code maxMessage} characters), value against threshold, and the action (at
   * most {@code maxAction}).
   */
  String render(Markup markup, int maxMessage, int maxAction) {
    UnaryOperator<String> esc = markup.escape();
    StringBuilder out =
        new StringBuilder()
            .append(marker())
            .append(' ')
            .append(markup.boldOpen())
            .append(esc.apply(headline()))
            .append(markup.boldClose())
            .append(": ")
            .append(esc.apply(what()))
            .append('\n')
            .append(esc.apply(shorten(message(), maxMessage)));
    valueVsThreshold().ifPresent(v -> out.append('\n').append(esc.apply(v)));
    action()
        .ifPresent(
            a ->
                out.append('\n')
                    .append(markup.boldOpen())
                    .append("Action:")
                    .append(markup.boldClose())
                    .append(' ')
                    .append(esc.apply(shorten(a, maxAction))));
    return out.toString();
  }

  static String shorten(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 3;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "...";
  }

  static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }
}
