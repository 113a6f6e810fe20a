package io.carillon.server;

import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(DropwizardExtensionsSupport.class)
class ApplicationOnPostgresIT extends SchedulerRunsJobsContract {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ApplicationOnPostgresIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      new DropwizardAppExtension<>(
          CarillonApplication.class,
          ServerProcess.CONFIG.toString(),
          ConfigOverride.config("database.url", DB::url),
          ConfigOverride.config("database.user", DB::user),
          ConfigOverride.config("database.password", DB::password),
          ConfigOverride.config("server.applicationConnectors[0].port", "0"),
          ConfigOverride.config("server.adminConnectors[0].port", "0"),
          ConfigOverride.config("auth.keys[0].key", ApiApp.ADMIN_KEY),
          ConfigOverride.config("lateJobs.checkEvery", "200ms"));

  @Override
  DropwizardAppExtension<CarillonConfiguration> app() {
    return APP;
  }

  @Override
  Connection connect() throws SQLException {
    return DB.connect();
  }
}
