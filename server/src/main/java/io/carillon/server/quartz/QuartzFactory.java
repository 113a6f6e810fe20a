package io.carillon.server.quartz;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.server.core.schedule.CalendarTrueTriggerPersistenceDelegate;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.ZoneId;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The {@code scheduler:} block of the configuration and the Quartz properties it makes; {@link
 * SchedulerAssembly} builds the scheduler from them. A different job store (say, a
 * PostgreSQL-specialised one) is a change of properties here only.
 */
public class QuartzFactory {
  static final String AUTO = "AUTO";

  @NotBlank
  @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "must be 1-100 of A-Z a-z 0-9 . _ -")
  private String clusterName = "carillon";

  @NotBlank
  @Pattern(regexp = "[A-Za-z0-9._-]{1,150}", message = "must be AUTO or 1-150 of A-Z a-z 0-9 . _ -")
  private String instanceId = AUTO;

  @JsonIgnore private String resolvedNodeId;

  @Min(1)
  @Max(200)
  private int threadCount = 10;

  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration checkinInterval = Duration.seconds(5);

  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.DAYS)
  private Duration misfireThreshold = Duration.seconds(10);

  /**
   * While the database is unreachable, how long Quartz waits between attempts: to acquire triggers,
   * to check in, to handle misfires, and to record a finished run. Short, so that every node checks
   * in again within moments of the database's return, before the others' grace for it (check-in
   * interval plus 7.5 s) runs out and they take it for dead. Never longer than the check-in
   * interval.
   */
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration dbRetryInterval = Duration.seconds(1);

  /** How often the cluster fires its canary trigger; the canary check is red at 3 times this. */
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration canaryInterval = Duration.seconds(5);

  /**
   * How long one transaction may hold Quartz's cluster lock before the {@code cluster-lock} check
   * turns red. Nothing fires on any node while it is held; the stock store's bulk operations
   * (resume-all of thousands of triggers) hold it for seconds.
   */
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration lockHeldThreshold = Duration.seconds(30);

  /**
   * How long an idle node waits before looking for due triggers again. A node is woken at once by
   * its own scheduling calls, but a trigger written by another node is only seen on this poll.
   */
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
  private Duration idleWaitTime = Duration.seconds(5);

  @Min(1)
  @Max(1000)
  private int batchSize = 10;

  /** The zone of a cron that names none, such as Europe/Zurich; shown in the job's view. */
  @NotEmpty private String defaultTimeZone = "UTC";

  /** Which job store: see {@link StoreChoice}. */
  @NotNull private StoreChoice store = StoreChoice.AUTO;

  @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration batchTimeWindow = Duration.milliseconds(0);

  /**
   * How long a busy node's scheduler thread may wait for more free workers before it acquires, so
   * that one transaction fetches several triggers: see {@link GatheringThreadPool}. 0 = never.
   */
  @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS, inclusive = true)
  @MaxDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration batchGatherTime = Duration.milliseconds(3);

  @MinDuration(value = 0, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration shutdownGracePeriod = Duration.seconds(30);

  /**
   * How often this node looks in the database for interrupt requests aimed at its running jobs (the
   * API may have received them on another node).
   */
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration interruptPollInterval = Duration.seconds(1);

  /** This node's id: the configured one, or one made up once for {@code AUTO}. */
  public synchronized String nodeId() {
    if (resolvedNodeId == null) {
      resolvedNodeId = InstanceIds.resolve(instanceId);
    }
    return resolvedNodeId;
  }

  /** What this node's database sessions are called in PostgreSQL's {@code pg_stat_activity}. */
  public String sessionName() {
    return "carillon " + nodeId();
  }

  Properties quartzProperties(Database database, String nodeId, String dataSourceName) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", clusterName);
    p.setProperty("org.quartz.scheduler.instanceId", nodeId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty(
        "org.quartz.scheduler.idleWaitTime", Long.toString(idleWaitTime.toMilliseconds()));
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(batchSize));
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow",
        Long.toString(batchTimeWindow.toMilliseconds()));
    p.setProperty("org.quartz.threadPool.class", GatheringThreadPool.class.getName());
    p.setProperty(
        "org.quartz.threadPool.gatherMillis", Long.toString(batchGatherTime.toMilliseconds()));
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threadCount));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "carillon-worker");
    StoreChoice chosen = store.on(database.dialect());
    p.setProperty("org.quartz.jobStore.class", chosen.jobStoreClass());
    if (chosen == StoreChoice.SET_BASED) {
      // Other nodes are woken for a trigger due before their next idle poll would find it.
      p.setProperty("org.quartz.jobStore.wakeUpDataSource", wakeUpDataSourceName(dataSourceName));
      p.setProperty(
          "org.quartz.jobStore.wakeUpWithin", Long.toString(idleWaitTime.toMilliseconds()));
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
        Long.toString(checkinInterval.toMilliseconds()));
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMilliseconds()));
    // Quartz's default is 15 s: after an outage a node would wait that long to acquire, check in
    // or handle misfires again, long enough for the others to declare it dead.
    p.setProperty(
        "org.quartz.jobStore.dbRetryInterval", Long.toString(dbRetryInterval.toMilliseconds()));
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

  @ValidationMethod(
      message = "defaultTimeZone must be a time zone such as UTC or Europe/Zurich (an IANA name)")
  @JsonIgnore
  public boolean isDefaultTimeZoneKnown() {
    try {
      ZoneId.of(defaultTimeZone);
      return true;
    } catch (java.time.DateTimeException | NullPointerException e) {
      return false;
    }
  }

  @JsonProperty
  public String getDefaultTimeZone() {
    return defaultTimeZone;
  }

  @JsonProperty
  public void setDefaultTimeZone(String defaultTimeZone) {
    this.defaultTimeZone = defaultTimeZone;
  }

  /** Refuses a store that cannot run on this database (for {@code check config.yml}). */
  public void checkStoreFits(DatabaseDialect dialect) {
    store.on(dialect);
  }

  /** How late a fire may be and still run as it is (no misfire policy applied). */
  public java.time.Duration misfireThresholdDuration() {
    return toJava(misfireThreshold);
  }

  /** The default zone, once validated. */
  public ZoneId defaultZone() {
    return ZoneId.of(defaultTimeZone);
  }

  /** The retry interval may not exceed the check-in interval (see {@link #dbRetryInterval}). */
  @ValidationMethod(message = "dbRetryInterval must not be longer than checkinInterval")
  @JsonIgnore
  public boolean isDbRetryIntervalWithinCheckin() {
    return dbRetryInterval.toMilliseconds() <= checkinInterval.toMilliseconds();
  }

  static java.time.Duration toJava(Duration duration) {
    return java.time.Duration.ofMillis(duration.toMilliseconds());
  }

  @JsonProperty
  public String getClusterName() {
    return clusterName;
  }

  @JsonProperty
  public void setClusterName(String clusterName) {
    this.clusterName = clusterName;
  }

  @JsonProperty
  public String getInstanceId() {
    return instanceId;
  }

  @JsonProperty
  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  @JsonProperty
  public int getThreadCount() {
    return threadCount;
  }

  @JsonProperty
  public void setThreadCount(int threadCount) {
    this.threadCount = threadCount;
  }

  @JsonProperty
  /**
   * {@link #getCheckinInterval} as a {@link java.time.Duration}, as the code that judges it uses.
   */
  public java.time.Duration checkinInterval() {
    return toJava(checkinInterval);
  }

  public java.time.Duration canaryInterval() {
    return toJava(canaryInterval);
  }

  public Duration getCheckinInterval() {
    return checkinInterval;
  }

  @JsonProperty
  public void setCheckinInterval(Duration checkinInterval) {
    this.checkinInterval = checkinInterval;
  }

  @JsonProperty
  public Duration getMisfireThreshold() {
    return misfireThreshold;
  }

  @JsonProperty
  public void setMisfireThreshold(Duration misfireThreshold) {
    this.misfireThreshold = misfireThreshold;
  }

  @JsonProperty
  public Duration getDbRetryInterval() {
    return dbRetryInterval;
  }

  @JsonProperty
  public void setDbRetryInterval(Duration dbRetryInterval) {
    this.dbRetryInterval = dbRetryInterval;
  }

  @JsonProperty
  public Duration getLockHeldThreshold() {
    return lockHeldThreshold;
  }

  @JsonProperty
  public void setLockHeldThreshold(Duration lockHeldThreshold) {
    this.lockHeldThreshold = lockHeldThreshold;
  }

  /** {@link #getLockHeldThreshold} as a {@link java.time.Duration}. */
  public java.time.Duration lockHeldThreshold() {
    return toJava(lockHeldThreshold);
  }

  @JsonProperty
  public Duration getCanaryInterval() {
    return canaryInterval;
  }

  @JsonProperty
  public void setCanaryInterval(Duration canaryInterval) {
    this.canaryInterval = canaryInterval;
  }

  @JsonProperty
  public Duration getIdleWaitTime() {
    return idleWaitTime;
  }

  @JsonProperty
  public void setIdleWaitTime(Duration idleWaitTime) {
    this.idleWaitTime = idleWaitTime;
  }

  @JsonProperty
  public int getBatchSize() {
    return batchSize;
  }

  @JsonProperty
  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  @JsonProperty
  public StoreChoice getStore() {
    return store;
  }

  @JsonProperty
  public void setStore(StoreChoice store) {
    this.store = store;
  }

  @JsonProperty
  public Duration getBatchGatherTime() {
    return batchGatherTime;
  }

  @JsonProperty
  public void setBatchGatherTime(Duration batchGatherTime) {
    this.batchGatherTime = batchGatherTime;
  }

  @JsonProperty
  public Duration getBatchTimeWindow() {
    return batchTimeWindow;
  }

  @JsonProperty
  public void setBatchTimeWindow(Duration batchTimeWindow) {
    this.batchTimeWindow = batchTimeWindow;
  }

  @JsonProperty
  public Duration getShutdownGracePeriod() {
    return shutdownGracePeriod;
  }

  @JsonProperty
  public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
    this.shutdownGracePeriod = shutdownGracePeriod;
  }

  @JsonProperty
  public Duration getInterruptPollInterval() {
    return interruptPollInterval;
  }

  @JsonProperty
  public void setInterruptPollInterval(Duration interruptPollInterval) {
    this.interruptPollInterval = interruptPollInterval;
  }
}
