package io.carillon.server.core;

import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.PeriodicTask;
import io.carillon.server.db.NodeDao;
import io.carillon.server.db.NodeDao.NodeRow;
import io.carillon.server.db.RunningExecutionDao;
import io.carillon.server.db.RunningExecutionDao.RunningExecution;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import io.carillon.server.quartz.schema.SchedulerStateDao.Checkin;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the runs a dead node left RUNNING, so that none stays RUNNING forever: RECOVERED when the
 * job requests recovery (Quartz runs it again on a live node, as a new execution with trigger
 * {@code recovery}), ABANDONED otherwise. Every live node sweeps once per check-in interval; the
 * conditional update lets exactly one of them end each run. Dead means Quartz's own rule ({@link
 * Liveness}), or no check-in row at all (Quartz deletes the row of a node it recovered).
 */
public final class FailoverSweeper implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverSweeper.class);

  /** Nodes gone longer than this are dropped from the cluster view. */
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final RunningExecutionDao running;
  private final SchedulerStateDao checkins;
  private final NodeDao nodes;
  private final RunMetrics metrics;
  private final ThisNode self;
  private final Clock wallClock;
  private final PeriodicTask task;

  public FailoverSweeper(
      RunningExecutionDao running,
      SchedulerStateDao checkins,
      NodeDao nodes,
      RunMetrics metrics,
      ThisNode self,
      Duration interval,
      Clock wallClock) {
    this.running = running;
    this.checkins = checkins;
    this.nodes = nodes;
    this.metrics = metrics;
    this.self = self;
    this.wallClock = wallClock;
    this.task =
        new PeriodicTask(
            "carillon-failover-sweeper",
            interval,
            "Could not sweep for runs cut off by dead nodes",
            this::sweep);
  }

  /** One pass; returns how many runs it ended. */
  public int sweep() {
    if (self.state().leftOnPurpose()) {
      return 0;
    }
    Map<String, Checkin> byId =
        checkins.all().stream().collect(Collectors.toMap(Checkin::nodeId, Function.identity()));
    Checkin own = byId.get(self.id());
    if (own == null) {
      // Not checked in (yet, or any more): this node cannot judge the others.
      return 0;
    }
    nodes.copyCheckin(self.id());
    Liveness liveness = new Liveness(wallClock.instant(), own.lastCheckin());
    List<RunningExecution> runs = running.all();
    int ended = 0;
    Map<String, NodeRow> rows = null;
    for (RunningExecution run : runs) {
      Checkin checkin = byId.get(run.nodeId());
      if (run.nodeId().equals(self.id())
          || checkin != null && liveness.isAlive(checkin.lastCheckin(), checkin.interval())) {
        continue;
      }
      if (rows == null) {
        rows = nodes.all().stream().collect(Collectors.toMap(NodeRow::nodeId, Function.identity()));
      }
      NodeRow row = rows.get(run.nodeId());
      if (checkin == null && row == null) {
        // Not a node of this cluster (another cluster may share the database): not ours to judge.
        continue;
      }
      Instant last =
          checkin != null ? checkin.lastCheckin() : row == null ? null : row.lastCheckinAt();
      if (end(run, last, liveness.now())) {
        ended++;
      }
    }
    nodes.forgetGoneBefore(liveness.now().minus(FORGET_AFTER));
    return ended;
  }

  private boolean end(RunningExecution run, Instant lastCheckin, Instant now) {
    ExecutionStatus status =
        run.requestsRecovery() ? ExecutionStatus.RECOVERED : ExecutionStatus.ABANDONED;
    String seen = lastCheckin == null ? "never checked in" : "last checked in at " + lastCheckin;
    String error =
        "node "
            + run.nodeId()
            + " died during this run ("
            + seen
            + "; declared dead by node "
            + self.id()
            + "): "
            + (run.requestsRecovery()
                ? "the job requests recovery, so it runs again on a live node as a new execution"
                    + " with trigger 'recovery'"
                : "the job does not request recovery (\"recover\": false), so this run was"
                    + " abandoned and is not run again");
    if (!running.endCutOff(run.id(), status, run.startedAt(), now, error)) {
      return false;
    }
    metrics.cutOff(run.group(), run.type(), status);
    LOG.warn(
        "Run {} of {}/{} marked {}: node {} {}",
        run.id(),
        run.group(),
        run.name(),
        status,
        run.nodeId(),
        seen);
    return true;
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
