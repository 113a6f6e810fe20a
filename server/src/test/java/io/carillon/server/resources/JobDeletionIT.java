package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static io.carillon.server.resources.JobsApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deleting jobs: a running job is not deleted from under its run unless the caller asks for the run
 * to be interrupted, If-Match is honoured (RFC 9110), and a job created again under a deleted job's
 * name is a new job, with none of the old one's history or counters.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JobDeletionIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(JobDeletionIT.class);

  // Interrupt requests are picked up only every 10 s here, so that a run asked to stop is still
  // going while the test creates the next job under its name.
  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(DB, ConfigOverride.config("scheduler.interruptPollInterval", "10s"));

  private final ApiClient api = ApiApp.client(APP);

  private static String sleeper(String group, String name, String duration) {
    return "{\"group\":\""
        + group
        + "\",\"name\":\""
        + name
        + "\",\"type\":\"sleep\",\"params\":{\"duration\":\""
        + duration
        + "\"}}";
  }

  private static String noop(String group, String name) {
    return "{\"group\":\"" + group + "\",\"name\":\"" + name + "\",\"type\":\"noop\"}";
  }

  private String runAndAwait(String path, String status) {
    Reply run = api.post(path + "/run", "{}");
    assertThat(run.status()).as(run.text()).isEqualTo(202);
    String id = run.json().path("executionId").asText();
    await("execution " + id + " " + status)
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.strings("SELECT status FROM carillon_execution WHERE id = ?", id)
                    .contains(status));
    return id;
  }

  @Test
  void deleting_a_running_job_is_409_unless_asked_to_interrupt_it_then_its_run_is_stopped() {
    assertThat(api.post("/jobs", sleeper("del", "running", "PT60S")).status()).isEqualTo(201);
    String id = runAndAwait("/jobs/del/running", "RUNNING");

    Reply refused = api.delete("/jobs/del/running");

    assertProblem(refused, 409);
    assertThat(refused.json().path("detail").asText()).contains("interrupt=true");
    assertThat(api.get("/jobs/del/running").status()).isEqualTo(200);
    assertThat(DB.strings("SELECT status FROM carillon_execution WHERE id = ?", id))
        .containsExactly("RUNNING");

    Reply deleted = api.delete("/jobs/del/running?interrupt=true");

    assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);
    assertThat(api.get("/jobs/del/running").status()).isEqualTo(404);
    await("the run is interrupted")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.strings("SELECT status FROM carillon_execution WHERE id = ?", id)
                    .contains("INTERRUPTED"));
  }

  @Test
  void an_interrupt_flag_that_is_not_true_or_false_is_400_naming_it() {
    api.post("/jobs", noop("del", "flag"));

    assertField(api.delete("/jobs/del/flag?interrupt=yes"), "interrupt");
    assertThat(api.get("/jobs/del/flag").status()).isEqualTo(200);
  }

  @Test
  void delete_with_a_stale_if_match_is_412_and_keeps_the_job_the_current_one_deletes_it() {
    api.post("/jobs", noop("del", "versioned"));
    assertThat(api.post("/jobs/del/versioned/pause", null).status()).isEqualTo(200);
    String etag = api.get("/jobs/del/versioned").header("ETag");
    assertThat(etag).isEqualTo("\"2\"");

    Reply stale =
        api.send("DELETE", "/jobs/del/versioned", "application/json", null, "If-Match", "\"1\"");

    assertProblem(stale, 412);
    assertThat(api.get("/jobs/del/versioned").status()).isEqualTo(200);

    Reply current =
        api.send("DELETE", "/jobs/del/versioned", "application/json", null, "If-Match", etag);
    assertThat(current.status()).as(current.text()).isEqualTo(204);
    assertThat(api.get("/jobs/del/versioned").status()).isEqualTo(404);

    Reply gone =
        api.send("DELETE", "/jobs/del/versioned", "application/json", null, "If-Match", "*");
    assertProblem(gone, 412);
  }

  @Test
  void a_well_formed_etag_that_is_not_current_is_412_and_only_a_malformed_header_is_400() {
    api.post("/jobs", noop("del", "tags"));
    String body = noop("del", "tags");

    assertProblem(api.put("/jobs/del/tags", body, "If-Match", "\"not-a-version\""), 412);
    assertProblem(api.put("/jobs/del/tags", body, "If-Match", "W/\"xyz\""), 412);
    assertProblem(
        api.send("DELETE", "/jobs/del/tags", "application/json", null, "If-Match", "\"abc\""), 412);
    assertField(api.put("/jobs/del/tags", body, "If-Match", "abc"), "If-Match");
    assertThat(api.get("/jobs/del/tags").header("ETag")).isEqualTo("\"1\"");

    // A list of tags matches when any of them is current.
    Reply listed = api.put("/jobs/del/tags", body, "If-Match", "\"9\", \"x\", \"1\"");
    assertThat(listed.status()).as(listed.text()).isEqualTo(200);
    assertThat(listed.header("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void a_job_created_again_under_a_deleted_jobs_name_starts_with_no_history_and_no_counts() {
    api.post("/jobs", noop("again", "reborn"));
    runAndAwait("/jobs/again/reborn", "SUCCEEDED");
    runAndAwait("/jobs/again/reborn", "SUCCEEDED");
    await("both runs counted")
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/jobs/again/reborn").json().path("executions").asLong() == 2);
    assertThat(api.get("/jobs/again/reborn/executions").json().path("items")).hasSize(2);

    assertThat(api.delete("/jobs/again/reborn").status()).isEqualTo(204);
    assertThat(api.post("/jobs", noop("again", "reborn")).status()).isEqualTo(201);

    Reply job = api.get("/jobs/again/reborn");
    assertThat(job.json().path("executions").asLong()).as(job.text()).isZero();
    assertThat(job.json().has("lastExecution")).as(job.text()).isFalse();
    assertThat(api.get("/jobs/again/reborn/executions").json().path("items")).isEmpty();
    // The old job's runs are still there, across jobs, for whoever looks for them.
    assertThat(api.get("/executions?group=again&job=reborn").json().path("items")).hasSize(2);

    String mine = runAndAwait("/jobs/again/reborn", "SUCCEEDED");
    Reply history = api.get("/jobs/again/reborn/executions");
    assertThat(history.json().path("items")).hasSize(1);
    assertThat(history.json().path("items").get(0).path("id").asText()).isEqualTo(mine);
  }

  @Test
  void a_run_of_the_deleted_job_that_ends_afterwards_does_not_count_for_the_new_job() {
    api.post("/jobs", sleeper("again", "overlap", "PT3S"));
    String old = runAndAwait("/jobs/again/overlap", "RUNNING");
    assertThat(api.delete("/jobs/again/overlap?interrupt=true").status()).isEqualTo(204);
    assertThat(api.post("/jobs", noop("again", "overlap")).status()).isEqualTo(201);

    await("the old run ends")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.strings(
                            "SELECT status FROM carillon_execution WHERE id = ? AND status <> 'RUNNING'",
                            old)
                        .size()
                    == 1);

    Reply job = api.get("/jobs/again/overlap");
    assertThat(job.json().path("executions").asLong()).as(job.text()).isZero();
    assertThat(job.json().path("failures").asLong()).as(job.text()).isZero();
    assertThat(job.json().has("lastExecution")).as(job.text()).isFalse();
    assertThat(api.get("/jobs/again/overlap/executions").json().path("items")).isEmpty();
  }
}
