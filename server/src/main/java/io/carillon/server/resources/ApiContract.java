package io.carillon.server.resources;

import io.carillon.server.api.Problem;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.filter.AbstractSpecFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the OpenAPI document says beyond what the resource classes carry, so that clients can be
 * generated from it: an operation id that reads as a verb and a summary for every operation, the
 * success status in place of swagger's {@code default}, and the problem+json errors each one can
 * answer. Applied to the document as it is served (see {@link ApiDocument}).
 */
public final class ApiContract extends AbstractSpecFilter {
  /** One operation: its id, summary and success status, and the success body's type if untyped. */
  record Op(String id, String summary, String status, Class<?> body) {
    Op(String id, String summary, String status) {
      this(id, summary, status, null);
    }
  }

  /**
   * Every operation, by {@code METHOD path}. An endpoint not listed keeps the operationId and
   * summary of its {@code @Operation}; OpenApiLintIT fails on one that has neither.
   */
  static final Map<String, Op> OPERATIONS =
      Map.ofEntries(
          Map.entry("GET /v1/jobs", new Op("listJobs", "List jobs", "200")),
          Map.entry("POST /v1/jobs", new Op("createJob", "Create a job", "201")),
          Map.entry("GET /v1/jobs/{group}/{name}", new Op("getJob", "Get a job", "200")),
          Map.entry(
              "PUT /v1/jobs/{group}/{name}",
              new Op("replaceJob", "Create or replace a job", "200")),
          Map.entry("PATCH /v1/jobs/{group}/{name}", new Op("patchJob", null, "200")),
          Map.entry("DELETE /v1/jobs/{group}/{name}", new Op("deleteJob", null, "204")),
          Map.entry("POST /v1/jobs/{group}/{name}/pause", new Op("pauseJob", "Pause a job", "200")),
          Map.entry(
              "POST /v1/jobs/{group}/{name}/resume", new Op("resumeJob", "Resume a job", "200")),
          Map.entry("POST /v1/jobs/{group}/{name}/run", new Op("runJob", null, "202")),
          Map.entry(
              "POST /v1/jobs/{group}/{name}/interrupt",
              new Op("interruptJob", "Stop a job's running executions", "202")),
          Map.entry(
              "GET /v1/jobs/{group}/{name}/executions",
              new Op("listJobExecutions", "List a job's runs", "200")),
          Map.entry("GET /v1/jobs/export", new Op("exportJobs", null, "200")),
          Map.entry("POST /v1/jobs/apply", new Op("applyJobs", null, "200")),
          Map.entry("GET /v1/executions", new Op("listExecutions", "List runs", "200")),
          Map.entry("GET /v1/executions/{id}", new Op("getExecution", "Get a run", "200")),
          Map.entry(
              "GET /v1/executions/{id}/output",
              new Op("getExecutionOutput", "Get a run's captured output", "200")),
          Map.entry("POST /v1/groups/{group}/pause", new Op("pauseGroup", "Pause a group", "200")),
          Map.entry(
              "POST /v1/groups/{group}/resume", new Op("resumeGroup", "Resume a group", "200")),
          Map.entry("GET /v1/job-types", new Op("listJobTypes", "List the job types", "200")),
          Map.entry("GET /v1/keys", new Op("listKeys", "List API keys", "200")),
          Map.entry("POST /v1/keys", new Op("createKey", "Create an API key", "201")),
          Map.entry("DELETE /v1/keys/{id}", new Op("revokeKey", "Revoke an API key", "204")),
          Map.entry("GET /v1/audit", new Op("listAuditEntries", "List the audit log", "200")),
          Map.entry("GET /v1/me", new Op("getCaller", "Who the calling key is", "200")),
          Map.entry("GET /v1/cluster", new Op("getCluster", "The cluster's nodes", "200")),
          Map.entry(
              "GET /v1/cluster/stuck-triggers",
              new Op("listStuckTriggers", "List stuck triggers", "200")),
          Map.entry(
              "POST /v1/cluster/stuck-triggers/repair",
              new Op("repairStuckTriggers", "Repair stuck triggers", "200")),
          Map.entry("GET /v1/scheduler", new Op("getScheduler", "This node's scheduler", "200")),
          Map.entry(
              "POST /v1/scheduler/pause-all",
              new Op("pauseAll", "Pause every trigger of the cluster", "200")),
          Map.entry(
              "POST /v1/scheduler/resume-all",
              new Op("resumeAll", "Resume every trigger of the cluster", "200")),
          Map.entry(
              "POST /v1/schedules/preview",
              new Op("previewSchedule", "Preview a schedule's next fire times", "200")),
          Map.entry("GET /v1/calendars", new Op("listCalendars", "List calendars", "200")),
          Map.entry("GET /v1/calendars/{name}", new Op("getCalendar", "Get a calendar", "200")),
          Map.entry(
              "PUT /v1/calendars/{name}",
              new Op(
                  "replaceCalendar",
                  "Create or replace a calendar",
                  "200",
                  io.carillon.server.api.CalendarView.class)),
          Map.entry(
              "DELETE /v1/calendars/{name}", new Op("deleteCalendar", "Delete a calendar", "204")),
          Map.entry("GET /v1/backfills/{id}", new Op("getBackfill", "Get a backfill", "200")),
          Map.entry(
              "POST /v1/backfills/{id}/cancel",
              new Op("cancelBackfill", "Cancel a backfill", "200")),
          Map.entry(
              "GET /v1/jobs/{group}/{name}/backfills",
              new Op("listJobBackfills", "List a job's backfills", "200")),
          Map.entry(
              "POST /v1/jobs/{group}/{name}/backfill",
              new Op(
                  "backfillJob",
                  "Run a job for a past range of fire times",
                  "202",
                  io.carillon.server.api.BackfillView.class)),
          Map.entry(
              "POST /v1/executions/{id}/rerun",
              new Op(
                  "rerunExecution",
                  "Run a run again",
                  "202",
                  io.carillon.server.api.RunAccepted.class)));

  private static final Map<String, String> ERRORS =
      Map.of(
          "400", "bad input: each wrong field is named in errors[]",
          "401", "no API key, or one the server does not know",
          "403", "the key's role may not do this",
          "404", "no such resource",
          "409", "a conflict with the resource's current state",
          "412", "If-Match names a version that is not current",
          "413", "the request body is too large",
          "429", "too many failed authentications from this address");

  @Override
  public Optional<OpenAPI> filterOpenAPI(
      OpenAPI api,
      Map<String, List<String>> params,
      Map<String, String> cookies,
      Map<String, List<String>> headers) {
    // Swagger's reader drops the servers the configured document names; set them here.
    api.setServers(
        List.of(new Server().url("/api").description("this server; every path is under /api")));
    ModelConverters.getInstance().readAll(Problem.class).forEach(api.getComponents()::addSchemas);
    api.getPaths().forEach((path, item) -> describe(api, path, item));
    return Optional.of(api);
  }

  private void describe(OpenAPI api, String path, PathItem item) {
    item.readOperationsMap()
        .forEach(
            (method, operation) -> {
              String key = method.name() + " " + path;
              Op op = OPERATIONS.get(key);
              if (op != null) {
                operation.setOperationId(op.id());
                if (operation.getSummary() == null) {
                  operation.setSummary(op.summary());
                }
                typeSuccess(operation.getResponses(), op.status());
                typeBody(api, operation.getResponses().get(op.status()), op.body());
              }
              addErrors(operation, path, method);
            });
  }

  /** A success that returns a Response carries no schema: give it the type the method sends. */
  private static void typeBody(OpenAPI api, ApiResponse success, Class<?> body) {
    if (body == null || success == null || success.getContent() != null) {
      return;
    }
    ModelConverters.getInstance().readAll(body).forEach(api.getComponents()::addSchemas);
    success.setContent(
        new Content()
            .addMediaType(
                jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                new MediaType()
                    .schema(new Schema<>().$ref("#/components/schemas/" + body.getSimpleName()))));
  }

  /** Swagger calls the response of a method without annotations "default": it is the success. */
  private static void typeSuccess(ApiResponses responses, String status) {
    ApiResponse fallback = responses.remove("default");
    if (fallback == null || responses.keySet().stream().anyMatch(code -> code.startsWith("2"))) {
      return;
    }
    if (status.equals("204")) {
      fallback.setContent(null);
    }
    fallback.setDescription(status.equals("204") ? "done; no content" : "success");
    responses.put(status, fallback);
  }

  private static void addErrors(Operation operation, String path, PathItem.HttpMethod method) {
    ApiResponses responses = operation.getResponses();
    List<Parameter> parameters =
        operation.getParameters() == null ? List.of() : operation.getParameters();
    error(responses, "400");
    error(responses, "401");
    error(responses, "403");
    error(responses, "429");
    if (path.contains("{")) {
      error(responses, "404");
    }
    if (operation.getRequestBody() != null) {
      error(responses, "413");
    }
    if (parameters.stream().anyMatch(p -> "If-Match".equals(p.getName()))) {
      error(responses, "412");
    }
    if (method == PathItem.HttpMethod.POST && path.equals("/v1/jobs")
        || method == PathItem.HttpMethod.PATCH
        || method == PathItem.HttpMethod.PUT) {
      error(responses, "409");
    }
    // Those declared on the method get the problem+json body too.
    responses.forEach(
        (code, response) -> {
          if (code.startsWith("4") && response.getContent() == null) {
            response.setContent(problem());
          }
        });
  }

  private static void error(ApiResponses responses, String code) {
    if (!responses.containsKey(code)) {
      responses.put(code, new ApiResponse().description(ERRORS.get(code)).content(problem()));
    }
  }

  private static Content problem() {
    return new Content()
        .addMediaType(
            Problem.MEDIA_TYPE,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
  }
}
