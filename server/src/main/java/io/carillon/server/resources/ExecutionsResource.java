package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.ExecutionView;
import io.carillon.server.api.Page;
import io.carillon.server.auth.Requires;
import io.carillon.server.auth.Role;
import io.carillon.server.core.ExecutionService;
import io.carillon.server.core.ExecutionStatus;
import io.carillon.server.core.InvalidInputException;
import io.carillon.server.db.ExecutionFilter;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/** {@code /v1/executions}: the history of runs across jobs, one run, and its output. */
@Path("/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public final class ExecutionsResource {
  private final ExecutionService executions;

  public ExecutionsResource(ExecutionService executions) {
    this.executions = executions;
  }

  @GET
  @Requires(Role.VIEWER)
  @Timed
  public Page<ExecutionView> list(
      @QueryParam("status") String status,
      @QueryParam("group") String group,
      @QueryParam("job") String job,
      @QueryParam("since") String since,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    ExecutionFilter filter =
        new ExecutionFilter(
            status(status), blank(group), blank(job), InstantParameter.parse("since", since));
    return ExecutionViews.page(executions.list(filter, cursor, number("limit", limit)));
  }

  @GET
  @Requires(Role.VIEWER)
  @Path("/{id}")
  @Timed
  public ExecutionView get(@PathParam("id") String id) {
    return ExecutionViews.view(executions.get(id));
  }

  @GET
  @Requires(Role.VIEWER)
  @Path("/{id}/output")
  @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
  @Timed
  public String output(@PathParam("id") String id) {
    return executions.output(id);
  }

  static int number(String field, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field, "must be a whole number");
    }
  }

  private static String status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return ExecutionStatus.valueOf(status.toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "status",
          "must be one of running, succeeded, failed, timed_out, interrupted, skipped, recovered");
    }
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
