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
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The {@code cluster-lock} check and gauge name whoever holds Quartz's cluster lock too long: here
 * an API request, made to hold it by a test transaction that locks the row Quartz needs next. Run
 * on the set-based store ({@link ClusterLockHealthIT}), which names the session inside its
 * exclusive transactions, and on the stock store ({@link StockStoreClusterLockHealthIT}), whose
 * connections are named around each Quartz call.
 */
abstract class ClusterLockHealthContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  abstract DropwizardAppExtension<CarillonConfiguration> app();

  abstract PostgresDatabase db();

  @Test
  void a_request_holding_the_cluster_lock_too_long_is_named_until_it_lets_go() throws Exception {
    ApiClient api = ApiApp.client(app());
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"held\",\"name\":\"job\",\"type\":\"noop\","
                + "\"schedule\":{\"every\":\"PT1H\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(check().path("healthy").asBoolean()).as(check().toString()).isTrue();

    CompletableFuture<Reply> pause;
    try (Connection blocker = db().connect()) {
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
      assertThat(Health.admin(app().getAdminPort()).status()).isEqualTo(500);
      assertThat(heldSeconds()).isGreaterThan(1.0);
      blocker.rollback();
    }

    assertThat(pause.get().status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> check().path("healthy").asBoolean());
    await().atMost(WAIT).until(() -> heldSeconds() < 1.0);
  }

  private JsonNode check() throws Exception {
    return JSON.readTree(Health.admin(app().getAdminPort()).body()).path("cluster-lock");
  }

  private double heldSeconds() throws Exception {
    return Exposition.scrape(app().getAdminPort())
        .find("carillon_cluster_lock_held_seconds", java.util.Map.of())
        .orElseThrow()
        .value();
  }
}
