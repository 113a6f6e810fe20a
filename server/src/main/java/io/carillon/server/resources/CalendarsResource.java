package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.CalendarView;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Role;
import io.carillon.server.core.Calendars;
import io.carillon.server.core.definition.CalendarSpec;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** {@code /v1/calendars} (issue 18 §3): named exclusions that jobs name in {@code calendar}. */
@Path("/v1/calendars")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CalendarsResource {
  private final Calendars calendars;

  public CalendarsResource(Calendars calendars) {
    this.calendars = calendars;
  }

  @GET
  @Timed
  @Requires(Role.VIEWER)
  public List<CalendarView> list() {
    return calendars.names().stream()
        .map(name -> new CalendarView(name, calendars.find(name).orElse(null)))
        .toList();
  }

  @GET
  @Path("/{name}")
  @Timed
  @Requires(Role.VIEWER)
  public CalendarView get(@PathParam("name") String name) {
    return new CalendarView(name, calendars.get(name), calendars.jobsNaming(name));
  }

  @PUT
  @Path("/{name}")
  @Timed
  @Requires(Role.ADMIN)
  @Operation(
      summary = "Create or replace a calendar",
      description =
          "Dates, annual days, daily windows and a cron expression a job naming the calendar"
              + " does not fire at, in timeZone. Jobs naming it are rescheduled at once.")
  public Response put(
      @PathParam("name") String name, CalendarSpec spec, @Context SecurityContext security) {
    CalendarSpec after = calendars.put(name, spec, RequestCaller.of(security));
    return Response.ok(new CalendarView(name, after, calendars.jobsNaming(name))).build();
  }

  @DELETE
  @Path("/{name}")
  @Timed
  @Requires(Role.ADMIN)
  @Operation(
      summary = "Delete a calendar",
      description =
          "409 while a job names it, naming those jobs (the first 100): change or delete them"
              + " first.")
  public Response delete(@PathParam("name") String name, @Context SecurityContext security) {
    calendars.delete(name, RequestCaller.of(security));
    return Response.noContent().build();
  }
}
