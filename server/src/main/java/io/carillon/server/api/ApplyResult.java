package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What {@code POST /jobs/apply} did, or with {@code dryRun} would do, job by job: {@code action}
 * create, update, unchanged or delete, and the fields that differ ({@code diff}).
 */
public record ApplyResult(boolean dryRun, List<Change> changes) {

  /** One job: {@code job} is {@code group/name}. */
  public record Change(
      String job,
      @Schema(allowableValues = {"create", "update", "unchanged", "delete"}) String action,
      List<FieldChange> diff) {}

  /** A field that differs; {@code before} or {@code after} is absent when the field is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FieldChange(String field, JsonNode before, JsonNode after) {}
}
