package io.carillon.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The scheduler settings every system runs with, from one place so that they cannot drift apart:
 * raw Quartz gets them as Quartz properties, Carillon as {@code -Ddw.scheduler.*} overrides of its
 * configuration, db-scheduler as the closest settings it has. Printed in the output's header.
 *
 * @param threads worker threads per node (Quartz thread pool, db-scheduler executor)
 * @param poolSize database connections per node
 * @param batchSize Quartz batchTriggerAcquisitionMaxCount
 * @param batchWindowMs Quartz batchTriggerAcquisitionFireAheadTimeWindow
 * @param idleWaitMs Quartz idleWaitTime; db-scheduler pollingInterval
 * @param checkinMs Quartz clusterCheckinInterval
 * @param misfireMs Quartz misfireThreshold (db-scheduler has no misfires: it runs late fires late)
 * @param dbRetryMs Quartz dbRetryInterval
 * @param heartbeatMs db-scheduler heartbeatInterval: times its minimum of 4 missed heartbeats, a
 *     dead node is noticed about as late as Quartz notices one (check-in interval + 7.5 s)
 * @param pollMs db-scheduler pollingInterval: by default the idle wait, the same "how soon an idle
 *     node notices work another process wrote"; db-scheduler does not acquire ahead as Quartz does,
 *     so its fire lag at low rates is up to this long (--dbs-poll to try it shorter)
 */
record Settings(
    int threads,
    int poolSize,
    int batchSize,
    long batchWindowMs,
    long idleWaitMs,
    long checkinMs,
    long misfireMs,
    long dbRetryMs,
    long heartbeatMs,
    long pollMs) {

  /** db-scheduler's lowest allowed limit. */
  static final int MISSED_HEARTBEATS = 4;

  /** Upper limit of executions a db-scheduler node picks ahead, as a multiple of its threads. */
  static final double LOCK_AND_FETCH_UPPER = 3.0;

  static final double LOCK_AND_FETCH_LOWER = 0.5;

  /** {@code pollMs} 0: the idle wait. */
  static Settings of(int threads, int batchSize, long pollMs) {
    long checkin = 5_000;
    long idleWait = 5_000;
    return new Settings(
        threads,
        // Carillon's default (20 for its default 10 threads): the worker threads, Quartz's own
        // three, the API's requests (the bench sends from four clients at once) and the rest.
        // With threads + 5, Carillon ran out of connections while four clients created jobs
        // during a burst, and answered 500.
        threads + 10,
        batchSize,
        0,
        idleWait,
        checkin,
        10_000,
        1_000,
        (checkin + 7_500) / MISSED_HEARTBEATS,
        pollMs > 0 ? pollMs : idleWait);
  }

  /** Carillon's QuartzFactory sets these too (acquireTriggersWithinLock, useProperties). */
  Properties quartz(String name, String nodeId, String dataSource) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", name);
    p.setProperty("org.quartz.scheduler.instanceId", nodeId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(idleWaitMs));
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(batchSize));
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow",
        Long.toString(batchWindowMs));
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", dataSource);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinMs));
    p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireMs));
    p.setProperty("org.quartz.jobStore.dbRetryInterval", Long.toString(dbRetryMs));
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    return p;
  }

  /** Overrides of config.yml for a Carillon node, so that it cannot differ from the others. */
  List<String> carillonOverrides() {
    List<String> out = new ArrayList<>();
    out.add("-Ddw.database.maxPoolSize=" + poolSize);
    out.add("-Ddw.scheduler.threadCount=" + threads);
    out.add("-Ddw.scheduler.batchSize=" + batchSize);
    out.add("-Ddw.scheduler.batchTimeWindow=" + batchWindowMs + "ms");
    out.add("-Ddw.scheduler.idleWaitTime=" + idleWaitMs + "ms");
    out.add("-Ddw.scheduler.checkinInterval=" + checkinMs + "ms");
    out.add("-Ddw.scheduler.misfireThreshold=" + misfireMs + "ms");
    out.add("-Ddw.scheduler.dbRetryInterval=" + dbRetryMs + "ms");
    return out;
  }

  /** Passed to a raw Quartz or db-scheduler node as one argument; see {@link #parse}. */
  String encode() {
    return threads
        + ","
        + poolSize
        + ","
        + batchSize
        + ","
        + batchWindowMs
        + ","
        + idleWaitMs
        + ","
        + checkinMs
        + ","
        + misfireMs
        + ","
        + dbRetryMs
        + ","
        + heartbeatMs
        + ","
        + pollMs;
  }

  static Settings parse(String encoded) {
    String[] v = encoded.split(",");
    return new Settings(
        Integer.parseInt(v[0]),
        Integer.parseInt(v[1]),
        Integer.parseInt(v[2]),
        Long.parseLong(v[3]),
        Long.parseLong(v[4]),
        Long.parseLong(v[5]),
        Long.parseLong(v[6]),
        Long.parseLong(v[7]),
        Long.parseLong(v[8]),
        Long.parseLong(v[9]));
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "# every node: threads=%d, database pool=%d, heap %s, logging INFO%n"
            + "# Quartz (raw and Carillon alike): batchTriggerAcquisitionMaxCount=%d,"
            + " batchTriggerAcquisitionFireAheadTimeWindow=%d ms, idleWaitTime=%d ms,"
            + " clusterCheckinInterval=%d ms, misfireThreshold=%d ms, dbRetryInterval=%d ms,"
            + " acquireTriggersWithinLock=true, useProperties=true; raw Quartz on JobStoreTX,"
            + " Carillon on the store its configuration picks%n"
            + "# db-scheduler: pollUsingLockAndFetch(%.1f, %.1f), pollingInterval=%d ms,"
            + " heartbeatInterval=%d ms x %d missed, enableImmediateExecution",
        threads,
        poolSize,
        Bench.HEAP,
        batchSize,
        batchWindowMs,
        idleWaitMs,
        checkinMs,
        misfireMs,
        dbRetryMs,
        LOCK_AND_FETCH_LOWER,
        LOCK_AND_FETCH_UPPER,
        pollMs,
        heartbeatMs,
        MISSED_HEARTBEATS);
  }
}
