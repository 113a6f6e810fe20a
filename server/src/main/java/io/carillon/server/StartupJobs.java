package io.carillon.server;

import io.carillon.server.auth.AuthFactory;
import io.carillon.server.auth.StartupKeys;
import io.carillon.server.core.ConfigJobs;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.db.ClusterLock;
import io.carillon.server.quartz.Canary;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.List;
import org.quartz.Scheduler;

/**
 * What a node does once as it starts, before its scheduler takes fires: config.yml's jobs
 * reconciled, the configured API keys applied and the cluster's canary trigger created, each under
 * its own cluster-wide lock so that replicas starting together do it one after another.
 */
final class StartupJobs implements Managed {
  private final ClusterLock lock;
  private final ConfigJobs configJobs;
  private final List<JobRequest> declaredJobs;
  private final boolean pruneJobs;
  private final StartupKeys startupKeys;
  private final List<AuthFactory.ConfiguredKey> configuredKeys;
  private final Scheduler scheduler;
  private final Duration canaryInterval;

  StartupJobs(
      ClusterLock lock,
      ConfigJobs configJobs,
      List<JobRequest> declaredJobs,
      boolean pruneJobs,
      StartupKeys startupKeys,
      List<AuthFactory.ConfiguredKey> configuredKeys,
      Scheduler scheduler,
      Duration canaryInterval) {
    this.lock = lock;
    this.configJobs = configJobs;
    this.declaredJobs = declaredJobs;
    this.pruneJobs = pruneJobs;
    this.startupKeys = startupKeys;
    this.configuredKeys = configuredKeys;
    this.scheduler = scheduler;
    this.canaryInterval = canaryInterval;
  }

  /**
   * The start-up jobs of this configuration, its jobs and keys checked now: a wrong one stops the
   * start with one line, before the lifecycle starts (where Dropwizard would log a stack trace).
   */
  static StartupJobs of(
      CarillonConfiguration config, ClusterLock lock, Services services, Scheduler scheduler) {
    StartupJobs jobs =
        new StartupJobs(
            lock,
            new ConfigJobs(
                services.jobs(),
                services.requests(),
                services.documents(),
                services.declared().file()),
            config.getJobs(),
            config.isPruneJobs(),
            new StartupKeys(
                services.keys(), System.out, BaseUrl.of(config), config.getConfigFile()),
            config.getAuth().getKeys(),
            scheduler,
            config.getScheduler().canaryInterval());
    jobs.configJobs.check(jobs.declaredJobs);
    jobs.startupKeys.check(jobs.configuredKeys);
    return jobs;
  }

  @Override
  public void start() {
    lock.holding(ClusterLock.CONFIG_JOBS, () -> configJobs.reconcile(declaredJobs, pruneJobs));
    lock.holding(ClusterLock.API_KEYS, () -> startupKeys.apply(configuredKeys));
    lock.holding(
        ClusterLock.CANARY,
        () -> {
          Canary.ensure(scheduler, canaryInterval);
          return null;
        });
  }

  @Override
  public void stop() {}
}
