package io.carillon.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.PeriodicTask;
import io.carillon.server.core.FailoverSweeper;
import io.carillon.server.core.LateJobs;
import io.carillon.server.db.Daos;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.LastSuccessAges;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.notify.Notifier;
import io.carillon.server.quartz.ManagedScheduler;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Clock;
import java.time.Duration;

/**
 * The loops every node runs beside its scheduler, with the gauges that count their rounds: pause
 * ends, backfill steps, dependent runs, the late-job check, the history pruner and, in a cluster,
 * the sweeper that ends the runs of dead nodes. Each does its work through conditional updates, so
 * that however many nodes look at once, one of them acts.
 */
final class BackgroundTasks {
  private BackgroundTasks() {}

  static void register(
      LifecycleEnvironment lifecycle,
      CarillonConfiguration config,
      Services services,
      Daos daos,
      ManagedScheduler node,
      boolean clustered,
      Notifier notifier,
      LabelledMetrics metrics,
      RunMetrics runMetrics,
      ObjectMapper json,
      Clock clock) {
    PeriodicTask pauseEnds =
        new PeriodicTask(
            "carillon-pause-ends",
            config.getPauses().checkInterval(),
            "Could not resume the pauses that ended",
            () -> services.pauses().resumeEnded(node.id()));
    lifecycle.manage(pauseEnds);
    metrics.gauge(
        "carillon_pause_checks",
        "Looks for ended pauses this node has completed since it started",
        pauseEnds::rounds);
    lifecycle.manage(
        new PeriodicTask(
            "carillon-backfills",
            config.getBackfills().checkInterval(),
            "Could not drive the backfills",
            services.backfills()::drive));
    PeriodicTask dependencies =
        new PeriodicTask(
            "carillon-dependencies",
            config.getDependencies().checkInterval(),
            "Could not dispatch dependent jobs",
            services.dependencies()::drive);
    lifecycle.manage(dependencies);
    metrics.gauge(
        "carillon_dependency_checks",
        "Looks for ended upstream runs to dispatch this node has completed since it started",
        dependencies::rounds);
    registerLateJobs(lifecycle, config, daos, node, notifier, metrics, json, clock);
    lifecycle.manage(
        config.getExecutions().build(daos.executions(), daos.revisions(), clock, json));
    if (clustered) {
      lifecycle.manage(
          new FailoverSweeper(
              daos.running(),
              daos.checkins(),
              daos.nodes(),
              runMetrics,
              node,
              config.getScheduler().checkinInterval(),
              CarillonApplication.QUARTZ_CLOCK));
    }
  }

  /**
   * The late-job check (one of the nodes notifies each change) and its metrics: how many jobs are
   * late, each job's last success age, and the checks this node made.
   */
  private static void registerLateJobs(
      LifecycleEnvironment lifecycle,
      CarillonConfiguration config,
      Daos daos,
      ManagedScheduler node,
      Notifier notifier,
      LabelledMetrics metrics,
      ObjectMapper json,
      Clock clock) {
    LateJobs late =
        new LateJobs(
            daos.expectations(),
            daos.pauses(),
            node.scheduler(),
            json,
            notifier,
            node.id(),
            clock,
            config.getLateJobs().checkInterval());
    lifecycle.manage(late);
    metrics.cachedGauge(
        "carillon_jobs_late",
        "Jobs whose fire time passed without a start, or whose last success is too old",
        Duration.ofSeconds(1),
        daos.expectationList()::countLate);
    metrics.gauge(
        "carillon_late_checks",
        "Late-job checks this node has completed since it started",
        late::checks);
    metrics.collector(new LastSuccessAges(daos.expectationList(), clock));
  }
}
