package io.carillon.server.testing;

import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The application on a test class's own PostgreSQL database, on random ports, as shipped. */
public final class ApiApp {
  /** The admin key every test application is started with (seeded through {@code auth.keys}). */
  public static final String ADMIN_KEY = "test-admin-key-7f3c9b2e1d4a6f80";

  private ApiApp() {}

  public static DropwizardAppExtension<CarillonConfiguration> on(
      PostgresDatabase db, ConfigOverride... extra) {
    return on(db, Clock.systemUTC(), extra);
  }

  /** The same, with the application's clock fixed or controlled by the test. */
  public static DropwizardAppExtension<CarillonConfiguration> on(
      PostgresDatabase db, Clock clock, ConfigOverride... extra) {
    return on(db, ServerProcess.CONFIG, clock, extra);
  }

  /** The same, from another configuration file (see {@link ServerProcess#configWith}). */
  public static DropwizardAppExtension<CarillonConfiguration> on(
      PostgresDatabase db, java.nio.file.Path config, Clock clock, ConfigOverride... extra) {
    List<ConfigOverride> overrides = new ArrayList<>();
    overrides.add(ConfigOverride.config("database.url", db::url));
    overrides.add(ConfigOverride.config("database.user", db::user));
    overrides.add(ConfigOverride.config("database.password", db::password));
    overrides.add(ConfigOverride.config("server.applicationConnectors[0].port", "0"));
    overrides.add(ConfigOverride.config("server.adminConnectors[0].port", "0"));
    overrides.add(ConfigOverride.config("auth.keys[0].key", ADMIN_KEY));
    // No load balancer to tell in tests: stop without the not-ready grace of health: config.
    overrides.add(ConfigOverride.config("health.shutdownWaitPeriod", "0s"));
    overrides.addAll(List.of(extra));
    return new DropwizardAppExtension<>(
        new DropwizardTestSupport<>(
            CarillonApplication.class,
            config.toString(),
            overrides.toArray(ConfigOverride[]::new)) {
          @Override
          public Application<CarillonConfiguration> newApplication() {
            return new CarillonApplication(clock);
          }

          /**
           * Jetty's stop fails with a TimeoutException when a request is still in progress after
           * the grace period: say which, from the threads still serving one, instead of only that.
           */
          @Override
          public void after() {
            try {
              super.after();
            } catch (RuntimeException e) {
              throw new IllegalStateException(
                  "the application did not stop in time; its request threads:" + requestThreads(),
                  e);
            }
          }
        });
  }

  /** The threads serving a servlet request. */
  private static String requestThreads() {
    return ThreadStacks.of(
        (thread, stack) ->
            Arrays.stream(stack)
                .anyMatch(f -> f.getClassName().startsWith("org.eclipse.jetty.ee10.servlet")));
  }

  /** A client of the API root {@code /api}, as the seeded admin: for {@link Endpoints} paths. */
  public static ApiClient root(DropwizardAppExtension<CarillonConfiguration> app) {
    return new ApiClient("http://127.0.0.1:" + app.getLocalPort() + "/api", ADMIN_KEY);
  }

  /** A client of {@code /api/v1} that calls as the seeded admin. */
  public static ApiClient client(DropwizardAppExtension<CarillonConfiguration> app) {
    return new ApiClient("http://127.0.0.1:" + app.getLocalPort() + "/api/v1", ADMIN_KEY);
  }
}
