package io.carillon.server.quartz;

import io.carillon.server.common.StartupException;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.db.GroupCommitRunRecorder;
import io.carillon.server.db.NodeDao;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.notify.Notifier;
import io.carillon.server.quartz.schema.FiredTriggerDao;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import io.carillon.server.quartz.store.FoldedRunsRegistry;
import java.time.Clock;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * Puts this node's Quartz scheduler together from the {@code scheduler:} configuration: its
 * connection providers over the shared pool, the run recorder, Carillon's job and trigger
 * listeners, the interrupt poller and the way the node leaves the cluster.
 */
public final class SchedulerAssembly {
  private final QuartzFactory config;

  public SchedulerAssembly(QuartzFactory config) {
    this.config = config;
  }

  /** This node's scheduler, not yet started, making its jobs with {@code jobs}. */
  public ManagedScheduler build(
      Database database, RunMetrics metrics, Clock clock, Notifier notifier, JobFactory jobs) {
    String clusterName = config.getClusterName();
    String nodeId = config.nodeId();
    if (SchedulerRepository.getInstance().lookup(clusterName) != null) {
      throw new StartupException("a scheduler named " + clusterName + " already runs in this JVM");
    }
    // DBConnectionManager is JVM-global: name the provider after the node so two never collide.
    String dataSourceName = "carillon-" + nodeId;
    boolean setBased = config.getStore().on(database.dialect()) == StoreChoice.SET_BASED;
    // Sessions are named after the API request that uses them where a request can hold a lock row:
    // in the stock store by the provider, around every Quartz call; the set-based store does it
    // itself, inside the transactions that take the exclusive lock (ReadWriteTriggerLock).
    DBConnectionManager.getInstance()
        .addConnectionProvider(
            dataSourceName,
            new PooledConnectionProvider(
                database.dataSource(),
                database.dialect() == DatabaseDialect.POSTGRESQL && !setBased
                    ? config.sessionName()
                    : null));
    GroupCommitRunRecorder records =
        new GroupCommitRunRecorder(database.dataSource(), database.dialect(), clusterName, clock);
    if (setBased) {
      DBConnectionManager.getInstance()
          .addConnectionProvider(
              QuartzProperties.wakeUpDataSourceName(dataSourceName),
              new UnpooledConnectionProvider(
                  database.dataSource(), config.sessionName() + " wake-ups"));
      // The store writes each run's end with its fire's completion: one commit, not two.
      FoldedRunsRegistry.register(
          QuartzProperties.foldedRunsName(dataSourceName), records.foldIntoStore());
    }
    try {
      Scheduler scheduler =
          new StdSchedulerFactory(config.quartzProperties(database, nodeId, dataSourceName))
              .getScheduler();
      scheduler.setJobFactory(jobs);
      RunningJobs running = new RunningJobs();
      ExecutionDao executions = new ExecutionDao(database.dataSource(), clusterName);
      Interrupts interrupts = new Interrupts();
      scheduler.getListenerManager().addJobListener(running);
      scheduler
          .getListenerManager()
          .addJobListener(
              new ExecutionListener(records, interrupts, metrics, notifier, nodeId, clock));
      scheduler
          .getListenerManager()
          .addTriggerListener(
              new OverlapListener(
                  new FiredTriggerDao(database.dataSource(), clusterName),
                  executions,
                  records,
                  metrics,
                  nodeId,
                  clock));
      InterruptPoller poller =
          new InterruptPoller(
              executions,
              interrupts,
              nodeId,
              QuartzFactory.toJava(config.getInterruptPollInterval()));
      boolean clustered = database.dialect().supportsClustering();
      ClusterExit exit =
          new ClusterExit(
              interrupts,
              clustered ? new SchedulerStateDao(database.dataSource(), clusterName) : null);
      return new ManagedScheduler(
          scheduler,
          running,
          poller,
          exit,
          records,
          new NodeDao(database.dataSource(), clusterName),
          nodeId,
          InstanceIds.host(),
          config.getThreadCount(),
          QuartzFactory.toJava(config.getShutdownGracePeriod()),
          clock);
    } catch (SchedulerException e) {
      records.close();
      FoldedRunsRegistry.remove(QuartzProperties.foldedRunsName(dataSourceName));
      throw new StartupException("cannot create the Quartz scheduler: " + e.getMessage(), e);
    }
  }
}
