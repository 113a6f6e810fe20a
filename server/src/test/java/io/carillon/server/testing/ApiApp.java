package io.carillon.server.testing;

import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The application on a test class's own PostgreSQL database, on random ports, as shipped. */
public final class ApiApp {
  private ApiApp() {}

  public static DropwizardAppExtension<CarillonConfiguration> on(
      PostgresDatabase db, ConfigOverride... extra) {
    return on(db, Clock.systemUTC(), extra);
  }

  /** The same, with the application's clock fixed or controlled by the test. */
  public static DropwizardAppExtension<CarillonConfiguration> on(
      PostgresDatabase db, Clock clock, ConfigOverride... extra) {
    List<ConfigOverride> overrides = new ArrayList<>();
    overrides.add(ConfigOverride.config("database.url", db::url));
    overrides.add(ConfigOverride.config("database.user", db::user));
    overrides.add(ConfigOverride.config("database.password", db::password));
    overrides.add(ConfigOverride.config("server.applicationConnectors[0].port", "0"));
    overrides.add(ConfigOverride.config("server.adminConnectors[0].port", "0"));
    overrides.addAll(List.of(extra));
    return new DropwizardAppExtension<>(
        new DropwizardTestSupport<>(
            CarillonApplication.class,
            ServerProcess.CONFIG.toString(),
            overrides.toArray(ConfigOverride[]::new)) {
          @Override
          public Application<CarillonConfiguration> newApplication() {
            return new CarillonApplication(clock);
          }
        });
  }

  public static ApiClient client(DropwizardAppExtension<CarillonConfiguration> app) {
    return new ApiClient("http://127.0.0.1:" + app.getLocalPort() + "/api/v1");
  }
}
