package io.carillon.server;

import io.carillon.server.core.ClusterService;
import io.carillon.server.db.Daos;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.RequestSessionNames;
import io.carillon.server.health.CanaryHealthCheck;
import io.carillon.server.health.CheckinHealthCheck;
import io.carillon.server.health.ClusterLockHealthCheck;
import io.carillon.server.health.DatabaseHealthCheck;
import io.carillon.server.health.SchedulerHealthCheck;
import io.carillon.server.health.SchedulerThreadHealthCheck;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.PrometheusExposition;
import io.carillon.server.metrics.SchedulerGauges;
import io.carillon.server.quartz.ManagedScheduler;
import io.carillon.server.quartz.QuartzFactory;
import io.carillon.server.quartz.QuartzProperties;
import io.carillon.server.quartz.schema.CanaryDao;
import io.carillon.server.quartz.schema.ClusterLockHolderDao;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Health checks, gauges and the Prometheus exposition. Quartz stamps check-ins and fire times with
 * the wall clock, so whatever judges them here uses it too.
 */
final class Observability {
  private static final Clock WALL = CarillonApplication.QUARTZ_CLOCK;

  private Observability() {}

  static void register(
      Environment environment,
      CarillonConfiguration config,
      Database database,
      Daos daos,
      ManagedScheduler node,
      ClusterService cluster,
      LabelledMetrics metrics) {
    boolean clustered = database.dialect().supportsClustering();
    QuartzFactory scheduler = config.getScheduler();
    environment.healthChecks().register("database", new DatabaseHealthCheck(database.dataSource()));
    environment
        .healthChecks()
        .register("scheduler", new SchedulerHealthCheck(node.scheduler(), node));
    SchedulerGauges.register(
        metrics,
        node::running,
        scheduler.getThreadCount(),
        daos.jobList(),
        daos.checkins(),
        clustered,
        () -> isTakingFires(node.scheduler()),
        WALL);
    PrometheusExposition.register(environment, metrics);
    registerClusterLockWatch(environment, config, database, daos.lockHolders(), metrics);
    // Registered on H2 as well, where it is always healthy, so that health: config fits both.
    environment
        .healthChecks()
        .register(
            "checkin",
            new CheckinHealthCheck(
                clustered ? daos.checkins() : null, node::id, scheduler.checkinInterval(), WALL));
    metrics.cachedGauge(
        "carillon_triggers_stuck",
        "Triggers in ERROR, or BLOCKED/ACQUIRED with no live owner: they need a repair",
        Duration.ofSeconds(5),
        cluster::stuckTriggerCount);
    registerCanary(environment, scheduler.canaryInterval(), daos.canary(), metrics);
    environment
        .healthChecks()
        .register(
            "scheduler-thread",
            new SchedulerThreadHealthCheck(QuartzProperties.schedulerThreadName(node.id()), node));
  }

  /** The canary trigger's health check and age gauge (StartupJobs creates the trigger). */
  private static void registerCanary(
      Environment environment, Duration interval, CanaryDao canary, LabelledMetrics metrics) {
    environment.healthChecks().register("canary", new CanaryHealthCheck(canary, interval, WALL));
    metrics.cachedGauge(
        "carillon_canary_age_seconds",
        "Seconds since the cluster last fired its canary trigger, on any node",
        Duration.ofSeconds(1),
        () -> canary.find().map(c -> c.age(WALL.instant()).toMillis() / 1000.0).orElse(Double.NaN));
  }

  /**
   * Who holds Quartz's cluster lock and for how long: a check that names the holder (node and
   * request) past a threshold, and a gauge. On H2 (one node) there is nobody else to stall.
   */
  private static void registerClusterLockWatch(
      Environment environment,
      CarillonConfiguration config,
      Database database,
      ClusterLockHolderDao holders,
      LabelledMetrics metrics) {
    if (database.dialect() != DatabaseDialect.POSTGRESQL) {
      environment.healthChecks().register("cluster-lock", new ClusterLockHealthCheck(null, null));
      return;
    }
    environment
        .servlets()
        .addFilter("request-session-names", new RequestSessionNames())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
    environment
        .healthChecks()
        .register(
            "cluster-lock",
            new ClusterLockHealthCheck(holders, config.getScheduler().lockHeldThreshold()));
    metrics.cachedGauge(
        "carillon_cluster_lock_held_seconds",
        "How long the oldest transaction holding Quartz's cluster lock has held it (0: none)",
        Duration.ofSeconds(1),
        () -> holders.oldest().map(h -> h.held().toMillis() / 1000.0).orElse(0.0));
  }

  private static boolean isTakingFires(Scheduler scheduler) {
    try {
      return scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
    } catch (SchedulerException e) {
      return false;
    }
  }
}
