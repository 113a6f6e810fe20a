package io.carillon.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** The module's one JSON codec: parameters and results are plain maps, so defaults suffice. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new JobTypeException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses a JSON object; anything else (an array, a number, broken text) is a field error. */
  static Map<String, Object> readObject(String json, String field) {
    try {
      Map<String, Object> map = MAPPER.readValue(json, OBJECT);
      if (map == null) {
        throw new InvalidParametersException(
            List.of(new FieldError(field, "must be a JSON object")));
      }
      return map;
    } catch (JsonProcessingException e) {
      throw new InvalidParametersException(List.of(new FieldError(field, "must be a JSON object")));
    }
  }
}
