package io.carillon.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.quartz.Canary;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Health;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Scheduler;

/** Admin /healthcheck and the load balancer's /health-check turn red for a cause, then green. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HealthChecksIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(HealthChecksIT.class);

  // A long check-in interval, so that the test's stale check-in is not overwritten at once; a
  // short canary interval, so that a late canary shows within seconds.
  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          ConfigOverride.config("scheduler.checkinInterval", "10s"),
          ConfigOverride.config("scheduler.canaryInterval", "1s"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void all_checks_are_green_on_a_running_node() throws Exception {
    JsonNode checks = adminChecks();

    assertThat(checks.path("database").path("healthy").asBoolean()).isTrue();
    assertThat(checks.path("scheduler").path("healthy").asBoolean()).isTrue();
    assertThat(checks.path("checkin").path("healthy").asBoolean()).as(checks.toString()).isTrue();
    assertThat(checks.path("scheduler-thread").path("healthy").asBoolean()).isTrue();
    await().atMost(WAIT).until(() -> adminChecks().path("canary").path("healthy").asBoolean());
    await().atMost(WAIT).until(() -> loadBalancer("ready") == 200);
    assertThat(loadBalancer("alive")).isEqualTo(200);
  }

  @Test
  void a_scheduler_in_standby_makes_the_node_unready_until_it_starts_again() throws Exception {
    Scheduler scheduler = ((CarillonApplication) APP.getApplication()).scheduler();
    await().atMost(WAIT).until(() -> loadBalancer("ready") == 200);

    scheduler.standby();
    try {
      assertThat(adminStatus()).isEqualTo(500);
      assertThat(adminChecks().path("scheduler").path("message").asText()).contains("standby");
      await().atMost(WAIT).until(() -> loadBalancer("ready") == 503);
      // Not ready, but alive: the load balancer stops sending work; nothing restarts the node.
      assertThat(loadBalancer("alive")).isEqualTo(200);
    } finally {
      scheduler.start();
    }

    assertThat(adminChecks().path("scheduler").path("healthy").asBoolean()).isTrue();
    await().atMost(WAIT).until(() -> loadBalancer("ready") == 200);
  }

  @Test
  void a_stale_check_in_is_unhealthy_until_quartz_checks_in_again() throws Exception {
    String node = ((CarillonApplication) APP.getApplication()).scheduler().getSchedulerInstanceId();
    await().atMost(WAIT).until(() -> adminChecks().path("checkin").path("healthy").asBoolean());

    try (Connection connection = DB.connect();
        PreparedStatement stale =
            connection.prepareStatement(
                "UPDATE qrtz_scheduler_state SET last_checkin_time = ? WHERE instance_name = ?")) {
      stale.setLong(1, System.currentTimeMillis() - 60_000);
      stale.setString(2, node);
      assertThat(stale.executeUpdate()).isEqualTo(1);
    }

    JsonNode checkin = adminChecks().path("checkin");
    assertThat(checkin.path("healthy").asBoolean()).isFalse();
    assertThat(checkin.path("message").asText()).contains("last checked in");
    await().atMost(WAIT).until(() -> adminChecks().path("checkin").path("healthy").asBoolean());
  }

  @Test
  void a_database_outage_is_unhealthy_and_the_node_recovers_by_itself_when_it_returns()
      throws Exception {
    await().atMost(WAIT).until(() -> loadBalancer("ready") == 200);

    DB.cutOff();
    try {
      await()
          .atMost(WAIT)
          .until(() -> !adminChecks().path("database").path("healthy").asBoolean(true));
      assertThat(adminStatus()).isEqualTo(500);
      await().atMost(WAIT).until(() -> loadBalancer("ready") == 503);
      assertThat(loadBalancer("alive")).isEqualTo(200);
    } finally {
      DB.restore();
    }

    // Nothing is restarted: the pool reconnects and Quartz checks in again on its own.
    await().atMost(Duration.ofSeconds(90)).until(() -> adminStatus() == 200);
    await().atMost(WAIT).until(() -> loadBalancer("ready") == 200);
  }

  @Test
  void a_late_canary_is_unhealthy_until_the_cluster_fires_it_again() throws Exception {
    Scheduler scheduler = ((CarillonApplication) APP.getApplication()).scheduler();
    await().atMost(WAIT).until(() -> adminChecks().path("canary").path("healthy").asBoolean());

    // Nothing else stops the canary on a running node: pause-all and the API leave it alone.
    scheduler.pauseTrigger(Canary.TRIGGER);
    try {
      await()
          .atMost(WAIT)
          .until(() -> !adminChecks().path("canary").path("healthy").asBoolean(true));
      assertThat(adminChecks().path("canary").path("message").asText()).contains("last fired");
      assertThat(adminStatus()).isEqualTo(500);
      // The canary judges the cluster, not this replica: it is not critical for readiness, so a
      // cluster that fires nothing keeps its API (needed to repair it) behind the load balancer.
      assertThat(loadBalancer("ready")).isEqualTo(200);
      assertThat(loadBalancer("alive")).isEqualTo(200);
    } finally {
      scheduler.resumeTrigger(Canary.TRIGGER);
    }

    await().atMost(WAIT).until(() -> adminChecks().path("canary").path("healthy").asBoolean());
    await().atMost(WAIT).until(() -> loadBalancer("ready") == 200);
  }

  @Test
  void the_canary_is_no_job_of_the_api_and_pause_all_does_not_stop_it() throws Exception {
    ApiClient api = ApiApp.client(APP);
    await().atMost(WAIT).until(() -> adminChecks().path("canary").path("healthy").asBoolean());

    assertThat(api.get("/jobs").json().path("items").findValuesAsText("group"))
        .doesNotContain(InternalJobs.GROUP);
    assertThat(api.get("/jobs/carillon.internal/canary").status()).isEqualTo(404);
    assertThat(api.delete("/jobs/carillon.internal/canary").status()).isEqualTo(404);
    assertThat(api.post("/jobs/carillon.internal/canary/pause", null).status()).isEqualTo(404);
    assertThat(api.post("/jobs/carillon.internal/canary/run", "{}").status()).isEqualTo(404);
    Reply replaced =
        api.put("/jobs/carillon.internal/canary", "{\"type\":\"noop\",\"schedule\":null}");
    assertThat(replaced.status()).isEqualTo(400);
    assertThat(replaced.text()).contains("group").contains("reserved");
    Reply created =
        api.post("/jobs", "{\"group\":\"carillon.internal\",\"name\":\"x\",\"type\":\"noop\"}");
    assertThat(created.status()).isEqualTo(400);
    assertThat(api.post("/groups/carillon.internal/pause", null).status()).isLessThan(500);

    assertThat(api.post("/scheduler/pause-all", null).status()).isEqualTo(200);
    try {
      long before = canaryFireTime();
      await().atMost(WAIT).until(() -> canaryFireTime() > before);
      assertThat(adminChecks().path("canary").path("healthy").asBoolean()).isTrue();
    } finally {
      assertThat(api.post("/scheduler/resume-all", null).status()).isEqualTo(200);
    }
    // Its runs are not executions of any job.
    assertThat(
            DB.number(
                "SELECT count(*) FROM carillon_execution WHERE job_group = ?", InternalJobs.GROUP))
        .isZero();
  }

  private static long canaryFireTime() {
    return DB.number(
        "SELECT prev_fire_time FROM qrtz_triggers WHERE trigger_group = ? AND trigger_name = ?",
        InternalJobs.GROUP,
        InternalJobs.CANARY);
  }

  private static JsonNode adminChecks() throws Exception {
    return JSON.readTree(admin().body());
  }

  private static int adminStatus() throws Exception {
    return admin().status();
  }

  private static Health admin() {
    return Health.admin(APP.getAdminPort());
  }

  private static int loadBalancer(String type) {
    return Health.loadBalancer(APP.getLocalPort(), type).status();
  }
}
