package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.ApplyRequest;
import io.carillon.server.api.ApplyResult;
import io.carillon.server.api.JobList;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobFilter;
import io.carillon.server.common.Role;
import io.carillon.server.core.JobAudit;
import io.carillon.server.core.JobDocuments;
import io.carillon.server.core.JobService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code /v1/jobs/export} and {@code /v1/jobs/apply}: job definitions as a set, kubectl style. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class JobDocumentsResource {
  private final JobDocuments documents;
  private final JobViews views;

  public JobDocumentsResource(JobDocuments documents, JobService jobs) {
    this.documents = documents;
    this.views = new JobViews(jobs);
  }

  @GET
  @Path("/export")
  @Produces({MediaType.APPLICATION_JSON, JobsResource.YAML})
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
        @Content(mediaType = JobsResource.YAML, schema = @Schema(implementation = JobList.class))
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
        new JobList(
            documents.export(
                new JobFilter(
                    group, type, null, FilterParameters.labels(labels), text, null, null)));
    return switch (format) {
      case "json" -> Response.ok(list, MediaType.APPLICATION_JSON_TYPE).build();
      case "yaml" -> Response.ok(JobYaml.write(list), JobsResource.YAML).build();
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
    boolean dry = FilterParameters.flag("dryRun", dryRun);
    List<JobDocuments.Applied> applied =
        documents.apply(
            request.jobs(),
            FilterParameters.flag("prune", prune),
            new JobFilter(group, null, null, FilterParameters.labels(labels), null, null, null),
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

  /** The caller's changes are audited with the job as this API shows it, before and after. */
  private JobAudit audited(SecurityContext security) {
    return JobAudit.by(RequestCaller.of(security), views::view);
  }
}
