package io.carillon.jobs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks raw JSON-decoded parameters against a schema and turns them into typed values. */
final class ParameterValidator {

  private ParameterValidator() {}

  /** Returns the typed values; adds a FieldError for every problem it finds. */
  static Map<String, Object> validate(
      List<ParameterSpec> schema, Map<String, ?> raw, List<FieldError> errors) {
    Map<String, ParameterSpec> byName = new LinkedHashMap<>();
    schema.forEach(spec -> byName.put(spec.name(), spec));
    raw.keySet().stream()
        .filter(name -> !byName.containsKey(name))
        .sorted()
        .forEach(name -> errors.add(FieldError.param(name, "unknown parameter")));

    Map<String, Object> typed = new LinkedHashMap<>();
    for (ParameterSpec spec : schema) {
      // JSON null means "not set", the same as leaving the field out.
      Object value = raw.get(spec.name());
      if (value == null) {
        value = spec.defaultValue();
      }
      if (value == null) {
        if (spec.required()) {
          errors.add(FieldError.param(spec.name(), "is required"));
        }
        continue;
      }
      int before = errors.size();
      Object converted = convert(spec, value, errors);
      if (errors.size() == before) {
        typed.put(spec.name(), converted);
      }
    }
    return typed;
  }

  private static Object convert(ParameterSpec spec, Object value, List<FieldError> errors) {
    String name = spec.name();
    switch (spec.type()) {
      case STRING:
        if (!(value instanceof String text)) {
          return error(errors, name, "must be a string");
        }
        checkLength(spec, name, text, errors);
        return text;
      case INTEGER:
        return integer(spec, value, errors);
      case BOOLEAN:
        return value instanceof Boolean ? value : error(errors, name, "must be a boolean");
      case DURATION:
        return duration(name, value, errors);
      case ENUM:
        if (!(value instanceof String text) || !spec.allowedValues().contains(text)) {
          return error(errors, name, "must be one of " + String.join(", ", spec.allowedValues()));
        }
        return text;
      case LIST:
        return list(spec, value, errors);
      case MAP:
        return map(spec, value, errors);
      default:
        throw new IllegalStateException("unhandled parameter type " + spec.type());
    }
  }

  private static Object integer(ParameterSpec spec, Object value, List<FieldError> errors) {
    Long number = asLong(value);
    if (number == null) {
      return error(errors, spec.name(), "must be an integer");
    }
    if (spec.min() != null && number < spec.min()) {
      return error(errors, spec.name(), "must be at least " + spec.min());
    }
    if (spec.max() != null && number > spec.max()) {
      return error(errors, spec.name(), "must be at most " + spec.max());
    }
    return number;
  }

  private static Long asLong(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    try {
      if (value instanceof BigInteger big) {
        return big.longValueExact();
      }
      // Integral decimals such as 5.0 are accepted: some JSON writers emit every number that way.
      if (value instanceof BigDecimal decimal) {
        return decimal.longValueExact();
      }
      if (value instanceof Double || value instanceof Float) {
        return BigDecimal.valueOf(((Number) value).doubleValue()).longValueExact();
      }
    } catch (ArithmeticException e) {
      return null;
    }
    return null;
  }

  private static Object duration(String name, Object value, List<FieldError> errors) {
    String message = "must be an ISO-8601 duration such as PT30S";
    if (!(value instanceof String text)) {
      return error(errors, name, message);
    }
    try {
      Duration duration = Duration.parse(text);
      return duration.isNegative() ? error(errors, name, "must not be negative") : duration;
    } catch (DateTimeParseException e) {
      return error(errors, name, message);
    }
  }

  private static Object list(ParameterSpec spec, Object value, List<FieldError> errors) {
    if (!(value instanceof List<?> items)) {
      return error(errors, spec.name(), "must be a list of strings");
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemName = spec.name() + "[" + i + "]";
      if (items.get(i) instanceof String text) {
        checkLength(spec, itemName, text, errors);
        strings.add(text);
      } else {
        errors.add(FieldError.param(itemName, "must be a string"));
      }
    }
    checkCount(spec, strings.size(), errors);
    return List.copyOf(strings);
  }

  private static Object map(ParameterSpec spec, Object value, List<FieldError> errors) {
    if (!(value instanceof Map<?, ?> entries)) {
      return error(errors, spec.name(), "must be an object with string values");
    }
    Map<String, String> strings = new LinkedHashMap<>();
    entries.forEach(
        (key, item) -> {
          String itemName = spec.name() + "." + key;
          if (item instanceof String text) {
            checkLength(spec, itemName, text, errors);
            strings.put(String.valueOf(key), text);
          } else {
            errors.add(FieldError.param(itemName, "must be a string"));
          }
        });
    checkCount(spec, strings.size(), errors);
    return Collections.unmodifiableMap(strings);
  }

  private static void checkLength(
      ParameterSpec spec, String name, String text, List<FieldError> errors) {
    if (spec.maxLength() != null && text.length() > spec.maxLength()) {
      errors.add(
          FieldError.param(name, "must be at most " + spec.maxLength() + " characters long"));
    }
  }

  private static void checkCount(ParameterSpec spec, int count, List<FieldError> errors) {
    if (spec.min() != null && count < spec.min()) {
      errors.add(FieldError.param(spec.name(), "must have at least " + spec.min() + " items"));
    }
    if (spec.max() != null && count > spec.max()) {
      errors.add(FieldError.param(spec.name(), "must have at most " + spec.max() + " items"));
    }
  }

  private static Object error(List<FieldError> errors, String name, String message) {
    errors.add(FieldError.param(name, message));
    return null;
  }
}
