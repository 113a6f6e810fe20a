package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Exposition;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Triggers left stuck by a crashed node, made for real in Quartz's tables (as a node dying between
 * two statements, or hand edits, leave them): listed, counted in the gauge, repaired through the
 * API, and then firing again.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StuckTriggersIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(StuckTriggersIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void a_trigger_in_error_and_one_acquired_by_a_dead_node_are_listed_counted_and_repaired()
      throws Exception {
    ApiClient api = ApiApp.client(APP);
    everySecond(api, "errored");
    everySecond(api, "orphaned");
    awaitRuns("errored", Instant.EPOCH);
    awaitRuns("orphaned", Instant.EPOCH);

    makeStuck(api, "errored", "ERROR");
    makeStuck(api, "orphaned", "ACQUIRED");
    String trigger =
        DB.strings("SELECT trigger_name FROM qrtz_triggers WHERE job_name = 'orphaned'").get(0);
    insertFiredRow(trigger, "crashed-node");

    JsonNode items = api.get("/cluster/stuck-triggers").json().path("items");
    assertThat(items).hasSize(2);
    JsonNode errored = find(items, "errored");
    assertThat(errored.path("state").asText()).isEqualTo("ERROR");
    assertThat(errored.path("owner").isNull()).isTrue();
    assertThat(errored.path("group").asText()).isEqualTo("stuck");
    assertThat(errored.path("reason").asText()).contains("ERROR");
    JsonNode orphaned = find(items, "orphaned");
    assertThat(orphaned.path("state").asText()).isEqualTo("ACQUIRED");
    assertThat(orphaned.path("owner").asText()).isEqualTo("crashed-node");
    assertThat(orphaned.path("name").asText()).isEqualTo(trigger);
    assertThat(orphaned.path("reason").asText()).contains("crashed-node", "not alive");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        Exposition.scrape(APP.getAdminPort())
                            .find("carillon_triggers_stuck", Map.of())
                            .orElseThrow()
                            .value())
                    .isEqualTo(2.0));

    // Viewers may look, operators may not repair.
    ApiClient viewer = api.withKey(key(api, "viewer"));
    ApiClient operator = api.withKey(key(api, "operator"));
    assertThat(viewer.get("/cluster/stuck-triggers").status()).isEqualTo(200);
    assertThat(operator.post("/cluster/stuck-triggers/repair", null).status()).isEqualTo(403);

    Instant repairedAt = Instant.now();
    Reply repair = api.post("/cluster/stuck-triggers/repair", null);

    assertThat(repair.status()).as(repair.text()).isEqualTo(200);
    assertThat(repair.json().path("repaired").asInt()).isEqualTo(2);
    assertThat(repair.json().path("items")).hasSize(2);
    assertThat(
            DB.number(
                "SELECT count(*) FROM qrtz_fired_triggers WHERE instance_name = 'crashed-node'"))
        .isZero();
    assertThat(api.get("/cluster/stuck-triggers").json().path("items")).isEmpty();
    awaitRuns("errored", repairedAt);
    awaitRuns("orphaned", repairedAt);
    JsonNode audit = api.get("/audit?action=cluster.stuck-triggers.repair").json().path("items");
    // Newest first: this repair, with what it found.
    assertThat(audit.get(0).path("after").path("repaired").asInt()).isEqualTo(2);
    assertThat(audit.get(0).path("before").path("items")).hasSize(2);
    assertThat(audit.get(0).path("actorName").asText()).isEqualTo("admin");
  }

  @Test
  void a_trigger_of_a_paused_job_is_repaired_into_paused_not_waiting() throws Exception {
    ApiClient api = ApiApp.client(APP);
    everySecond(api, "paused");
    assertThat(api.post("/jobs/stuck/paused/pause", null).status()).isEqualTo(200);
    // Stuck while its job is paused: the job's enabled flag is false in Carillon's table.
    assertThat(setState("paused", "ERROR")).isEqualTo(1);

    api.post("/cluster/stuck-triggers/repair", null);

    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers WHERE job_name = 'paused'"))
        .containsExactly("PAUSED");
  }

  private static void everySecond(ApiClient api, String name) {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"stuck\",\"name\":\""
                + name
                + "\",\"type\":\"noop\",\"schedule\":{\"cron\":\"* * * * * ?\",\"timeZone\":\"UTC\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static void awaitRuns(String job, Instant after) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM carillon_execution WHERE job_name = ?"
                            + " AND started_at > ?",
                        job,
                        java.sql.Timestamp.from(after))
                    > 0);
  }

  /**
   * Puts the job's trigger into {@code state} as a crashed node would leave it. An every-second
   * trigger is ACQUIRED nearly all the time, and a trigger being fired would have its state
   * overwritten; a paused one is left alone by Quartz, and resuming a job only moves triggers that
   * are PAUSED, so the job is paused, its trigger changed, and the job resumed. A fire this node
   * acquired before the pause is released or ends first: one that met the trigger already set to
   * ACQUIRED would take it for its own and fire it, un-sticking it.
   */
  private static void makeStuck(ApiClient api, String job, String state) throws Exception {
    assertThat(api.post("/jobs/stuck/" + job + "/pause", null).status()).isEqualTo(200);
    await()
        .atMost(WAIT)
        .until(
            () ->
                DB.number("SELECT count(*) FROM qrtz_fired_triggers WHERE job_name = '" + job + "'")
                    == 0);
    assertThat(setState(job, state)).isEqualTo(1);
    assertThat(api.post("/jobs/stuck/" + job + "/resume", null).status()).isEqualTo(200);
  }

  private static int setState(String job, String state) throws Exception {
    try (Connection connection = DB.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "UPDATE qrtz_triggers SET trigger_state = ? WHERE job_name = ?"
                    + " AND trigger_state = 'PAUSED'")) {
      statement.setString(1, state);
      statement.setString(2, job);
      return statement.executeUpdate();
    }
  }

  /** What a node leaves when it acquired a trigger and died without a check-in row. */
  private static void insertFiredRow(String trigger, String node) throws Exception {
    long now = System.currentTimeMillis();
    try (Connection connection = DB.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "INSERT INTO qrtz_fired_triggers (sched_name, entry_id, trigger_name,"
                    + " trigger_group, instance_name, fired_time, sched_time, priority, state,"
                    + " job_name, job_group, is_nonconcurrent, requests_recovery)"
                    + " VALUES ('carillon', ?, ?, 'stuck', ?, ?, ?, 5, 'ACQUIRED', NULL, NULL,"
                    + " FALSE, NULL)")) {
      statement.setString(1, node + now);
      statement.setString(2, trigger);
      statement.setString(3, node);
      statement.setLong(4, now);
      statement.setLong(5, now);
      statement.executeUpdate();
    }
  }

  private static JsonNode find(JsonNode items, String job) {
    for (JsonNode item : items) {
      if (item.path("job").path("name").asText().equals(job)) {
        return item;
      }
    }
    throw new AssertionError("no stuck trigger of " + job + " in " + items);
  }

  private static String key(ApiClient admin, String role) {
    Reply created =
        admin.post(
            "/keys",
            "{\"name\":\"" + role + "-" + System.nanoTime() + "\",\"role\":\"" + role + "\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json().path("key").asText();
  }
}
