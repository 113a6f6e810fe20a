package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.api.ApplyRequest;
import io.carillon.server.api.ApplyResult;
import io.carillon.server.api.BackfillRequest;
import io.carillon.server.api.BackfillView;
import io.carillon.server.api.ExecutionView;
import io.carillon.server.api.InterruptAccepted;
import io.carillon.server.api.JobList;
import io.carillon.server.api.JobView;
import io.carillon.server.api.PauseRequest;
import io.carillon.server.api.RunAccepted;
import io.carillon.server.api.RunRequest;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Caller;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobFilter;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.JobState;
import io.carillon.server.common.Page;
import io.carillon.server.common.Role;
import io.carillon.server.common.Source;
import io.carillon.server.core.AuditLog;
import io.carillon.server.core.Backfills;
import io.carillon.server.core.DeclaredJobs;
import io.carillon.server.core.ExecutionService;
import io.carillon.server.core.JobAudit;
import io.carillon.server.core.JobDocuments;
import io.carillon.server.core.JobService;
import io.carillon.server.core.Pauses;
import io.carillon.server.core.Reruns;
import io.carillon.server.core.definition.JobRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /v1/jobs}: create, read, change, delete, pause, resume and run jobs. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class JobsResource {
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String YAML = "application/yaml";

  private final JobService jobs;
  private final Pauses pauses;
  private final Reruns reruns;
  private final Backfills backfills;
  private final ExecutionService executions;
  private final JobViews views;
  private final AuditLog audit;
  private final JobDocuments documents;
  private final DeclaredJobs declared;

  public JobsResource(
      JobService jobs,
      ExecutionService executions,
      AuditLog audit,
      Pauses pauses,
      Reruns reruns,
      Backfills backfills,
      JobDocuments documents,
      DeclaredJobs declared) {
    this.jobs = jobs;
    this.backfills = backfills;
    this.reruns = reruns;
    this.pauses = pauses;
    this.executions = executions;
    this.views = new JobViews(jobs);
    this.audit = audit;
    this.documents = documents;
    this.declared = declared;
  }

  @GET
  @Timed
  @Requires(Role.VIEWER)
  public Page<JobView> list(
      @QueryParam("group") String group,
      @QueryParam("type") String type,
      @QueryParam("state") String state,
      @QueryParam("label") List<String> labels,
      @QueryParam("q") String text,
      @QueryParam("late")
          @Parameter(
              description =
                  "true: only jobs that are late now (a fire time passed without a start, or"
                      + " the last success is too old); false: only jobs that are not",
              schema = @Schema(type = "boolean"))
          String late,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    JobFilter filter =
        new JobFilter(group, type, state(state), labels(labels), text, bool("late", late));
    JobService.JobPage page = jobs.list(filter, cursor, LimitParameter.parse(limit));
    return new Page<>(page.items().stream().map(views::view).toList(), page.nextCursor());
  }

  @POST
  @Timed
  @Requires(Role.ADMIN)
  @ApiResponse(
      responseCode = "201",
      description = "created; Location and ETag name it",
      content = @Content(schema = @Schema(implementation = JobView.class)))
  public Response create(
      JobRequest request, @Context UriInfo uri, @Context SecurityContext security) {
    JobRow row = jobs.create(required(request), Source.API, audited(security));
    JobView view = views.view(row);
    return Response.created(
            uri.getBaseUriBuilder()
                .path(JobsResource.class)
                .path(row.job().group())
                .path(row.job().name())
                .build())
        .tag(JobViews.etag(row))
        .entity(view)
        .build();
  }

  @GET
  @Path("/{group}/{name}")
  @Timed
  @Requires(Role.VIEWER)
  @ApiResponse(
      responseCode = "200",
      description = "the job; ETag is its version",
      content = @Content(schema = @Schema(implementation = JobView.class)))
  public Response get(@PathParam("group") String group, @PathParam("name") String name) {
    JobRow row = jobs.get(group, name);
    return Response.ok(views.viewWithChain(row)).tag(JobViews.etag(row)).build();
  }

  @PUT
  @Path("/{group}/{name}")
  @Timed
  @Requires(Role.ADMIN)
  @ApiResponse(
      responseCode = "200",
      description = "replaced",
      content = @Content(schema = @Schema(implementation = JobView.class)))
  @ApiResponse(
      responseCode = "201",
      description = "created",
      content = @Content(schema = @Schema(implementation = JobView.class)))
  public Response replace(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @HeaderParam("If-Match") String ifMatch,
      JobRequest request,
      @Context SecurityContext security) {
    requireApiManaged(group, name);
    JobService.Replaced result =
        jobs.replace(
            group,
            name,
            required(request),
            IfMatch.precondition(ifMatch),
            Source.API,
            audited(security));
    JobView after = views.view(result.job());
    return Response.status(result.created() ? 201 : 200)
        .tag(JobViews.etag(result.job()))
        .entity(after)
        .build();
  }

  @DELETE
  @Path("/{group}/{name}")
  @Timed
  @Requires(Role.ADMIN)
  @Operation(
      summary = "Delete a job",
      description =
          "204 when deleted. A running job is refused with 409 unless interrupt=true, which asks"
              + " its running executions to stop (on whichever node runs them) and deletes it."
              + " If-Match with a stale ETag gives 412. The job's runs stay in /executions; a job"
              + " created later under the same name starts with no history.")
  @ApiResponse(responseCode = "204", description = "deleted")
  @ApiResponse(responseCode = "404", description = "no such job")
  @ApiResponse(responseCode = "409", description = "the job is running and interrupt is not true")
  @ApiResponse(responseCode = "412", description = "If-Match names a version that is not current")
  public Response delete(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @HeaderParam("If-Match") String ifMatch,
      @Parameter(description = "true: stop the job's running executions and delete it")
          @QueryParam("interrupt")
          String interrupt,
      @Context SecurityContext security) {
    requireApiManaged(group, name);
    jobs.delete(
        group,
        name,
        IfMatch.precondition(ifMatch),
        flag("interrupt", interrupt),
        audited(security));
    return Response.noContent().build();
  }

  @PATCH
  @Path("/{group}/{name}")
  @Consumes(MERGE_PATCH)
  @Timed
  @Requires(Role.ADMIN)
  @Operation(
      summary = "Change some fields of a job",
      description =
          "A JSON Merge Patch (RFC 7396, Content-Type application/merge-patch+json) of the job's"
              + " definition: members replace, null removes (back to the default), objects merge."
              + " The result is validated as a PUT of it would be. If-Match with a stale ETag"
              + " gives 412; without it, the patch applies to the version it was read at.")
  @ApiResponse(
      responseCode = "200",
      description = "patched",
      content = @Content(schema = @Schema(implementation = JobView.class)))
  public Response patch(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @HeaderParam("If-Match") String ifMatch,
      JsonNode patch,
      @Context SecurityContext security)
      throws JsonProcessingException {
    JobService.Replaced result =
        documents.patch(group, name, patch, IfMatch.precondition(ifMatch), audited(security));
    JobView after = views.view(result.job());
    return Response.ok(after).tag(JobViews.etag(result.job())).build();
  }

  @GET
  @Path("/export")
  @Produces({MediaType.APPLICATION_JSON, YAML})
  @Timed
  @Requires(Role.VIEWER)
  @Operation(
      summary = "Export job definitions",
      description =
          "Every job the filters match, as POST /jobs takes it ({jobs: [...]}, the form of"
              + " config.yml's jobs: and of POST /jobs/apply). format=yaml gives YAML.")
  @ApiResponse(
      responseCode = "200",
      description = "the definitions",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JobList.class)),
        @Content(mediaType = YAML, schema = @Schema(implementation = JobList.class))
      })
  public Response export(
      @QueryParam("group") String group,
      @QueryParam("type") String type,
      @QueryParam("label") List<String> labels,
      @QueryParam("q") String text,
      @Parameter(schema = @Schema(allowableValues = {"json", "yaml"}))
          @QueryParam("format")
          @DefaultValue("json")
          String format) {
    JobList list =
        new JobList(documents.export(new JobFilter(group, type, null, labels(labels), text, null)));
    return switch (format) {
      case "json" -> Response.ok(list, MediaType.APPLICATION_JSON_TYPE).build();
      case "yaml" -> Response.ok(JobYaml.write(list), YAML).build();
      default -> throw new InvalidInputException("format", "must be json or yaml");
    };
  }

  @POST
  @Path("/apply")
  @Timed
  @Requires(Role.ADMIN)
  @Operation(
      summary = "Apply job definitions",
      description =
          "kubectl apply for jobs: creates the jobs that do not exist, replaces those that"
              + " differ, leaves the same alone; prune=true also deletes API-managed jobs not"
              + " listed (only within group= and label= when given; config.yml's jobs never)."
              + " Every job is validated first (400 naming jobs[i].field) and a change to a job"
              + " config.yml declares is refused (409) before anything changes; then jobs change"
              + " one at a time, in order. dryRun=true changes nothing and answers the same.")
  public ApplyResult apply(
      ApplyRequest request,
      @QueryParam("dryRun") String dryRun,
      @QueryParam("prune") String prune,
      @Parameter(description = "with prune: prune only this group") @QueryParam("group")
          String group,
      @Parameter(description = "with prune: prune only jobs with these key:value labels")
          @QueryParam("label")
          List<String> labels,
      @Context SecurityContext security) {
    if (request == null) {
      throw new InvalidInputException("body", "{\"jobs\": [...]} is required");
    }
    boolean dry = flag("dryRun", dryRun);
    List<JobDocuments.Applied> applied =
        documents.apply(
            request.jobs(),
            flag("prune", prune),
            new JobFilter(group, null, null, labels(labels), null, null),
            dry,
            audited(security));
    List<ApplyResult.Change> changes = new ArrayList<>();
    for (JobDocuments.Applied step : applied) {
      String job = step.job().group() + "/" + step.job().name();
      changes.add(
          new ApplyResult.Change(
              job,
              step.action().name().toLowerCase(Locale.ROOT),
              step.diff().stream()
                  .map(d -> new ApplyResult.FieldChange(d.field(), d.before(), d.after()))
                  .toList()));
    }
    return new ApplyResult(dry, changes);
  }

  @POST
  @Path("/{group}/{name}/pause")
  @Timed
  @Requires(Role.OPERATOR)
  @Operation(
      summary = "Pause a job",
      description =
          "Optionally with a reason (shown wherever the job's state is) and an until: the job"
              + " resumes by itself then, on one node of the cluster. A job paused with an until"
              + " is not late while the pause lasts.")
  public JobView pause(
      @PathParam("group") String group,
      @PathParam("name") String name,
      PauseRequest request,
      @Context SecurityContext security) {
    return views.view(pauses.pauseJob(group, name, RequestTerms.pause(request), audited(security)));
  }

  @POST
  @Path("/{group}/{name}/resume")
  @Timed
  @Requires(Role.OPERATOR)
  public JobView resume(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @Context SecurityContext security) {
    return views.view(pauses.resumeJob(group, name, audited(security)));
  }

  @POST
  @Path("/{group}/{name}/run")
  @Timed
  @Requires(Role.OPERATOR)
  @Operation(
      summary = "Run a job now",
      description =
          "202 with the execution id. params overrides the job's parameters for this run only:"
              + " an operator may override only those the job lists in overridable; an admin any"
              + " parameter the job type does not fix (such as a shell command, a cleanup"
              + " directory or an http url, which nobody overrides). Otherwise 403 naming the"
              + " parameter.")
  @ApiResponse(
      responseCode = "202",
      description = "accepted: the run starts on some node",
      content = @Content(schema = @Schema(implementation = RunAccepted.class)))
  @ApiResponse(responseCode = "403", description = "a parameter that this caller may not override")
  public Response run(
      @PathParam("group") String group,
      @PathParam("name") String name,
      RunRequest request,
      @Context SecurityContext security) {
    Map<String, Object> params = request == null ? Map.of() : request.params();
    Caller caller = RequestCaller.of(security);
    String id = reruns.run(group, name, params, caller.role().includes(Role.ADMIN), caller.name());
    audit.record(
        caller,
        "job.run",
        "job:" + group + "/" + name,
        null,
        Map.of("executionId", id, "params", params == null ? Map.of() : params));
    return Response.accepted(new RunAccepted(id)).build();
  }

  @POST
  @Path("/{group}/{name}/backfill")
  @Timed
  @Requires(Role.OPERATOR)
  @Operation(
      summary = "Run the fire times a job's schedule had in a range",
      description =
          "202 with the backfill. Its fire times from from to to (both included, at most"
              + " maxRuns, default 100) run oldest first, one after the other (for overlap"
              + " allow, up to backfills.maxConcurrent at once), each recorded with trigger"
              + " backfill and the fire time as scheduledAt, under the job's overlap policy.")
  @ApiResponse(responseCode = "202", description = "accepted: the first fire time starts soon")
  public Response start(
      @PathParam("group") String group,
      @PathParam("name") String name,
      BackfillRequest request,
      @Context SecurityContext security) {
    Caller caller = RequestCaller.of(security);
    BackfillView view =
        BackfillsResource.view(
            backfills.start(group, name, RequestTerms.backfill(request), caller.name()));
    audit.record(caller, "job.backfill", "job:" + group + "/" + name, null, view);
    return Response.accepted(view).build();
  }

  @GET
  @Path("/{group}/{name}/backfills")
  @Timed
  @Requires(Role.VIEWER)
  public List<BackfillView> ofJob(
      @PathParam("group") String group, @PathParam("name") String name) {
    return backfills.ofJob(group, name).stream().map(BackfillsResource::view).toList();
  }

  @POST
  @Path("/{group}/{name}/interrupt")
  @Timed
  @Requires(Role.OPERATOR)
  @ApiResponse(
      responseCode = "202",
      description = "asked to stop, on whichever node runs them",
      content = @Content(schema = @Schema(implementation = InterruptAccepted.class)))
  public Response interrupt(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @Context SecurityContext security) {
    int interrupted = executions.interrupt(group, name);
    audit.record(
        RequestCaller.of(security),
        "job.interrupt",
        "job:" + group + "/" + name,
        null,
        Map.of("executions", interrupted));
    return Response.accepted(new InterruptAccepted(interrupted)).build();
  }

  @GET
  @Path("/{group}/{name}/executions")
  @Timed
  @Requires(Role.VIEWER)
  public Page<ExecutionView> executions(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    return ExecutionViews.page(executions.ofJob(group, name, cursor, LimitParameter.parse(limit)));
  }

  /** The caller's changes are audited with the job as this API shows it, before and after. */
  private JobAudit audited(SecurityContext security) {
    return JobAudit.by(RequestCaller.of(security), views::view);
  }

  /** Refuses (409) an API change to a job config.yml declares. */
  private void requireApiManaged(String group, String name) {
    jobs.find(group, name).ifPresent(row -> declared.requireApiManaged(row.job()));
  }

  private static JobRequest required(JobRequest request) {
    if (request == null) {
      throw new InvalidInputException("body", "a job (JSON object) is required");
    }
    return request;
  }

  private static JobState state(String state) {
    if (state == null || state.isBlank()) {
      return null;
    }
    try {
      return JobState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "state", "must be one of scheduled, paused, running, blocked, completed, error");
    }
  }

  private static Map<String, String> labels(List<String> labels) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String label : labels) {
      int colon = label.indexOf(':');
      if (colon <= 0) {
        throw new InvalidInputException("label", "must be key:value, such as team:music");
      }
      result.put(label.substring(0, colon), label.substring(colon + 1));
    }
    return result;
  }

  /** A true/false query parameter; absent is false. */
  private static boolean flag(String field, String text) {
    if (text == null || text.isBlank() || text.equals("false")) {
      return false;
    }
    if (text.equals("true")) {
      return true;
    }
    throw new InvalidInputException(field, "must be true or false");
  }

  /** A true/false query parameter; absent is null (no filter). */
  private static Boolean bool(String field, String text) {
    return text == null || text.isBlank() ? null : flag(field, text);
  }
}
