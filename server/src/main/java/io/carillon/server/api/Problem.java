package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.carillon.server.common.FieldError;
import java.util.List;

/** An RFC 9457 {@code application/problem+json} error body, with the fields that were wrong. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {
  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem("/problems/" + slug, title, status, detail, List.of());
  }

  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, List.copyOf(fieldErrors));
  }
}
