package io.carillon.server.core.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * {@code PUT /calendars/{name}}: times a job naming this calendar does not fire at, over Quartz's
 * own calendars, evaluated in {@code timeZone} (default UTC). Any mix of the exclusions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CalendarSpec(
    @Schema(example = "Europe/Zurich") String timeZone,
    String description,
    @Schema(description = "Whole days excluded, as ISO dates (2026-12-25)")
        List<String> excludeDates,
    @Schema(description = "Days excluded every year, as MM-DD (12-25)") List<String> excludeAnnual,
    @Schema(description = "Times of day excluded every day") List<DailyWindow> excludeDaily,
    @Schema(
            description = "Times excluded where this Quartz cron expression matches",
            example = "* * 0-6 ? * *")
        String excludeCron) {

  /** A time-of-day range, HH:mm or HH:mm:ss, from before to. */
  public record DailyWindow(String from, String to) {}
}
