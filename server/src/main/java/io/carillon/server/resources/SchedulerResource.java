package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.PauseRequest;
import io.carillon.server.api.SchedulerChange;
import io.carillon.server.api.SchedulerView;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Pause;
import io.carillon.server.common.Role;
import io.carillon.server.core.Audited;
import io.carillon.server.core.ClusterService;
import io.carillon.server.core.Pauses;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.function.Function;

/** {@code /v1/scheduler}: this node's scheduler, and cluster-wide maintenance switches. */
@Path("/v1/scheduler")
@Produces(MediaType.APPLICATION_JSON)
public final class SchedulerResource {
  private final Pauses pauses;
  private final ClusterService cluster;

  public SchedulerResource(Pauses pauses, ClusterService cluster) {
    this.pauses = pauses;
    this.cluster = cluster;
  }

  /** This node: id, state (running, standby, draining, drained), start, worker threads. */
  @GET
  @Timed
  @Requires(Role.VIEWER)
  public SchedulerView scheduler() {
    return ClusterViews.scheduler(cluster.scheduler());
  }

  @POST
  @Path("/pause-all")
  @Timed
  @Requires(Role.ADMIN)
  @Operation(
      summary = "Pause every trigger of the cluster",
      description =
          "Optionally with a reason (shown in GET /cluster and on every job) and an until, when"
              + " the cluster resumes by itself (once, on one node).")
  public SchedulerChange pauseAll(PauseRequest request, @Context SecurityContext security) {
    Function<Pause, SchedulerChange> change =
        pause -> new SchedulerChange(true, JobViews.pause(pause));
    return change.apply(
        pauses.pauseAll(
            RequestTerms.pause(request), Audited.by(RequestCaller.of(security), change::apply)));
  }

  @POST
  @Path("/resume-all")
  @Timed
  @Requires(Role.ADMIN)
  public SchedulerChange resumeAll(@Context SecurityContext security) {
    SchedulerChange change = new SchedulerChange(false, null);
    pauses.resumeAll(Audited.by(RequestCaller.of(security), none -> change));
    return change;
  }
}
