package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.ExecutionView;
import io.carillon.server.api.InterruptAccepted;
import io.carillon.server.api.JobRequest;
import io.carillon.server.api.JobView;
import io.carillon.server.api.Page;
import io.carillon.server.api.RunAccepted;
import io.carillon.server.api.RunRequest;
import io.carillon.server.core.ExecutionService;
import io.carillon.server.core.InvalidInputException;
import io.carillon.server.core.JobService;
import io.carillon.server.core.Source;
import io.carillon.server.db.JobFilter;
import io.carillon.server.db.JobRow;
import io.carillon.server.db.JobState;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /v1/jobs}: create, read, change, delete, pause, resume and run jobs. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class JobsResource {
  private final JobService jobs;
  private final ExecutionService executions;
  private final JobViews views;

  public JobsResource(JobService jobs, ExecutionService executions) {
    this.jobs = jobs;
    this.executions = executions;
    this.views = new JobViews(jobs);
  }

  @GET
  @Timed
  public Page<JobView> list(
      @QueryParam("group") String group,
      @QueryParam("type") String type,
      @QueryParam("state") String state,
      @QueryParam("label") List<String> labels,
      @QueryParam("q") String text,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    JobFilter filter = new JobFilter(group, type, state(state), labels(labels), text);
    JobService.JobPage page = jobs.list(filter, cursor, number("limit", limit));
    return new Page<>(page.items().stream().map(views::view).toList(), page.nextCursor());
  }

  @POST
  @Timed
  public Response create(JobRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
    JobRow row = jobs.create(required(request), Source.API);
    return Response.created(
            uri.getBaseUriBuilder()
                .path(JobsResource.class)
                .path(row.job().group())
                .path(row.job().name())
                .build())
        .tag(JobViews.etag(row))
        .entity(views.view(row))
        .build();
  }

  @GET
  @Path("/{group}/{name}")
  @Timed
  public Response get(@PathParam("group") String group, @PathParam("name") String name) {
    JobRow row = jobs.get(group, name);
    return Response.ok(views.view(row)).tag(JobViews.etag(row)).build();
  }

  @PUT
  @Path("/{group}/{name}")
  @Timed
  public Response replace(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @HeaderParam("If-Match") String ifMatch,
      JobRequest request) {
    JobService.Replaced result =
        jobs.replace(group, name, required(request), IfMatch.precondition(ifMatch), Source.API);
    return Response.status(result.created() ? 201 : 200)
        .tag(JobViews.etag(result.job()))
        .entity(views.view(result.job()))
        .build();
  }

  @DELETE
  @Path("/{group}/{name}")
  @Timed
  public Response delete(@PathParam("group") String group, @PathParam("name") String name) {
    jobs.delete(group, name);
    return Response.noContent().build();
  }

  @POST
  @Path("/{group}/{name}/pause")
  @Timed
  public JobView pause(@PathParam("group") String group, @PathParam("name") String name) {
    return views.view(jobs.pause(group, name));
  }

  @POST
  @Path("/{group}/{name}/resume")
  @Timed
  public JobView resume(@PathParam("group") String group, @PathParam("name") String name) {
    return views.view(jobs.resume(group, name));
  }

  @POST
  @Path("/{group}/{name}/run")
  @Timed
  public Response run(
      @PathParam("group") String group, @PathParam("name") String name, RunRequest request) {
    String id = jobs.run(group, name, request == null ? Map.of() : request.params());
    return Response.accepted(new RunAccepted(id)).build();
  }

  @POST
  @Path("/{group}/{name}/interrupt")
  @Timed
  public Response interrupt(@PathParam("group") String group, @PathParam("name") String name) {
    return Response.accepted(new InterruptAccepted(executions.interrupt(group, name))).build();
  }

  @GET
  @Path("/{group}/{name}/executions")
  @Timed
  public Page<ExecutionView> executions(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    return ExecutionViews.page(
        executions.ofJob(group, name, cursor, ExecutionsResource.number("limit", limit)));
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

  private static int number(String field, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field, "must be a whole number");
    }
  }
}
