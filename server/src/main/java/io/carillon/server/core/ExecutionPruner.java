package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.PeriodicTask;
import io.carillon.server.core.definition.HistorySpec;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.db.JobRevisionDao;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the history bounded: drops finished executions older than {@code maxAge} and, per job,
 * those beyond its newest {@code maxPerJob}, then the job revisions no kept run needs. Runs on
 * every node; the deletes are idempotent.
 */
public final class ExecutionPruner implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionPruner.class);

  private final ExecutionDao executions;
  private final JobRevisionDao revisions;
  private final Clock clock;
  private final Duration maxAge;
  private final int maxPerJob;
  private final ObjectMapper json;
  private final PeriodicTask task;

  public ExecutionPruner(
      ExecutionDao executions, Clock clock, Duration maxAge, int maxPerJob, Duration interval) {
    this(
        executions,
        clock,
        maxAge,
        maxPerJob,
        interval,
        io.dropwizard.jackson.Jackson.newObjectMapper());
  }

  /** {@code json} reads each job's {@code history} limits from its stored definition. */
  public ExecutionPruner(
      ExecutionDao executions,
      Clock clock,
      Duration maxAge,
      int maxPerJob,
      Duration interval,
      ObjectMapper json) {
    this(executions, null, clock, maxAge, maxPerJob, interval, json);
  }

  /** The same, pruning the job revisions ({@code revisions}; null: kept) after the history. */
  public ExecutionPruner(
      ExecutionDao executions,
      JobRevisionDao revisions,
      Clock clock,
      Duration maxAge,
      int maxPerJob,
      Duration interval,
      ObjectMapper json) {
    this.json = json;
    this.executions = executions;
    this.revisions = revisions;
    this.clock = clock;
    this.maxAge = maxAge;
    this.maxPerJob = maxPerJob;
    this.task =
        new PeriodicTask(
            "carillon-history-pruner",
            interval,
            "Could not prune the execution history",
            this::prune);
  }

  /**
   * What one pass deleted: executions by age, by the global count per job, by jobs' own history
   * limits; and job revisions no kept execution needs any more.
   */
  public record Pruned(int byAge, int byCount, int byJobLimits, int revisions) {
    public Pruned(int byAge, int byCount) {
      this(byAge, byCount, 0, 0);
    }
  }

  public Pruned prune() {
    Instant cutoff = clock.instant().minus(maxAge);
    int byAge = executions.deleteStartedBefore(cutoff);
    int byCount = executions.deleteBeyond(maxPerJob);
    int byJobLimits = pruneByJobLimits();
    Pruned pruned =
        new Pruned(byAge, byCount, byJobLimits, revisions == null ? 0 : revisions.deleteUnneeded());
    if (pruned.revisions() > 0) {
      LOG.info("Pruned {} job revision(s) no kept execution needs", pruned.revisions());
    }
    if (pruned.byJobLimits() > 0) {
      LOG.info("Pruned {} execution(s) beyond their job's history limits", pruned.byJobLimits());
    }
    if (pruned.byAge() + pruned.byCount() > 0) {
      LOG.info(
          "Pruned {} execution(s) older than {} and {} beyond {} per job",
          pruned.byAge(),
          maxAge,
          pruned.byCount(),
          maxPerJob);
    }
    return pruned;
  }

  /** Each job's own {@code history: {keep, keepFailed}}, for the jobs that declare one. */
  private int pruneByJobLimits() {
    int deleted = 0;
    for (ExecutionDao.LimitedJob job : executions.jobsWithHistoryLimits()) {
      HistorySpec history;
      try {
        history = json.readValue(job.definitionJson(), JobRequest.class).history();
      } catch (JsonProcessingException e) {
        LOG.warn("Cannot read the history limits of {}/{}", job.group(), job.name());
        continue;
      }
      if (history != null) {
        deleted +=
            executions.deleteBeyond(job.group(), job.name(), history.keep(), history.keepFailed());
      }
    }
    return deleted;
  }

  @Override
  public void start() {
    task.start();
  }

  @Override
  public void stop() {
    task.stop();
  }
}
