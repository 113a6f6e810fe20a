package io.carillon.server.quartz;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
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
 * The {@code scheduler:} block of the configuration, validated: the node's identity, its timings
 * and batches, and which job store. {@link QuartzProperties} turns it into Quartz's properties.
 * Jackson binds a setting through its getter and setter, or its field where the code reads it only
 * as a {@link java.time.Duration}.
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
  @JsonProperty
  private Duration canaryInterval = Duration.seconds(5);

  /**
   * How long one transaction may hold Quartz's cluster lock before the {@code cluster-lock} check
   * turns red. Nothing fires on any node while it is held; the stock store's bulk operations
   * (resume-all of thousands of triggers) hold it for seconds.
   */
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  @JsonProperty
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
  @JsonProperty @NotEmpty private String defaultTimeZone = "UTC";

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

  /** The Quartz properties of this block for one node: see {@link QuartzProperties}. */
  Properties quartzProperties(Database database, String nodeId, String dataSourceName) {
    return QuartzProperties.of(this, database, nodeId, dataSourceName);
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

  public String getClusterName() {
    return clusterName;
  }

  public void setClusterName(String clusterName) {
    this.clusterName = clusterName;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  public int getThreadCount() {
    return threadCount;
  }

  public void setThreadCount(int threadCount) {
    this.threadCount = threadCount;
  }

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

  public void setCheckinInterval(Duration checkinInterval) {
    this.checkinInterval = checkinInterval;
  }

  public Duration getMisfireThreshold() {
    return misfireThreshold;
  }

  public void setMisfireThreshold(Duration misfireThreshold) {
    this.misfireThreshold = misfireThreshold;
  }

  public Duration getDbRetryInterval() {
    return dbRetryInterval;
  }

  public void setDbRetryInterval(Duration dbRetryInterval) {
    this.dbRetryInterval = dbRetryInterval;
  }

  /** {@code lockHeldThreshold} as a {@link java.time.Duration}. */
  public java.time.Duration lockHeldThreshold() {
    return toJava(lockHeldThreshold);
  }

  public Duration getIdleWaitTime() {
    return idleWaitTime;
  }

  public void setIdleWaitTime(Duration idleWaitTime) {
    this.idleWaitTime = idleWaitTime;
  }

  public int getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  public StoreChoice getStore() {
    return store;
  }

  public void setStore(StoreChoice store) {
    this.store = store;
  }

  public Duration getBatchGatherTime() {
    return batchGatherTime;
  }

  public void setBatchGatherTime(Duration batchGatherTime) {
    this.batchGatherTime = batchGatherTime;
  }

  public Duration getBatchTimeWindow() {
    return batchTimeWindow;
  }

  public void setBatchTimeWindow(Duration batchTimeWindow) {
    this.batchTimeWindow = batchTimeWindow;
  }

  public Duration getShutdownGracePeriod() {
    return shutdownGracePeriod;
  }

  public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
    this.shutdownGracePeriod = shutdownGracePeriod;
  }

  public Duration getInterruptPollInterval() {
    return interruptPollInterval;
  }

  public void setInterruptPollInterval(Duration interruptPollInterval) {
    this.interruptPollInterval = interruptPollInterval;
  }
}
