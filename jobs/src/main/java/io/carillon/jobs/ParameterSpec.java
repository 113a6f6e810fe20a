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
 *
 * <p>{@code overridable} false marks a parameter that decides what a job does or where it acts (a
 * command, a directory, a URL): a "run now" can never override it, whoever asks and whatever the
 * job declares. It is true unless the type says {@link #neverOverridden()}.
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
    List<String> allowedValues,
    boolean overridable) {

  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
    allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
    if (required && defaultValue != null) {
      throw new IllegalArgumentException("required parameter " + name + " cannot have a default");
    }
  }

  /** A parameter that run-now may override where the job allows it (the common case). */
  public ParameterSpec(
      String name,
      ParameterType type,
      boolean required,
      Object defaultValue,
      String description,
      Long min,
      Long max,
      Integer maxLength,
      List<String> allowedValues) {
    this(name, type, required, defaultValue, description, min, max, maxLength, allowedValues, true);
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
        name, type, required, value, description, min, max, maxLength, allowedValues, overridable);
  }

  public ParameterSpec withMin(long value) {
    return new ParameterSpec(
        name,
        type,
        required,
        defaultValue,
        description,
        value,
        max,
        maxLength,
        allowedValues,
        overridable);
  }

  public ParameterSpec withMax(long value) {
    return new ParameterSpec(
        name,
        type,
        required,
        defaultValue,
        description,
        min,
        value,
        maxLength,
        allowedValues,
        overridable);
  }

  public ParameterSpec withMaxLength(int value) {
    return new ParameterSpec(
        name,
        type,
        required,
        defaultValue,
        description,
        min,
        max,
        value,
        allowedValues,
        overridable);
  }

  public ParameterSpec withAllowedValues(String... values) {
    return new ParameterSpec(
        name,
        type,
        required,
        defaultValue,
        description,
        min,
        max,
        maxLength,
        List.of(values),
        overridable);
  }

  /** A parameter that no run-now override may change (see the class comment). */
  public ParameterSpec neverOverridden() {
    return new ParameterSpec(
        name, type, required, defaultValue, description, min, max, maxLength, allowedValues, false);
  }
}
