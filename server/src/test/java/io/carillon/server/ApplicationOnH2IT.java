package io.carillon.server;

import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ServerProcess;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ApplicationOnH2IT extends SchedulerRunsJobsContract {
  static final String URL = "jdbc:h2:file:" + tempDir().resolve("carillon");

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      new DropwizardAppExtension<>(
          CarillonApplication.class,
          ServerProcess.CONFIG.toString(),
          ConfigOverride.config("database.url", URL),
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
    // Same URL and settings as the application, so H2 shares its open database in this JVM.
    return DriverManager.getConnection(
        DatabaseDialect.H2.connectionUrl(URL), APP.getConfiguration().getDatabase().getUser(), "");
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("carillon-h2-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
