package io.carillon.server.resources;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.carillon.server.api.Problem;
import io.carillon.server.core.FieldError;
import io.carillon.server.core.InvalidInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;

/**
 * Request bodies Jackson cannot read: malformed JSON, unknown fields, values of the wrong type. The
 * answer names the field by its JSON path and never echoes Jackson's internals.
 */
public final class JsonProblemMapper implements ExceptionMapper<JsonProcessingException> {
  @Override
  public Response toResponse(JsonProcessingException e) {
    return ProblemResponses.of(
        Problem.of(400, "invalid-json", "Invalid JSON", detail(e)).withErrors(errors(e)));
  }

  private static String detail(JsonProcessingException e) {
    if (e instanceof JsonParseException) {
      return "the body is not well-formed JSON: " + e.getOriginalMessage();
    }
    return "the body does not match the expected shape";
  }

  private static List<FieldError> errors(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return List.of();
    }
    String field = path(mapping);
    if (e.getCause() instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
      // A value type refused the value (say, an unknown misfire policy) and said why.
      return List.of(new FieldError(field, invalid.errors().get(0).message()));
    }
    if (e instanceof UnrecognizedPropertyException) {
      return List.of(new FieldError(field, "unknown field"));
    }
    if (e instanceof InvalidFormatException invalid) {
      return List.of(
          new FieldError(field, "must be " + article(invalid.getTargetType().getSimpleName())));
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return List.of(
          new FieldError(field, "must be " + article(mismatched.getTargetType().getSimpleName())));
    }
    return List.of(new FieldError(field, "is not valid here"));
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String article(String typeName) {
    return switch (typeName) {
      case "String" -> "a string";
      case "Integer", "int", "Long", "long" -> "an integer";
      case "Boolean", "boolean" -> "true or false";
      case "Map", "LinkedHashMap", "HashMap" -> "an object";
      case "List", "ArrayList" -> "an array";
      case "Instant" -> "an ISO-8601 instant such as 2026-01-31T09:00:00Z";
      default -> "a valid " + typeName;
    };
  }
}
