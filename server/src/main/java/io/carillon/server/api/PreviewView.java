package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.carillon.server.core.schedule.FireTime;
import io.carillon.server.core.schedule.SchedulePreview;
import java.util.List;

/**
 * The next fire times of a schedule, each as an instant and in the schedule's own zone; {@code
 * jitterOffset}: with a jitter, the job's offset those fire times include (ISO-8601, e.g. PT17S).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreviewView(
    List<FireTime> fireTimes, String jitterOffset, List<SchedulePreview.Skipped> skipped) {}
