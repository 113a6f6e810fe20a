package io.carillon.server.resources;

import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one check every query and path parameter of the API passes before a resource sees it: at most
 * {@value #MAX_LENGTH} characters and no control characters. A NUL reaching PostgreSQL fails the
 * statement (SQLState 22021) and an overlong value can overflow a column: both were 500s.
 */
@Priority(Priorities.USER)
public final class ParameterLimits implements ContainerRequestFilter {
  static final int MAX_LENGTH = 1000;

  @Override
  public void filter(ContainerRequestContext request) {
    List<FieldError> errors = new ArrayList<>();
    check(request.getUriInfo().getPathParameters(), errors);
    check(request.getUriInfo().getQueryParameters(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  private static void check(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      for (String value : parameter.getValue()) {
        String problem = problem(value);
        if (problem != null) {
          errors.add(new FieldError(parameter.getKey(), problem));
          break;
        }
      }
    }
  }

  /** What is wrong with one value, or null. */
  static String problem(String value) {
    if (value.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters long";
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      return "must not contain control characters such as NUL or line breaks";
    }
    return null;
  }
}
