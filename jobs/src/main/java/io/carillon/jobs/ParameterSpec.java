package io.carillon.jobs;

import java.util.List;
import java.util.Objects;

/**
 * One parameter of a job type's schema.
 *
 * <p>{@code defaultValue} is written the way a client would send it in JSON (a duration as an
 * ISO-8601 string, an integer as a number). {@code min} and {@code max} bound INTEGER values and
 * the number of items of LIST and MAP parameters; {@code maxLength} bounds STRING values and each
 * item of LIST and MAP parameters; {@code allowedValues} lists what an ENUM accepts. Absent bounds
 * are null.
 */
public record ParameterSpec(
    String name,
    ParameterType type,
    boolean required,
    Object defaultValue,
    String description,
    Long min,
    Long max,
    Integer maxLength,
    List<String> allowedValues) {

  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
    if (required && defaultValue != null) {
      throw new IllegalArgumentException("required parameter " + name + " cannot have a default");
    }
  }

  /** A parameter that every job of the type must set. */
  public static ParameterSpec required(String name, ParameterType type, String description) {
    return new ParameterSpec(name, type, true, null, description, null, null, null, null);
  }

  /** A parameter jobs may leave out; it then has no value unless a default is given. */
  public static ParameterSpec optional(String name, ParameterType type, String description) {
    return new ParameterSpec(name, type, false, null, description, null, null, null, null);
  }

  public ParameterSpec withDefault(Object value) {
    return new ParameterSpec(
        name, type, required, value, description, min, max, maxLength, allowedValues);
  }

  public ParameterSpec withMin(long value) {
    return new ParameterSpec(
        name, type, required, defaultValue, description, value, max, maxLength, allowedValues);
  }

  public ParameterSpec withMax(long value) {
    return new ParameterSpec(
        name, type, required, defaultValue, description, min, value, maxLength, allowedValues);
  }

  public ParameterSpec withMaxLength(int value) {
    return new ParameterSpec(
        name, type, required, defaultValue, description, min, max, value, allowedValues);
  }

  public ParameterSpec withAllowedValues(String... values) {
    return new ParameterSpec(
        name, type, required, defaultValue, description, min, max, maxLength, List.of(values));
  }
}
