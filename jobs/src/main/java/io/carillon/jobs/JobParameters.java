package io.carillon.jobs;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's parameters after validation: typed values (String, Long, Boolean, Duration, {@code
 * List<String>}, {@code Map<String,String>}) with defaults applied. Only a registry makes them, so
 * holding one means the values fit the schema.
 */
public final class JobParameters {

  private final Map<String, Object> values;

  JobParameters(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name) {
    return get(name, String.class);
  }

  public long integer(String name) {
    return get(name, Long.class);
  }

  public boolean bool(String name) {
    return get(name, Boolean.class);
  }

  public Duration duration(String name) {
    return get(name, Duration.class);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String name) {
    return get(name, List.class);
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> map(String name) {
    return get(name, Map.class);
  }

  /** The typed values by name. */
  public Map<String, Object> values() {
    return values;
  }

  /** The normalised values as JSON types (durations as ISO-8601 strings), ready to store. */
  public Map<String, Object> toJsonMap() {
    Map<String, Object> json = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> json.put(name, value instanceof Duration ? value.toString() : value));
    return json;
  }

  /** The normalised values as a JSON object string, the form kept in Quartz's job data. */
  public String toJson() {
    return Json.write(toJsonMap());
  }

  private <T> T get(String name, Class<T> type) {
    Object value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("parameter " + name + " has no value; check has() first");
    }
    return type.cast(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobParameters that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "JobParameters" + values;
  }
}
