package io.carillon.server.resources;

import io.carillon.server.api.DependencyView;
import io.carillon.server.api.ExecutionSummary;
import io.carillon.server.api.JobView;
import io.carillon.server.api.PauseView;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.JobState;
import io.carillon.server.common.JobStats;
import io.carillon.server.common.Pause;
import io.carillon.server.common.StoredJob;
import io.carillon.server.core.JobService;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.schedule.CronSchedule;
import io.carillon.server.core.schedule.ScheduleSpec;
import jakarta.ws.rs.core.EntityTag;
import java.util.List;
import java.util.Locale;

/** Maps a stored job and its live state to what the API shows. */
final class JobViews {
  static final int ERROR_LINE = 300;

  private final JobService jobs;

  JobViews(JobService jobs) {
    this.jobs = jobs;
  }

  JobView view(JobRow row) {
    return view(row, null);
  }

  /** The view of one job: with the jobs that wait on it. */
  JobView viewWithChain(JobRow row) {
    List<DependencyView> downstream =
        jobs.chain(row.job().group(), row.job().name()).downstreams().stream()
            .map(link -> new DependencyView(link.job(), link.on()))
            .toList();
    // Left out when none, so that a job no other waits on looks as it does everywhere else.
    return view(row, downstream.isEmpty() ? null : downstream);
  }

  private JobView view(JobRow row, List<DependencyView> downstream) {
    StoredJob job = row.job();
    JobRequest definition = jobs.read(job);
    return new JobView(
        job.group(),
        job.name(),
        job.type(),
        job.description(),
        definition.params(),
        definition.overridable() == null ? List.of() : definition.overridable(),
        shownSchedule(definition),
        definition.misfire(),
        definition.overlap(),
        definition.retry(),
        definition.timeout(),
        Boolean.TRUE.equals(definition.recover()),
        definition.notifications(),
        job.labels(),
        job.enabled(),
        row.state().name().toLowerCase(Locale.ROOT),
        row.nextFireAt(),
        previousFireAt(row, definition),
        row.stats().executions(),
        row.stats().failures(),
        row.stats().misfires(),
        lastExecution(row.stats()),
        row.stats().lastDurationMs(),
        oneLine(row.stats().lastError()),
        job.source(),
        job.version(),
        job.createdAt(),
        job.updatedAt(),
        definition.expect(),
        row.lateSince() != null,
        row.lateSince(),
        row.lateReason(),
        row.lastSuccessAt(),
        pause(row.pause()),
        definition.history(),
        definition.calendar(),
        definition.after(),
        downstream);
  }

  private static ExecutionSummary lastExecution(JobStats stats) {
    if (stats.lastExecutionId() == null) {
      return null;
    }
    return new ExecutionSummary(
        stats.lastExecutionId(),
        stats.lastStatus(),
        stats.lastStartedAt(),
        stats.lastFinishedAt(),
        stats.lastDurationMs());
  }

  /**
   * Quartz's previous fire time; for a one-shot that has fired, whose trigger Quartz removed, the
   * time it was due ({@code at}), so that a finished one-shot still says when it ran.
   */
  private static java.time.Instant previousFireAt(JobRow row, JobRequest definition) {
    if (row.previousFireAt() != null || row.state() != JobState.COMPLETED) {
      return row.previousFireAt();
    }
    return definition.schedule() == null ? null : definition.schedule().at();
  }

  /** A cron stored before zones were filled in runs in UTC: the view says so. */
  private static ScheduleSpec shownSchedule(JobRequest definition) {
    return definition.schedule() == null
        ? null
        : definition.schedule().withDefaultZone(CronSchedule.DEFAULT_ZONE);
  }

  /** The first line of an error that says something, at most {@value #ERROR_LINE} characters. */
  static String oneLine(String error) {
    if (error == null) {
      return null;
    }
    String line =
        error.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
    if (line == null) {
      return null;
    }
    return line.length() <= ERROR_LINE ? line : line.substring(0, ERROR_LINE - 3) + "...";
  }

  static PauseView pause(Pause pause) {
    return pause == null
        ? null
        : new PauseView(pause.scope(), pause.reason(), pause.since(), pause.by(), pause.until());
  }

  /** The job's version as a strong ETag, {@code "7"}; If-Match takes the same form. */
  static EntityTag etag(JobRow row) {
    return new EntityTag(Long.toString(row.job().version()));
  }
}
