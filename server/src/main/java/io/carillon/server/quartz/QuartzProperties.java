package io.carillon.server.quartz;

import io.carillon.server.core.schedule.CalendarTrueTriggerPersistenceDelegate;
import io.carillon.server.db.Database;
import java.util.Properties;

/**
 * The Quartz properties one node's {@code scheduler:} block makes: the job store the database
 * takes, its timings and batches, and the thread pool. {@link SchedulerAssembly} builds the
 * scheduler from them; a different job store is a change here only.
 */
public final class QuartzProperties {
  private QuartzProperties() {}

  static Properties of(
      QuartzFactory config, Database database, String nodeId, String dataSourceName) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", config.getClusterName());
    p.setProperty("org.quartz.scheduler.instanceId", nodeId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty(
        "org.quartz.scheduler.idleWaitTime",
        Long.toString(config.getIdleWaitTime().toMilliseconds()));
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
        Integer.toString(config.getBatchSize()));
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow",
        Long.toString(config.getBatchTimeWindow().toMilliseconds()));
    p.setProperty("org.quartz.threadPool.class", GatheringThreadPool.class.getName());
    p.setProperty(
        "org.quartz.threadPool.gatherMillis",
        Long.toString(config.getBatchGatherTime().toMilliseconds()));
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(config.getThreadCount()));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "carillon-worker");
    StoreChoice chosen = config.getStore().on(database.dialect());
    p.setProperty("org.quartz.jobStore.class", chosen.jobStoreClass());
    if (chosen == StoreChoice.SET_BASED) {
      // Other nodes are woken for a trigger due before their next idle poll would find it.
      p.setProperty("org.quartz.jobStore.wakeUpDataSource", wakeUpDataSourceName(dataSourceName));
      p.setProperty(
          "org.quartz.jobStore.wakeUpWithin",
          Long.toString(config.getIdleWaitTime().toMilliseconds()));
      p.setProperty("org.quartz.jobStore.foldedRuns", foldedRunsName(dataSourceName));
    }
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass", chosen.delegateClass(database.dialect()));
    p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty(
        "org.quartz.jobStore.isClustered",
        Boolean.toString(database.dialect().supportsClustering()));
    p.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(config.getCheckinInterval().toMilliseconds()));
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        Long.toString(config.getMisfireThreshold().toMilliseconds()));
    // Quartz's default is 15 s: after an outage a node would wait that long to acquire, check in
    // or handle misfires again, long enough for the others to declare it dead.
    p.setProperty(
        "org.quartz.jobStore.dbRetryInterval",
        Long.toString(config.getDbRetryInterval().toMilliseconds()));
    // Named after the node, so that its liveness can be checked (two nodes may share a JVM in
    // tests).
    p.setProperty("org.quartz.scheduler.threadName", schedulerThreadName(nodeId));
    // Batch acquisition across a cluster is only safe while the trigger-access lock is held.
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    // Job data is strings only: no Java serialisation in the database, readable by SQL.
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    // Month-end calendar schedules are stored as plain rows too, not as serialised objects.
    p.setProperty(
        "org.quartz.jobStore.driverDelegateInitString",
        CalendarTrueTriggerPersistenceDelegate.DRIVER_DELEGATE_INIT_STRING);
    return p;
  }

  static String foldedRunsName(String dataSourceName) {
    return dataSourceName + "-run-records";
  }

  static String wakeUpDataSourceName(String dataSourceName) {
    return dataSourceName + "-wake-ups";
  }

  /** The name of the node's Quartz scheduler thread, the one that acquires and fires triggers. */
  public static String schedulerThreadName(String nodeId) {
    return "carillon-scheduler-" + nodeId;
  }
}
