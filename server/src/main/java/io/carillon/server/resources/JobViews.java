package io.carillon.server.resources;

import io.carillon.server.api.ExecutionSummary;
import io.carillon.server.api.JobRequest;
import io.carillon.server.api.JobView;
import io.carillon.server.api.PauseView;
import io.carillon.server.core.JobService;
import io.carillon.server.db.JobRow;
import io.carillon.server.db.JobStats;
import io.carillon.server.db.Pause;
import io.carillon.server.db.StoredJob;
import jakarta.ws.rs.core.EntityTag;
import java.util.List;
import java.util.Locale;

/** Maps a stored job and its live state to what the API shows. */
final class JobViews {
  private final JobService jobs;

  JobViews(JobService jobs) {
    this.jobs = jobs;
  }

  JobView view(JobRow row) {
    StoredJob job = row.job();
    JobRequest definition = jobs.read(job);
    return new JobView(
        job.group(),
        job.name(),
        job.type(),
        job.description(),
        definition.params(),
        definition.overridable() == null ? List.of() : definition.overridable(),
        definition.schedule(),
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
        row.previousFireAt(),
        row.stats().executions(),
        row.stats().failures(),
        row.stats().misfires(),
        lastExecution(row.stats()),
        row.stats().lastDurationMs(),
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
        definition.calendar());
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
