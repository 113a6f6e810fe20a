package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.PreviewRequest;
import io.carillon.server.api.PreviewView;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.Role;
import io.carillon.server.core.Calendars;
import io.carillon.server.core.JobRequests;
import io.carillon.server.core.schedule.SchedulePreview;
import io.carillon.server.core.schedule.ScheduleSpec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /v1/schedules/preview}: when a schedule would fire, before any job uses it. */
@Path("/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SchedulesResource {
  static final int DEFAULT_COUNT = 10;

  private final SchedulePreview previews;
  private final Calendars calendars;

  public SchedulesResource(SchedulePreview previews, Calendars calendars) {
    this.previews = previews;
    this.calendars = calendars;
  }

  @POST
  @Path("/preview")
  @Timed
  // Reads nothing and changes nothing: a viewer may ask.
  @Requires(Role.VIEWER)
  public PreviewView preview(PreviewRequest request) {
    if (request == null || request.schedule() == null) {
      throw new InvalidInputException("schedule", "is required");
    }
    int count = request.count() == null ? DEFAULT_COUNT : request.count();
    ScheduleSpec spec = previews.effective(request.schedule());
    org.quartz.Calendar calendar = null;
    if (request.calendar() != null) {
      JobRequests.requireKeyPart("calendar", request.calendar());
      calendar =
          calendars
              .quartzCalendar(request.calendar())
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "calendar", "no calendar named '" + request.calendar() + "'"));
    }
    SchedulePreview.Preview preview =
        previews.next(
            request.schedule(),
            count,
            request.group(),
            request.name(),
            calendar,
            at -> calendars.whyExcluded(request.calendar(), at));
    return new PreviewView(
        preview.fireTimes(),
        previews.quartzCron(spec),
        spec.timeZone(),
        preview.jitterOffset() == null ? null : preview.jitterOffset().toString(),
        preview.skipped().isEmpty() ? null : preview.skipped());
  }
}
