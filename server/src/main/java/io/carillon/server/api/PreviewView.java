package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.carillon.server.core.schedule.FireTime;
import io.carillon.server.core.schedule.SchedulePreview;
import java.util.List;

/**
 * The next fire times of a schedule, each as an instant and in the schedule's own zone; for a cron,
 * the expression in Quartz's form ({@code quartzCron}: a crontab line translated) and its zone;
 * {@code jitterOffset}: with a jitter, the job's offset those fire times include (ISO-8601, e.g.
 * PT17S); {@code skipped}: with a calendar, the times it excludes and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreviewView(
    List<FireTime> fireTimes,
    String quartzCron,
    String timeZone,
    String jitterOffset,
    List<SchedulePreview.Skipped> skipped) {}
