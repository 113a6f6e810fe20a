package io.carillon.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Exposition;
import io.carillon.server.testing.Health;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code cluster-lock} check and gauge name whoever holds Quartz's cluster lock too long: here
 * an API request, made to hold it by a test transaction that locks the row Quartz needs next.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClusterLockHealthIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ClusterLockHealthIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          ConfigOverride.config("scheduler.lockHeldThreshold", "1s"),
          ConfigOverride.config("database.lockTimeout", "20s"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void a_request_holding_the_cluster_lock_too_long_is_named_until_it_lets_go() throws Exception {
    ApiClient api = ApiApp.client(APP);
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"held\",\"name\":\"job\",\"type\":\"noop\","
                + "\"schedule\":{\"every\":\"PT1H\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(check().path("healthy").asBoolean()).as(check().toString()).isTrue();

    CompletableFuture<Reply> pause;
    try (Connection blocker = DB.connect()) {
      blocker.setAutoCommit(false);
      // Quartz's pause takes TRIGGER_ACCESS first, then waits here for the trigger's row.
      try (PreparedStatement lock =
              blocker.prepareStatement(
                  "SELECT * FROM qrtz_triggers WHERE job_group = 'held' FOR UPDATE");
          ResultSet rows = lock.executeQuery()) {
        assertThat(rows.next()).isTrue();
      }
      pause = CompletableFuture.supplyAsync(() -> api.post("/jobs/held/job/pause", ""));

      await().atMost(WAIT).until(() -> !check().path("healthy").asBoolean(true));
      assertThat(check().path("message").asText())
          .contains("TRIGGER_ACCESS held for")
          .contains("carillon ")
          .contains("POST /api/v1/jobs/held/job/pause");
      assertThat(Health.admin(APP.getAdminPort()).status()).isEqualTo(500);
      assertThat(heldSeconds()).isGreaterThan(1.0);
      blocker.rollback();
    }

    assertThat(pause.get().status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> check().path("healthy").asBoolean());
    await().atMost(WAIT).until(() -> heldSeconds() < 1.0);
  }

  private static JsonNode check() throws Exception {
    return JSON.readTree(Health.admin(APP.getAdminPort()).body()).path("cluster-lock");
  }

  private static double heldSeconds() throws Exception {
    return Exposition.scrape(APP.getAdminPort())
        .find("carillon_cluster_lock_held_seconds", java.util.Map.of())
        .orElseThrow()
        .value();
  }
}
