package io.carillon.server;

import io.carillon.server.cli.CarillonServerCommand;
import io.carillon.server.cli.DbCommand;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseMigrator;
import io.carillon.server.health.DatabaseHealthCheck;
import io.carillon.server.health.SchedulerHealthCheck;
import io.carillon.server.quartz.ManagedScheduler;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carillon: a Dropwizard server around a clustered Quartz scheduler. Everything is wired here. */
public class CarillonApplication extends Application<CarillonConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(CarillonApplication.class);

  private final Clock clock;
  private volatile Scheduler scheduler;

  public CarillonApplication() {
    this(Clock.systemUTC());
  }

  public CarillonApplication(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) throws Exception {
    new CarillonApplication().run(args);
  }

  @Override
  public String getName() {
    return "carillon";
  }

  @Override
  public void initialize(Bootstrap<CarillonConfiguration> bootstrap) {
    // ${DATABASE_URL:-default} in config.yml; a variable referenced without a default must be set.
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
    bootstrap.addCommand(new DbCommand());
  }

  @Override
  protected void addDefaultCommands(Bootstrap<CarillonConfiguration> bootstrap) {
    bootstrap.addCommand(new CarillonServerCommand(this));
    bootstrap.addCommand(new CheckCommand<>(this));
  }

  @Override
  public void run(CarillonConfiguration config, Environment environment) {
    Database database = config.getDatabase().build(environment.metrics(), "carillon");
    environment.lifecycle().manage(database);
    if (config.getDatabase().isMigrateOnStart()) {
      DatabaseMigrator.Report report = new DatabaseMigrator(database).migrate();
      LOG.info(
          "Database schema at version {} ({} migration(s) applied now)",
          report.schemaVersion(),
          report.migrationsApplied());
    }

    // Registered after the pool, so it stops before the pool closes.
    ManagedScheduler managedScheduler = config.getScheduler().build(database, clock);
    environment.lifecycle().manage(managedScheduler);
    scheduler = managedScheduler.scheduler();

    environment.healthChecks().register("database", new DatabaseHealthCheck(database.dataSource()));
    environment.healthChecks().register("scheduler", new SchedulerHealthCheck(scheduler));
  }

  /** This node's Quartz scheduler, once {@link #run} has built it. */
  public Scheduler scheduler() {
    return scheduler;
  }
}
