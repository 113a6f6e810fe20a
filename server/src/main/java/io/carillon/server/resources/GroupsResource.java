package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.GroupChange;
import io.carillon.server.core.JobService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /v1/groups/{group}}: pause or resume every job of a group. */
@Path("/v1/groups/{group}")
@Produces(MediaType.APPLICATION_JSON)
public final class GroupsResource {
  private final JobService jobs;

  public GroupsResource(JobService jobs) {
    this.jobs = jobs;
  }

  @POST
  @Path("/pause")
  @Timed
  public GroupChange pause(@PathParam("group") String group) {
    return new GroupChange(group, jobs.pauseGroup(group), "paused");
  }

  @POST
  @Path("/resume")
  @Timed
  public GroupChange resume(@PathParam("group") String group) {
    return new GroupChange(group, jobs.resumeGroup(group), "scheduled");
  }
}
