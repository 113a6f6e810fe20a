package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.BackfillRequest;
import io.carillon.server.api.BackfillView;
import io.carillon.server.api.ExecutionView;
import io.carillon.server.api.InterruptAccepted;
import io.carillon.server.api.JobView;
import io.carillon.server.api.PauseRequest;
import io.carillon.server.api.RunAccepted;
import io.carillon.server.api.RunRequest;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Backfill;
import io.carillon.server.common.Page;
import io.carillon.server.common.Role;
import io.carillon.server.core.Audited;
import io.carillon.server.core.Backfills;
import io.carillon.server.core.ExecutionService;
import io.carillon.server.core.JobAudit;
import io.carillon.server.core.JobService;
import io.carillon.server.core.Pauses;
import io.carillon.server.core.Reruns;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/jobs/{group}/{name}/…}: what is done to one job besides changing it: pause and resume,
 * run now, backfill, interrupt, and its executions.
 */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class JobActionsResource {
  private final Pauses pauses;
  private final Reruns reruns;
  private final Backfills backfills;
  private final ExecutionService executions;
  private final JobViews views;

  public JobActionsResource(
      JobService jobs,
      Pauses pauses,
      Reruns reruns,
      Backfills backfills,
      ExecutionService executions) {
    this.pauses = pauses;
    this.reruns = reruns;
    this.backfills = backfills;
    this.executions = executions;
    this.views = new JobViews(jobs);
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
    String id = reruns.run(group, name, params, RequestCaller.of(security));
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
    Backfill started =
        backfills.start(
            group,
            name,
            RequestTerms.backfill(request),
            Audited.by(RequestCaller.of(security), BackfillsResource::view));
    return Response.accepted(BackfillsResource.view(started)).build();
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
    int interrupted = executions.interrupt(group, name, RequestCaller.of(security));
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
}
