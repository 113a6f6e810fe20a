package io.carillon.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.quartz.QuartzProperties;
import io.carillon.server.testing.Health;
import io.carillon.server.testing.ServerProcess;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On the embedded H2 database: the canary fires there too, and a scheduler thread that died (as an
 * {@code Error} in Quartz's loop ends it, while the scheduler still says it is started) turns the
 * node red: not alive, and the canary late.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerThreadHealthIT {
  static final DropwizardAppExtension<CarillonConfiguration> APP =
      new DropwizardAppExtension<>(
          CarillonApplication.class,
          ServerProcess.CONFIG.toString(),
          ConfigOverride.config("database.url", "jdbc:h2:file:" + tempDir().resolve("carillon")),
          ConfigOverride.config("scheduler.canaryInterval", "1s"),
          ConfigOverride.config("server.applicationConnectors[0].port", "0"),
          ConfigOverride.config("server.adminConnectors[0].port", "0"),
          ConfigOverride.config("health.shutdownWaitPeriod", "0s"));

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  @Order(1)
  void the_canary_fires_on_h2_and_every_check_is_green() throws Exception {
    await().atMost(WAIT).until(() -> admin().status() == 200);
    JsonNode checks = new ObjectMapper().readTree(admin().body());

    assertThat(checks.path("canary").path("healthy").asBoolean()).as(checks.toString()).isTrue();
    assertThat(checks.path("scheduler-thread").path("healthy").asBoolean()).isTrue();
    assertThat(loadBalancer("alive")).isEqualTo(200);
  }

  @Test
  @Order(2)
  @SuppressWarnings({"deprecation", "removal"})
  void a_dead_scheduler_thread_makes_the_node_not_alive() throws Exception {
    String name =
        QuartzProperties.schedulerThreadName(
            ((CarillonApplication) APP.getApplication()).scheduler().getSchedulerInstanceId());
    Thread schedulerThread =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(name))
            .findFirst()
            .orElseThrow();

    // ThreadDeath is an Error, as an OutOfMemoryError would be: Quartz's loop does not catch it.
    schedulerThread.stop();
    schedulerThread.join(WAIT.toMillis());

    assertThat(((CarillonApplication) APP.getApplication()).scheduler().isStarted()).isTrue();
    JsonNode thread = new ObjectMapper().readTree(admin().body()).path("scheduler-thread");
    assertThat(thread.path("healthy").asBoolean()).isFalse();
    assertThat(thread.path("message").asText()).contains("has stopped");
    await().atMost(WAIT).until(() -> loadBalancer("alive") == 503);
    // Nothing fires any more, and the canary says so too.
    await()
        .atMost(WAIT)
        .until(
            () ->
                !new ObjectMapper()
                    .readTree(admin().body())
                    .path("canary")
                    .path("healthy")
                    .asBoolean(true));
  }

  private static Health admin() {
    return Health.admin(APP.getAdminPort());
  }

  private static int loadBalancer(String type) {
    return Health.loadBalancer(APP.getLocalPort(), type).status();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("carillon-h2-thread-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
