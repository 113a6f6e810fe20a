package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.ParameterSpec;
import io.carillon.server.api.JobTypeView;
import io.carillon.server.api.ParameterView;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** {@code /v1/job-types}: the types this server can run and their parameter schemas. */
@Path("/v1/job-types")
@Produces(MediaType.APPLICATION_JSON)
public final class JobTypesResource {
  private final JobTypeRegistry types;

  public JobTypesResource(JobTypeRegistry types) {
    this.types = types;
  }

  @GET
  @Timed
  @Requires(Role.VIEWER)
  public List<JobTypeView> list() {
    return types.types().stream().map(JobTypesResource::view).toList();
  }

  private static JobTypeView view(JobType type) {
    return new JobTypeView(
        type.name(),
        type.description(),
        type.parameters().stream().map(JobTypesResource::view).toList());
  }

  private static ParameterView view(ParameterSpec p) {
    return new ParameterView(
        p.name(),
        p.type().name().toLowerCase(Locale.ROOT),
        p.required(),
        p.defaultValue(),
        p.description(),
        p.min(),
        p.max(),
        p.maxLength(),
        p.allowedValues(),
        p.overridable());
  }
}
