package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.SchedulerChange;
import io.carillon.server.core.JobService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /v1/scheduler}: cluster-wide maintenance switches. */
@Path("/v1/scheduler")
@Produces(MediaType.APPLICATION_JSON)
public final class SchedulerResource {
  private final JobService jobs;

  public SchedulerResource(JobService jobs) {
    this.jobs = jobs;
  }

  @POST
  @Path("/pause-all")
  @Timed
  public SchedulerChange pauseAll() {
    jobs.pauseAll();
    return new SchedulerChange(true);
  }

  @POST
  @Path("/resume-all")
  @Timed
  public SchedulerChange resumeAll() {
    jobs.resumeAll();
    return new SchedulerChange(false);
  }
}
