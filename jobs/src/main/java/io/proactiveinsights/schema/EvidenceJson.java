package io.proactiveinsights.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON in the output tables: the {@code evidence} of {@code hygiene_flags} and {@code
 * recommendations}, and {@code message_facts.facts_json}. One mapper writes and reads all of it:
 * map keys sorted, so reruns write identical text; instants as ISO-8601 strings; NaN read back as a
 * number; fields a newer record no longer has ignored on read.
 */
public final class EvidenceJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(
              new SimpleModule("instants")
                  .addSerializer(Instant.class, new ToStringSerializer(Instant.class))
                  .addDeserializer(
                      Instant.class,
                      new FromStringDeserializer<Instant>(Instant.class) {
                        @Override
                        protected Instant _deserialize(
                            String value, DeserializationContext context) {
                          return Instant.parse(value);
                        }
                      }))
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EvidenceJson() {}

  /** An evidence map, or a record of facts, as JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot write evidence as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The {@code evidence} of a row of {@code table} back as the map it was written from. */
  public static Map<String, Object> readEvidence(String json, String table, String messageId) {
    try {
      return MAPPER.readValue(json, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot read " + table + " evidence of " + messageId + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Evidence as a tree, for readers that take what keys are there. */
  public static JsonNode readTree(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }

  /** A record written with {@link #write}. */
  public static <T> T read(String json, Class<T> type) throws JsonProcessingException {
    return MAPPER.readValue(json, type);
  }
}
