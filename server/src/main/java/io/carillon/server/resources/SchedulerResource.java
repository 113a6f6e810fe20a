package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.PauseRequest;
import io.carillon.server.api.SchedulerChange;
import io.carillon.server.api.SchedulerView;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Role;
import io.carillon.server.core.AuditLog;
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

/** {@code /v1/scheduler}: this node's scheduler, and cluster-wide maintenance switches. */
@Path("/v1/scheduler")
@Produces(MediaType.APPLICATION_JSON)
public final class SchedulerResource {
  private final Pauses pauses;
  private final AuditLog audit;
  private final ClusterService cluster;

  public SchedulerResource(Pauses pauses, AuditLog audit, ClusterService cluster) {
    this.pauses = pauses;
    this.audit = audit;
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
    SchedulerChange change =
        new SchedulerChange(
            true,
            JobViews.pause(
                pauses.pauseAll(RequestTerms.pause(request), RequestCaller.of(security).name())));
    audit.record(RequestCaller.of(security), "scheduler.pause-all", "scheduler", null, change);
    return change;
  }

  @POST
  @Path("/resume-all")
  @Timed
  @Requires(Role.ADMIN)
  public SchedulerChange resumeAll(@Context SecurityContext security) {
    pauses.resumeAll();
    SchedulerChange change = new SchedulerChange(false, null);
    audit.record(RequestCaller.of(security), "scheduler.resume-all", "scheduler", null, change);
    return change;
  }
}
