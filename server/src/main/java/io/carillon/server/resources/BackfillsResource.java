package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.BackfillView;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Backfill;
import io.carillon.server.common.Role;
import io.carillon.server.core.Audited;
import io.carillon.server.core.Backfills;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Locale;

/**
 * Backfills (issue 18 §4): follow one, cancel it. A job's are started and listed under {@code
 * /v1/jobs/{group}/{name}} ({@link JobActionsResource}), with the job.
 */
@Path("/v1/backfills")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class BackfillsResource {
  private final Backfills backfills;

  public BackfillsResource(Backfills backfills) {
    this.backfills = backfills;
  }

  @GET
  @Path("/{id}")
  @Timed
  @Requires(Role.VIEWER)
  public BackfillView get(@PathParam("id") String id) {
    return view(backfills.get(id));
  }

  @POST
  @Path("/{id}/cancel")
  @Timed
  @Requires(Role.OPERATOR)
  @Operation(
      summary = "Cancel a backfill",
      description = "No further fire time starts; a run under way goes on. 409 if it has ended.")
  public BackfillView cancel(@PathParam("id") String id, @Context SecurityContext security) {
    return view(
        backfills.cancel(id, Audited.by(RequestCaller.of(security), BackfillsResource::view)));
  }

  static BackfillView view(Backfill backfill) {
    return new BackfillView(
        backfill.id(),
        backfill.group(),
        backfill.name(),
        backfill.from(),
        backfill.to(),
        backfill.fireTimes(),
        backfill.fireTimes().size(),
        backfill.nextIndex(),
        backfill.currentExecution(),
        backfill.status().toLowerCase(Locale.ROOT),
        backfill.requestedBy(),
        backfill.requestedAt(),
        backfill.updatedAt());
  }
}
