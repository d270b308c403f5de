package io.proactiveinsights.hygiene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/** Evidence maps to JSON strings for the {@code evidence} columns (sorted keys, so reruns write identical text). */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Json() {}

  public static String write(Map<String, Object> value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write evidence as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
