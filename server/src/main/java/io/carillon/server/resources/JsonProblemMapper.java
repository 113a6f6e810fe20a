package io.carillon.server.resources;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.carillon.server.api.Problem;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Request bodies Jackson cannot read: malformed JSON, unknown fields, values of the wrong type. The
 * answer names the field by its JSON path and never echoes Jackson's internals.
 */
public final class JsonProblemMapper implements ExceptionMapper<JsonProcessingException> {
  /** The field named when the body as a whole is wrong. */
  static final String BODY = "body";

  private static final String TOO_LARGE = "is nested too deeply, or a value in it is too long";

  @Override
  public Response toResponse(JsonProcessingException e) {
    return ProblemResponses.of(
        Problem.of(400, "invalid-json", "Invalid JSON", detail(e)).withErrors(errors(e)));
  }

  private static String detail(JsonProcessingException e) {
    JsonParseException parse = parseFailure(e);
    if (parse != null) {
      return isDuplicate(parse)
          ? "the body gives a field more than once"
          : "the body is not well-formed JSON: " + parse.getOriginalMessage();
    }
    return "the body does not match the expected shape";
  }

  private static List<FieldError> errors(JsonProcessingException e) {
    JsonParseException parse = parseFailure(e);
    if (parse != null) {
      // A key sent twice is named by where the parser was; broken text is the body's fault.
      return List.of(
          isDuplicate(parse)
              ? new FieldError(parserPath(parse), "is given more than once")
              : new FieldError(BODY, "is not well-formed JSON"));
    }
    if (e instanceof StreamConstraintsException) {
      return List.of(new FieldError(BODY, TOO_LARGE));
    }
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return List.of(new FieldError(BODY, "must be a JSON object"));
    }
    String field = path(mapping);
    if (e.getCause() instanceof StreamConstraintsException) {
      return List.of(new FieldError(field, TOO_LARGE));
    }
    if (e.getCause() instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
      // A value type refused the value (say, an unknown misfire policy) and said why.
      return List.of(new FieldError(field, invalid.errors().get(0).message()));
    }
    if (e.getCause() instanceof InputCoercionException) {
      return List.of(new FieldError(field, "is out of range"));
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

  /** The field the parser was in, as a JSON path such as {@code schedule.at}; else the body. */
  private static String parserPath(JsonParseException e) {
    JsonParser parser = e.getProcessor();
    if (parser == null) {
      return BODY;
    }
    Deque<String> steps = new ArrayDeque<>();
    for (JsonStreamContext context = parser.getParsingContext();
        context != null && !context.inRoot();
        context = context.getParent()) {
      if (context.inArray()) {
        steps.push("[" + Math.max(context.getCurrentIndex(), 0) + "]");
      } else if (context.getCurrentName() != null) {
        steps.push(context.getCurrentName());
      }
    }
    StringBuilder path = new StringBuilder();
    for (String step : steps) {
      if (path.length() > 0 && !step.startsWith("[")) {
        path.append('.');
      }
      path.append(step);
    }
    return path.length() == 0 ? BODY : path.toString();
  }

  /** The parser's own failure, also when Jackson wrapped it on the way out of a nested object. */
  private static JsonParseException parseFailure(JsonProcessingException e) {
    if (e instanceof JsonParseException parse) {
      return parse;
    }
    return e.getCause() instanceof JsonParseException parse ? parse : null;
  }

  private static boolean isDuplicate(JsonProcessingException e) {
    return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
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
