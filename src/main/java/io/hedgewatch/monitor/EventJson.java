package io.hedgewatch.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.alert.AlertEvent;
import io.hedgewatch.store.StoredEvent;

/**
 * The contract's webhook document for one alert event: {@code {"type", "id", "alert": {...as in
 * check --json...}}}, compact, one line. Extensions: {@code at} (the cycle that produced the
 * event), and for {@code alert.acknowledged} an {@code acknowledgement} object ({@code by}, {@code
 * at}, {@code severity}).
 */
public final class EventJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventJson() {}

  public static String render(AlertEvent event) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("type", event.type().wireName());
    root.put("id", event.id());
    root.put("at", CheckJson.iso(event.at()));
    root.set("alert", CheckJson.alert(event.alert(), event.since()));
    if (event.acknowledgement() != null) {
      ObjectNode ack = root.putObject("acknowledgement");
      ack.put("by", event.acknowledgement().by());
      ack.put("at", CheckJson.iso(event.acknowledgement().at()));
      ack.put("severity", event.acknowledgement().severity().name());
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render alert event " + event.id(), e);
    }
  }

  /** The event as the store keeps it, its body rendered once. */
  public static StoredEvent stored(AlertEvent event) {
    return StoredEvent.unsequenced(
        event.id(),
        event.type().wireName(),
        event.alertId(),
        event.alert().rule(),
        event.alert().subject(),
        event.alert().severity().name(),
        event.at(),
        render(event));
  }
}
