package io.carillon.server.cli;

import com.codahale.metrics.MetricRegistry;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseMigrator;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** {@code db migrate|info config.yml}: applies or reports the schema migrations. */
public final class DbCommand extends ConfiguredCommand<CarillonConfiguration> {
  private static final String ACTION = "action";

  public DbCommand() {
    super("db", "Applies (migrate) or reports (info) the database schema migrations");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument(ACTION)
        .choices("migrate", "info")
        .help("migrate: apply pending migrations; info: print the current schema version");
    super.configure(subparser);
  }

  @Override
  protected void run(
      Bootstrap<CarillonConfiguration> bootstrap,
      Namespace namespace,
      CarillonConfiguration configuration) {
    Database database =
        configuration.getDatabase().build(new MetricRegistry(), "carillon-db", "carillon db");
    try {
      DatabaseMigrator migrator = new DatabaseMigrator(database);
      if ("migrate".equals(namespace.getString(ACTION))) {
        DatabaseMigrator.Report report = migrator.migrate();
        System.out.printf(
            "Applied %d migration(s); schema is at version %s%n",
            report.migrationsApplied(), report.schemaVersion());
      } else {
        System.out.printf("Schema is at version %s%n", migrator.currentVersion());
      }
    } finally {
      database.stop();
    }
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    OneLineErrors.print(cli.getStdErr(), error);
  }
}
