package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /executions/{id}/rerun} (issue 18 §8): same parameters, even after the job's changed,
 * linked to the original.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RerunsIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(RerunsIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void a_rerun_repeats_the_runs_overrides_and_is_linked_to_it_both_ways() {
    create("{\"group\":\"again\",\"name\":\"flaky\",\"type\":\"noop\",\"overridable\":[\"fail\"]}");
    String original =
        awaitFinished(
            api.post("/jobs/again/flaky/run", "{\"params\":{\"fail\":true}}")
                .json()
                .path("executionId")
                .asText());
    assertThat(api.get("/executions/" + original).json().path("status").asText())
        .isEqualTo("FAILED");

    Reply accepted = api.post("/executions/" + original + "/rerun", null);

    assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
    String rerun = accepted.json().path("executionId").asText();
    JsonNode run = api.get("/executions/" + awaitFinished(rerun)).json();
    assertThat(run.path("trigger").asText()).isEqualTo("rerun");
    assertThat(run.path("rerunOf").asText()).isEqualTo(original);
    assertThat(run.path("status").asText())
        .as("the same override (fail: true) again")
        .isEqualTo("FAILED");
    assertThat(run.path("attempt").asInt()).isEqualTo(1);
    JsonNode first = api.get("/executions/" + original).json();
    assertThat(first.path("reruns").get(0).asText()).isEqualTo(rerun);
    assertThat(first.has("rerunOf")).isFalse();
    JsonNode audit = api.get("/audit?action=execution.rerun").json().path("items").get(0);
    assertThat(audit.path("target").asText()).isEqualTo("execution:" + original);
    assertThat(audit.path("after").path("executionId").asText()).isEqualTo(rerun);

    String again =
        api.post("/executions/" + rerun + "/rerun", null).json().path("executionId").asText();
    assertThat(api.get("/executions/" + awaitFinished(again)).json().path("status").asText())
        .as("a rerun of a rerun repeats the same overrides")
        .isEqualTo("FAILED");
  }

  @Test
  void a_run_with_no_overrides_is_rerun_with_the_jobs_parameters() {
    create("{\"group\":\"again\",\"name\":\"plain\",\"type\":\"noop\"}");
    String original =
        awaitFinished(api.post("/jobs/again/plain/run", null).json().path("executionId").asText());

    String rerun =
        api.post("/executions/" + original + "/rerun", null).json().path("executionId").asText();

    assertThat(api.get("/executions/" + awaitFinished(rerun)).json().path("status").asText())
        .isEqualTo("SUCCEEDED");
  }

  @Test
  void a_rerun_has_the_parameters_of_its_run_after_the_jobs_parameters_changed() {
    create(
        "{\"group\":\"again\",\"name\":\"changed\",\"type\":\"noop\","
            + "\"params\":{\"fail\":false}}");
    String original =
        awaitFinished(
            api.post("/jobs/again/changed/run", null).json().path("executionId").asText());
    assertThat(api.get("/executions/" + original).json().path("status").asText())
        .isEqualTo("SUCCEEDED");
    Reply replaced =
        api.put(
            "/jobs/again/changed",
            "{\"group\":\"again\",\"name\":\"changed\",\"type\":\"noop\","
                + "\"params\":{\"fail\":true}}");
    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
    String now =
        awaitFinished(
            api.post("/jobs/again/changed/run", null).json().path("executionId").asText());
    assertThat(api.get("/executions/" + now).json().path("status").asText())
        .as("the job's parameters now fail")
        .isEqualTo("FAILED");

    String rerun =
        api.post("/executions/" + original + "/rerun", null).json().path("executionId").asText();

    assertThat(api.get("/executions/" + awaitFinished(rerun)).json().path("status").asText())
        .as("the rerun has the original's fail: false")
        .isEqualTo("SUCCEEDED");
    JsonNode audit = api.get("/audit?action=execution.rerun").json().path("items").get(0);
    assertThat(audit.path("after").path("recordedParams").asBoolean()).isTrue();
    String again =
        api.post("/executions/" + rerun + "/rerun", null).json().path("executionId").asText();
    assertThat(api.get("/executions/" + awaitFinished(again)).json().path("status").asText())
        .as("a rerun of the rerun has them too")
        .isEqualTo("SUCCEEDED");
    String ofTheNewRun =
        api.post("/executions/" + now + "/rerun", null).json().path("executionId").asText();
    assertThat(api.get("/executions/" + awaitFinished(ofTheNewRun)).json().path("status").asText())
        .as("a rerun of the run after the change has the new fail: true")
        .isEqualTo("FAILED");
  }

  @Test
  void a_rerun_of_a_scheduled_run_has_the_parameters_the_job_had_when_that_run_started() {
    create(
        "{\"group\":\"again\",\"name\":\"scheduled\",\"type\":\"noop\","
            + "\"params\":{\"fail\":false},\"schedule\":{\"every\":\"PT1S\"}}");
    String fired =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> finishedRun("/jobs/again/scheduled/executions", "schedule"),
                java.util.Objects::nonNull);
    assertThat(api.get("/executions/" + fired).json().path("status").asText())
        .isEqualTo("SUCCEEDED");
    // The parameters change, and the schedule goes, so that no run after the change is scheduled.
    Reply replaced =
        api.put(
            "/jobs/again/scheduled",
            "{\"group\":\"again\",\"name\":\"scheduled\",\"type\":\"noop\","
                + "\"params\":{\"fail\":true}}");
    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
    String now =
        awaitFinished(
            api.post("/jobs/again/scheduled/run", null).json().path("executionId").asText());
    assertThat(api.get("/executions/" + now).json().path("status").asText())
        .as("the job's parameters now fail")
        .isEqualTo("FAILED");

    String rerun =
        api.post("/executions/" + fired + "/rerun", null).json().path("executionId").asText();

    JsonNode run = api.get("/executions/" + awaitFinished(rerun)).json();
    assertThat(run.path("status").asText())
        .as("the rerun has fail: false, the parameters in effect when the scheduled run fired")
        .isEqualTo("SUCCEEDED");
    assertThat(run.path("trigger").asText()).isEqualTo("rerun");
    assertThat(run.path("rerunOf").asText()).isEqualTo(fired);
    JsonNode audit = api.get("/audit?action=execution.rerun").json().path("items").get(0);
    assertThat(audit.path("after").path("paramsFrom").asText()).isEqualTo("revision");
    assertThat(audit.path("after").path("recordedParams").asBoolean()).isTrue();
    String again =
        api.post("/executions/" + rerun + "/rerun", null).json().path("executionId").asText();
    assertThat(api.get("/executions/" + awaitFinished(again)).json().path("status").asText())
        .as("a rerun of the rerun repeats them, as recorded with it")
        .isEqualTo("SUCCEEDED");
    assertThat(
            api.get("/audit?action=execution.rerun")
                .json()
                .path("items")
                .get(0)
                .path("after")
                .path("paramsFrom")
                .asText())
        .isEqualTo("run");
  }

  @Test
  void a_rerun_of_a_backfilled_run_has_the_parameters_the_job_had_when_that_run_started() {
    String job =
        "{\"group\":\"again\",\"name\":\"backfilled\",\"type\":\"noop\","
            + "\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"UTC\"},"
            + "\"params\":{\"fail\":%s}}";
    create(String.format(job, "false"));
    java.time.Instant to = java.time.Instant.now();
    Reply started =
        api.post(
            "/jobs/again/backfilled/backfill",
            "{\"from\":\"" + to.minus(Duration.ofDays(1)) + "\",\"to\":\"" + to + "\"}");
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String backfill = started.json().path("id").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get("/backfills/" + backfill).json().path("status").asText().equals("done"));
    String fired = finishedRun("/jobs/again/backfilled/executions", "backfill");
    assertThat(api.get("/executions/" + fired).json().path("status").asText())
        .isEqualTo("SUCCEEDED");
    Reply replaced = api.put("/jobs/again/backfilled", String.format(job, "true"));
    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);

    String rerun =
        api.post("/executions/" + fired + "/rerun", null).json().path("executionId").asText();

    JsonNode run = api.get("/executions/" + awaitFinished(rerun)).json();
    assertThat(run.path("status").asText())
        .as("fail: false, as when the backfill ran it, not the job's fail: true")
        .isEqualTo("SUCCEEDED");
    JsonNode audit = api.get("/audit?action=execution.rerun").json().path("items").get(0);
    assertThat(audit.path("after").path("paramsFrom").asText()).isEqualTo("revision");
    String logical = api.get("/executions/" + fired).json().path("scheduledAt").asText();
    java.time.Instant three =
        to.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(3));
    assertThat(java.time.Instant.parse(logical))
        .as("the backfilled run stands for the last 03:00 fire time")
        .isEqualTo(three.isAfter(to) ? three.minus(Duration.ofDays(1)) : three);
    assertThat(run.path("scheduledAt").asText())
        .as("the rerun of a backfilled run has its logical time")
        .isEqualTo(logical);
    String again =
        api.post("/executions/" + rerun + "/rerun", null).json().path("executionId").asText();
    assertThat(api.get("/executions/" + awaitFinished(again)).json().path("scheduledAt").asText())
        .as("and so has a rerun of that rerun")
        .isEqualTo(logical);
  }

  @Test
  void a_rerun_of_a_run_now_is_scheduled_when_it_is_asked_for() {
    create("{\"group\":\"again\",\"name\":\"now\",\"type\":\"noop\"}");
    String original =
        awaitFinished(api.post("/jobs/again/now/run", null).json().path("executionId").asText());
    java.time.Instant asked = java.time.Instant.now();

    String rerun =
        api.post("/executions/" + original + "/rerun", null).json().path("executionId").asText();

    JsonNode run = api.get("/executions/" + awaitFinished(rerun)).json();
    assertThat(java.time.Instant.parse(run.path("scheduledAt").asText()))
        .as("a run now stands for no fire time: its rerun is due when asked for")
        .isAfterOrEqualTo(asked.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @Test
  void a_rerun_of_a_run_of_a_job_deleted_and_created_again_has_the_new_jobs_parameters() {
    create(
        "{\"group\":\"again\",\"name\":\"reborn\",\"type\":\"noop\","
            + "\"params\":{\"fail\":false},\"schedule\":{\"every\":\"PT1S\"}}");
    String fired =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> finishedRun("/jobs/again/reborn/executions", "schedule"),
                java.util.Objects::nonNull);
    assertThat(api.delete("/jobs/again/reborn?interrupt=true").status()).isEqualTo(204);
    create(
        "{\"group\":\"again\",\"name\":\"reborn\",\"type\":\"noop\","
            + "\"params\":{\"fail\":true}}");

    String rerun =
        api.post("/executions/" + fired + "/rerun", null).json().path("executionId").asText();

    assertThat(api.get("/executions/" + awaitFinished(rerun)).json().path("status").asText())
        .as("the old job's revisions went with it: the job as it is now")
        .isEqualTo("FAILED");
    JsonNode audit = api.get("/audit?action=execution.rerun").json().path("items").get(0);
    assertThat(audit.path("after").path("paramsFrom").asText()).isEqualTo("job");
  }

  /** The id of the newest finished run of a job's history with that trigger, or null. */
  private String finishedRun(String executions, String trigger) {
    for (JsonNode run : api.get(executions).json().path("items")) {
      if (run.path("trigger").asText().equals(trigger) && run.has("finishedAt")) {
        return run.path("id").asText();
      }
    }
    return null;
  }

  @Test
  void a_run_still_going_an_unknown_run_or_a_run_of_a_deleted_job_is_refused() {
    create(
        "{\"group\":\"again\",\"name\":\"slow\",\"type\":\"sleep\","
            + "\"params\":{\"duration\":\"PT5M\"}}");
    String running = api.post("/jobs/again/slow/run", null).json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "RUNNING".equals(api.get("/executions/" + running).json().path("status").asText()));

    assertThat(api.post("/executions/" + running + "/rerun", null).status()).isEqualTo(409);
    assertThat(api.post("/executions/no-such-run/rerun", null).status()).isEqualTo(404);

    api.delete("/jobs/again/slow?interrupt=true");
    awaitFinished(running);
    Reply gone = api.post("/executions/" + running + "/rerun", null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("detail").asText()).contains("no longer exists");
  }

  private void create(String json) {
    Reply created = api.post("/jobs", json);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private String awaitFinished(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/executions/" + id).json().has("finishedAt"));
    return id;
  }
}
