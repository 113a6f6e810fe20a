package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.CarillonException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a dependent run gets from its upstream's result, and their JSON as a claim keeps
 * it until the run starts (on this node, or on the one that takes the claim over).
 */
final class DependencyOverrides {
  private DependencyOverrides() {}

  /**
   * The downstream's parameters from the upstream's result as {@code mapping} ({@code {param:
   * field}}, JSON) says: each field the result has (and is not null) gives its parameter its value.
   */
  static Map<String, Object> mapped(ObjectMapper json, String resultJson, String mappingJson)
      throws JsonProcessingException {
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (mappingJson == null || resultJson == null) {
      return overrides;
    }
    JsonNode result = json.readTree(resultJson);
    for (var entry : json.readTree(mappingJson).properties()) {
      JsonNode value = result == null ? null : result.get(entry.getValue().asText());
      if (value != null && !value.isNull()) {
        overrides.put(entry.getKey(), json.treeToValue(value, Object.class));
      }
    }
    return overrides;
  }

  /** The overrides as a claim stores them; null when there are none. */
  static String write(ObjectMapper json, Map<String, Object> overrides) {
    if (overrides.isEmpty()) {
      return null;
    }
    try {
      return json.writeValueAsString(overrides);
    } catch (JsonProcessingException e) {
      throw new CarillonException("cannot write run overrides", e);
    }
  }

  static Map<String, Object> read(ObjectMapper json, String text) {
    if (text == null) {
      return Map.of();
    }
    try {
      return json.readValue(text, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new CarillonException("stored run overrides", e);
    }
  }
}
