package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.ExecutionView;
import io.carillon.server.api.RunAccepted;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.ExecutionFilter;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.Page;
import io.carillon.server.common.Role;
import io.carillon.server.core.Dependencies;
import io.carillon.server.core.ExecutionService;
import io.carillon.server.core.Reruns;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
import java.util.Locale;

/** {@code /v1/executions}: the history of runs across jobs, one run, and its output. */
@Path("/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public final class ExecutionsResource {
  private final ExecutionService executions;
  private final Reruns reruns;
  private final Dependencies dependencies;

  public ExecutionsResource(ExecutionService executions, Reruns reruns, Dependencies dependencies) {
    this.dependencies = dependencies;
    this.executions = executions;
    this.reruns = reruns;
  }

  @GET
  @Requires(Role.VIEWER)
  @Timed
  public Page<ExecutionView> list(
      @QueryParam("status") String status,
      @QueryParam("group") String group,
      @QueryParam("job") String job,
      @QueryParam("since") String since,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    ExecutionFilter filter =
        new ExecutionFilter(
            status(status), blank(group), blank(job), InstantParameter.parse("since", since));
    return ExecutionViews.page(executions.list(filter, cursor, LimitParameter.parse(limit)));
  }

  @GET
  @Requires(Role.VIEWER)
  @Path("/{id}")
  @Timed
  public ExecutionView get(@PathParam("id") String id) {
    return ExecutionViews.view(
        executions.get(id),
        reruns.rerunOf(id).orElse(null),
        reruns.rerunsOf(id),
        dependencies.upstreamOf(id).orElse(null),
        dependencies.decisionsAbout(id).stream()
            .map(
                d ->
                    new io.carillon.server.api.DependentRun(
                        d.job(), d.outcome(), d.executionId(), d.detail()))
            .toList());
  }

  @POST
  @Requires(Role.OPERATOR)
  @Path("/{id}/rerun")
  @Timed
  @Operation(
      summary = "Run a finished run again",
      description =
          "202 with the new execution id: the same job with the same parameters, even if the"
              + " job's have changed since. A run asked for through the API (run now, or a rerun)"
              + " is repeated with the whole parameters it was started with; any other run (from"
              + " the schedule, a retry, a dependency, a backfill) with the parameters of the job's"
              + " definition in effect when it started (a dependency's run with those it took from"
              + " its upstream's result over them). Recorded with trigger rerun"
              + " and linked to the original (rerunOf, reruns). 404 if the run or its job is"
              + " gone, 409 while it is running, 403 if the original's overrides are more than"
              + " this caller may give.")
  @ApiResponse(responseCode = "202", description = "accepted: the rerun starts on some node")
  public Response rerun(@PathParam("id") String id, @Context SecurityContext security) {
    Reruns.Rerun rerun = reruns.rerun(id, RequestCaller.of(security));
    return Response.accepted(new RunAccepted(rerun.executionId())).build();
  }

  @GET
  @Requires(Role.VIEWER)
  @Path("/{id}/output")
  @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
  @Timed
  public String output(@PathParam("id") String id) {
    return executions.output(id);
  }

  private static String status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return ExecutionStatus.valueOf(status.toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "status",
          "must be one of running, succeeded, failed, timed_out, interrupted, skipped, recovered");
    }
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
