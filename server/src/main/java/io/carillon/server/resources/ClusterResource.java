package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.ClusterView;
import io.carillon.server.api.StuckTriggerRepair;
import io.carillon.server.api.StuckTriggers;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Role;
import io.carillon.server.core.ClusterService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code /v1/cluster}: the nodes of the cluster, and triggers left stuck by dead ones. */
@Path("/v1/cluster")
@Produces(MediaType.APPLICATION_JSON)
public final class ClusterResource {
  private final ClusterService cluster;

  public ClusterResource(ClusterService cluster) {
    this.cluster = cluster;
  }

  @GET
  @Timed
  @Requires(Role.VIEWER)
  public ClusterView nodes() {
    return ClusterViews.cluster(cluster.cluster());
  }

  @GET
  @Path("/stuck-triggers")
  @Timed
  @Requires(Role.VIEWER)
  public StuckTriggers stuckTriggers() {
    return ClusterViews.stuck(cluster.stuckTriggers());
  }

  @POST
  @Path("/stuck-triggers/repair")
  @Timed
  @Requires(Role.ADMIN)
  public StuckTriggerRepair repair(@Context SecurityContext security) {
    return ClusterViews.repair(cluster.repairStuckTriggers(RequestCaller.of(security)));
  }
}
