package io.hedgewatch.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The lifecycle's state as JSON text, for the store to keep between restarts. Times are ISO-8601
 * with their full precision, so a reloaded state compares equal to the one written.
 */
public final class AlertStateJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private AlertStateJson() {}

  public static String write(AlertState state) {
    try {
      return MAPPER.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the alert state", e);
    }
  }

  /** The state written by {@link #write}; a clear error naming the problem for anything else. */
  public static AlertState read(String json) {
    try {
      return MAPPER.readValue(json, AlertState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "stored alert state is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
