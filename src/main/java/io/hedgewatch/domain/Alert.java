package io.hedgewatch.domain;

import java.util.Objects;

/**
 * One rule's judgement of one subject in one observation. {@code value} and {@code threshold} are
 * in the unit the rule documents (bps, seconds, ...), so that a bot can compare them without
 * parsing the message.
 *
 * @param rule stable rule id, e.g. {@code oracle.stale}
 * @param subject {@code chain:ID}, {@code feed:ID}, ...
 * @param value the observed quantity, or null when the rule has no scalar (e.g. a changed address)
 * @param threshold the crossed threshold in the same unit, or null
 * @param action what the user should do about it, in one sentence
 */
public record Alert(
    String rule,
    Severity severity,
    String subject,
    String message,
    Double value,
    Double threshold,
    String action) {

  public Alert {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
  }

  /** Stable identity of an alert across observations: the pair (rule, subject). */
  public String key() {
    return rule + "|" + subject;
  }

  public Alert withMessage(String newMessage) {
    return new Alert(rule, severity, subject, newMessage, value, threshold, action);
  }
}
