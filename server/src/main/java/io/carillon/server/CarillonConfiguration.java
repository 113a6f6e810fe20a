package io.carillon.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.server.auth.AuthFactory;
import io.carillon.server.core.BackfillsFactory;
import io.carillon.server.core.DependenciesFactory;
import io.carillon.server.core.ExecutionHistoryFactory;
import io.carillon.server.core.JobTypesFactory;
import io.carillon.server.core.LateJobsFactory;
import io.carillon.server.core.PausesFactory;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.db.DatabaseFactory;
import io.carillon.server.notify.NotificationsFactory;
import io.carillon.server.quartz.QuartzFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** The whole of {@code config.yml}: Dropwizard's server and logging blocks plus Carillon's own. */
public class CarillonConfiguration extends Configuration {
  /** Connections Carillon itself needs beside Quartz's worker threads (check-in, misfires, API). */
  static final int POOL_HEADROOM = 3;

  @Valid @NotNull private DatabaseFactory database = new DatabaseFactory();

  @Valid @NotNull private QuartzFactory scheduler = new QuartzFactory();

  @Valid @NotNull private JobTypesFactory jobTypes = new JobTypesFactory();

  @Valid @NotNull private ExecutionHistoryFactory executions = new ExecutionHistoryFactory();
  @Valid @NotNull private AuthFactory auth = new AuthFactory();
  @Valid @NotNull private NotificationsFactory notifications = new NotificationsFactory();
  @Valid @NotNull private LateJobsFactory lateJobs = new LateJobsFactory();
  @Valid @NotNull private PausesFactory pauses = new PausesFactory();
  @Valid @NotNull private BackfillsFactory backfills = new BackfillsFactory();
  @Valid @NotNull private DependenciesFactory dependencies = new DependenciesFactory();

  /** Jobs declared here are reconciled into the store at start-up (SPEC §4). */
  @NotNull private List<JobRequest> jobs = new ArrayList<>();

  /** Whether a job once declared under {@code jobs:} and now gone from it is deleted. */
  private boolean pruneJobs;

  /** The largest request body the API reads; larger ones get 413. */
  @Min(1024)
  @Max(16 * 1024 * 1024)
  private int maxRequestBytes = 256 * 1024;

  @JsonProperty
  public DatabaseFactory getDatabase() {
    return database;
  }

  @JsonProperty
  public void setDatabase(DatabaseFactory database) {
    this.database = database;
  }

  @JsonProperty
  public QuartzFactory getScheduler() {
    return scheduler;
  }

  @JsonProperty
  public void setScheduler(QuartzFactory scheduler) {
    this.scheduler = scheduler;
  }

  @JsonProperty
  public BackfillsFactory getBackfills() {
    return backfills;
  }

  @JsonProperty
  public DependenciesFactory getDependencies() {
    return dependencies;
  }

  @JsonProperty
  public void setDependencies(DependenciesFactory dependencies) {
    this.dependencies = dependencies;
  }

  @JsonProperty
  public void setBackfills(BackfillsFactory backfills) {
    this.backfills = backfills;
  }

  @JsonProperty
  public PausesFactory getPauses() {
    return pauses;
  }

  @JsonProperty
  public void setPauses(PausesFactory pauses) {
    this.pauses = pauses;
  }

  @JsonProperty
  public LateJobsFactory getLateJobs() {
    return lateJobs;
  }

  @JsonProperty
  public void setLateJobs(LateJobsFactory lateJobs) {
    this.lateJobs = lateJobs;
  }

  @JsonProperty
  public ExecutionHistoryFactory getExecutions() {
    return executions;
  }

  @JsonProperty
  public void setExecutions(ExecutionHistoryFactory executions) {
    this.executions = executions;
  }

  @JsonProperty
  public JobTypesFactory getJobTypes() {
    return jobTypes;
  }

  @JsonProperty
  public void setJobTypes(JobTypesFactory jobTypes) {
    this.jobTypes = jobTypes;
  }

  @JsonProperty
  public AuthFactory getAuth() {
    return auth;
  }

  @JsonProperty
  public void setAuth(AuthFactory auth) {
    this.auth = auth;
  }

  @JsonProperty
  public NotificationsFactory getNotifications() {
    return notifications;
  }

  @JsonProperty
  public void setNotifications(NotificationsFactory notifications) {
    this.notifications = notifications;
  }

  /** The file the server was started with (not a setting): named by errors about declared jobs. */
  @JsonIgnore private String configFile = "config.yml";

  @JsonIgnore
  public String getConfigFile() {
    return configFile;
  }

  @JsonIgnore
  public void setConfigFile(String configFile) {
    this.configFile = configFile;
  }

  @JsonProperty
  public List<JobRequest> getJobs() {
    return jobs;
  }

  @JsonProperty
  public void setJobs(List<JobRequest> jobs) {
    this.jobs = jobs == null ? new ArrayList<>() : jobs;
  }

  @JsonProperty
  public boolean isPruneJobs() {
    return pruneJobs;
  }

  @JsonProperty
  public void setPruneJobs(boolean pruneJobs) {
    this.pruneJobs = pruneJobs;
  }

  @JsonProperty
  public int getMaxRequestBytes() {
    return maxRequestBytes;
  }

  @JsonProperty
  public void setMaxRequestBytes(int maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  /** Every worker thread may hold a connection while Quartz and the API need their own. */
  @ValidationMethod(message = "database.maxPoolSize must be at least scheduler.threadCount + 3")
  public boolean isPoolLargeEnoughForScheduler() {
    return database == null
        || scheduler == null
        || database.getMaxPoolSize() >= scheduler.getThreadCount() + POOL_HEADROOM;
  }
}
