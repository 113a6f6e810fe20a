package io.carillon.server.cli;

import com.codahale.metrics.MetricRegistry;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.core.ConfigJobs;
import io.carillon.server.core.JobRequests;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.notify.Notifier;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code check config.yml}: everything the server would refuse at start-up without touching the
 * database: the configuration's fields, the database URL's form and the job store it allows, the
 * job types and plugins, the notification channels, the auth settings, and every job declared under
 * {@code jobs:} — so CI can check a change first.
 */
public final class ConfigCheckCommand extends ConfiguredCommand<CarillonConfiguration> {
  public ConfigCheckCommand() {
    super("check", "Checks a configuration file (declared jobs included) without starting");
  }

  @Override
  protected void run(
      Bootstrap<CarillonConfiguration> bootstrap,
      Namespace namespace,
      CarillonConfiguration config) {
    DatabaseDialect dialect = DatabaseDialect.of(config.getDatabase().getUrl());
    config.getScheduler().checkStoreFits(dialect);
    JobTypeRegistry types = config.getJobTypes().build(config.getServerFactory());
    Notifier notifier =
        config
            .getNotifications()
            .build(
                config.getJobTypes().getSmtp().settings(),
                new MetricRegistry(),
                bootstrap.getObjectMapper());
    config.getAuth().buildFailedAttempts(Clock.systemUTC());
    config.getAuth().buildClientAddresses();
    JobRequests requests =
        new JobRequests(
            types,
            Clock.systemUTC(),
            notifier.channelNames(),
            config.getScheduler().defaultZone(),
            config.getScheduler().misfireThresholdDuration());
    int jobs = ConfigJobs.validateAll(requests, config.getJobs()).size();
    System.out.printf(
        "%s is valid: %d job type(s), %d declared job(s)%n",
        namespace.getString("file"), types.types().size(), jobs);
    System.out.flush();
  }

  /** Problems are one line each, and the exit code is 1. */
  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    OneLineErrors.print(cli.getStdErr(), error);
  }
}
