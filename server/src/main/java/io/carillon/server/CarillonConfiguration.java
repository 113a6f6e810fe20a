package io.carillon.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.server.db.DatabaseFactory;
import io.carillon.server.quartz.QuartzFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The whole of {@code config.yml}: Dropwizard's server and logging blocks plus Carillon's own. */
public class CarillonConfiguration extends Configuration {
  /** Connections Carillon itself needs beside Quartz's worker threads (check-in, misfires, API). */
  static final int POOL_HEADROOM = 3;

  @Valid @NotNull private DatabaseFactory database = new DatabaseFactory();

  @Valid @NotNull private QuartzFactory scheduler = new QuartzFactory();

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

  /** Every worker thread may hold a connection while Quartz and the API need their own. */
  @ValidationMethod(message = "database.maxPoolSize must be at least scheduler.threadCount + 3")
  public boolean isPoolLargeEnoughForScheduler() {
    return database == null
        || scheduler == null
        || database.getMaxPoolSize() >= scheduler.getThreadCount() + POOL_HEADROOM;
  }
}
