package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.GroupChange;
import io.carillon.server.api.PauseRequest;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Role;
import io.carillon.server.core.Audited;
import io.carillon.server.core.Pauses;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.function.Function;

/** {@code /v1/groups/{group}}: pause or resume every job of a group. */
@Path("/v1/groups/{group}")
@Produces(MediaType.APPLICATION_JSON)
public final class GroupsResource {
  private final Pauses pauses;

  public GroupsResource(Pauses pauses) {
    this.pauses = pauses;
  }

  @POST
  @Path("/pause")
  @Timed
  @Requires(Role.OPERATOR)
  @Operation(
      summary = "Pause every job of a group",
      description =
          "Optionally with a reason and an until, when the group resumes by itself (once, on one"
              + " node of the cluster).")
  public GroupChange pause(
      @PathParam("group") String group, PauseRequest request, @Context SecurityContext security) {
    Function<Pauses.GroupPaused, GroupChange> change =
        paused -> new GroupChange(group, paused.jobs(), "paused", JobViews.pause(paused.pause()));
    return change.apply(
        pauses.pauseGroup(
            group,
            RequestTerms.pause(request),
            Audited.by(RequestCaller.of(security), change::apply)));
  }

  @POST
  @Path("/resume")
  @Timed
  @Requires(Role.OPERATOR)
  public GroupChange resume(@PathParam("group") String group, @Context SecurityContext security) {
    Function<Integer, GroupChange> change = jobs -> new GroupChange(group, jobs, "scheduled", null);
    return change.apply(
        pauses.resumeGroup(group, Audited.by(RequestCaller.of(security), change::apply)));
  }
}
