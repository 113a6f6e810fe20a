package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.api.JobView;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobFilter;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.Page;
import io.carillon.server.common.Role;
import io.carillon.server.common.Source;
import io.carillon.server.core.DeclaredJobs;
import io.carillon.server.core.JobAudit;
import io.carillon.server.core.JobDocuments;
import io.carillon.server.core.JobPage;
import io.carillon.server.core.JobService;
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
import java.util.List;

/**
 * {@code /v1/jobs}: list, create, read, change and delete jobs. What is done to one job (pause,
 * run, backfill, interrupt) is {@link JobActionsResource}; export and apply {@link
 * JobDocumentsResource}.
 */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class JobsResource {
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String YAML = "application/yaml";

  private final JobService jobs;
  private final JobViews views;
  private final JobDocuments documents;
  private final DeclaredJobs declared;

  public JobsResource(JobService jobs, JobDocuments documents, DeclaredJobs declared) {
    this.jobs = jobs;
    this.views = new JobViews(jobs);
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
      @QueryParam("calendar")
          @Parameter(description = "only jobs whose definition names this calendar")
          String calendar,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    JobFilter filter =
        new JobFilter(
            group,
            type,
            FilterParameters.state(state),
            FilterParameters.labels(labels),
            text,
            FilterParameters.bool("late", late),
            calendar == null || calendar.isBlank() ? null : calendar);
    JobPage page = jobs.list(filter, cursor, LimitParameter.parse(limit));
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
        FilterParameters.flag("interrupt", interrupt),
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
}
