package io.carillon.server.quartz;

import io.carillon.server.core.TriggerKind;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.metrics.RunMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Carillon's record of each misfire (the job's counter, the SKIPPED row of a dropped fire
 * time, the metric) on a thread of its own, after Quartz has let go of its lock.
 *
 * <p>Quartz calls {@code triggerMisfired} from inside its locked transaction: during a resume,
 * under the cluster-wide {@code TRIGGER_ACCESS} lock, and on behalf of an API request that may
 * itself hold the job's {@code carillon_job} row. Writing that row from there, on another pooled
 * connection, waited for the request that waited for Quartz: a cycle half in Java, which PostgreSQL
 * cannot see, and which stopped every node of the cluster. So the listener only hands the facts
 * over, and nothing Quartz holds ever waits for this thread. The queue is unbounded for the same
 * reason: a full queue would block the caller again; misfires are bounded by the triggers that
 * exist.
 */
final class MisfireRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MisfireRecorder.class);

  /** What a misfire leaves behind; {@code missedAt} is the fire time that was missed. */
  record Misfire(String group, String name, Instant missedAt, boolean dropsMissedTime) {}

  private final ExecutionDao executions;
  private final RunMetrics metrics;
  private final String nodeId;
  private final Clock clock;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "carillon-misfire-recorder");
            thread.setDaemon(true);
            return thread;
          });

  MisfireRecorder(ExecutionDao executions, RunMetrics metrics, String nodeId, Clock clock) {
    this.executions = executions;
    this.metrics = metrics;
    this.nodeId = nodeId;
    this.clock = clock;
  }

  /** Queues the record and returns at once; it never waits for the database. */
  void record(Misfire misfire) {
    writer.execute(() -> write(misfire));
  }

  private void write(Misfire misfire) {
    String type = null;
    try {
      type = executions.jobType(misfire.group(), misfire.name());
      executions.misfired(misfire.group(), misfire.name());
      if (misfire.dropsMissedTime()) {
        executions.skipped(
            new ExecutionDao.Start(
                UUID.randomUUID().toString(),
                "misfire-" + UUID.randomUUID(),
                misfire.group(),
                misfire.name(),
                nodeId,
                misfire.missedAt(),
                clock.instant(),
                TriggerKind.SCHEDULE,
                1),
            "misfired: the fire time passed while no node could run it (misfire: skip)");
      }
    } catch (RuntimeException e) {
      LOG.error("Could not record a misfire of {}/{}", misfire.group(), misfire.name(), e);
    } finally {
      metrics.misfired(misfire.group(), type);
    }
  }

  /** Writes what is queued (for a few seconds at most), then stops; called after Quartz stopped. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Stopped with misfire records still unwritten");
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writer.shutdownNow();
    }
  }
}
