package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Job definitions that round-trip: GET then PUT, JSON Merge Patch, export and apply. */
@ExtendWith(DropwizardExtensionsSupport.class)
class JobDocumentsIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(JobDocumentsIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void what_get_returns_can_be_put_back_unchanged() {
    put(
        "roundtrip/cron",
        "{\"type\":\"noop\",\"description\":\"d\",\"labels\":{\"team\":\"ops\"},"
            + "\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"Europe/Zurich\"},"
            + "\"retry\":{\"maxAttempts\":3,\"backoff\":\"PT30S\"},\"timeout\":\"PT1H\"}");
    assertThat(api.post("/jobs/roundtrip/cron/run", "{}").status()).isEqualTo(202);
    Reply view = api.get("/jobs/roundtrip/cron");

    Reply again = api.put("/jobs/roundtrip/cron", view.text(), "If-Match", view.header("ETag"));

    assertThat(again.status()).as(again.text()).isEqualTo(200);
    JsonNode before = view.json();
    JsonNode after = again.json();
    for (String field :
        new String[] {"type", "description", "params", "schedule", "retry", "timeout", "labels"}) {
      assertThat(after.path(field)).as(field).isEqualTo(before.path(field));
    }
    assertThat(after.path("version").asLong()).isEqualTo(before.path("version").asLong() + 1);
  }

  @Test
  void a_merge_patch_changes_one_field_keeps_the_rest_and_null_removes() {
    put(
        "patched/job",
        "{\"type\":\"noop\",\"description\":\"old\",\"labels\":{\"team\":\"ops\"},"
            + "\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"Europe/Zurich\"}}");

    Reply patched =
        api.send(
            "PATCH",
            "/jobs/patched/job",
            MERGE_PATCH,
            "{\"schedule\":{\"cron\":\"0 0 4 * * ?\"},\"description\":null}",
            "If-Match",
            "\"1\"");

    assertThat(patched.status()).as(patched.text()).isEqualTo(200);
    assertThat(patched.header("ETag")).isEqualTo("\"2\"");
    JsonNode job = patched.json();
    assertThat(job.path("schedule").path("cron").asText()).isEqualTo("0 0 4 * * ?");
    assertThat(job.path("schedule").path("timeZone").asText()).isEqualTo("Europe/Zurich");
    assertThat(job.path("description").isMissingNode()).isTrue();
    assertThat(job.path("labels").path("team").asText()).isEqualTo("ops");
  }

  @Test
  void a_merge_patch_is_refused_when_stale_invalid_or_not_a_merge_patch() {
    put("patched/refused", "{\"type\":\"noop\"}");

    Reply stale =
        api.send(
            "PATCH",
            "/jobs/patched/refused",
            MERGE_PATCH,
            "{\"description\":\"x\"}",
            "If-Match",
            "\"9\"");
    assertThat(stale.status()).isEqualTo(412);

    Reply unknown = api.send("PATCH", "/jobs/patched/refused", MERGE_PATCH, "{\"bogus\":1}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("errors").get(0).path("field").asText()).isEqualTo("bogus");

    Reply invalid =
        api.send(
            "PATCH", "/jobs/patched/refused", MERGE_PATCH, "{\"schedule\":{\"cron\":\"bad\"}}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().path("errors").get(0).path("field").asText())
        .isEqualTo("schedule.cron");

    Reply notAnObject = api.send("PATCH", "/jobs/patched/refused", MERGE_PATCH, "[1]");
    assertThat(notAnObject.status()).isEqualTo(400);

    Reply plainJson =
        api.send("PATCH", "/jobs/patched/refused", "application/json", "{\"description\":\"x\"}");
    assertThat(plainJson.status()).isEqualTo(415);

    Reply missing = api.send("PATCH", "/jobs/patched/missing", MERGE_PATCH, "{}");
    assertThat(missing.status()).isEqualTo(404);
  }

  @Test
  void export_gives_yaml_or_json_that_apply_takes_back_unchanged() {
    put("exported/one", "{\"type\":\"noop\",\"schedule\":{\"every\":\"PT1H\"}}");
    put(
        "exported/two",
        "{\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.1S\"},\"enabled\":false}");

    Reply json = api.get("/jobs/export?group=exported");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.json().path("jobs")).hasSize(2);
    assertThat(json.json().path("jobs").get(1).path("enabled").asBoolean()).isFalse();
    assertThat(json.json().path("jobs").get(0).has("state")).isFalse();
    Reply yaml = api.get("/jobs/export?group=exported&format=yaml");
    assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
    assertThat(yaml.text()).startsWith("jobs:").contains("name: one");

    Reply applied = api.post("/jobs/apply", json.text());
    assertThat(applied.status()).as(applied.text()).isEqualTo(200);
    assertThat(applied.json().path("changes").findValuesAsText("action"))
        .containsExactly("unchanged", "unchanged");
    assertThat(api.get("/jobs/exported/one").json().path("version").asLong()).isEqualTo(1);
  }

  @Test
  void apply_validates_every_job_first_and_changes_nothing_when_one_is_bad() {
    Reply refused =
        api.post(
            "/jobs/apply",
            "{\"jobs\":[{\"group\":\"bad\",\"name\":\"ok\",\"type\":\"noop\"},"
                + "{\"group\":\"bad\",\"name\":\"broken\",\"type\":\"nope\"},"
                + "{\"group\":\"bad\",\"name\":\"ok\",\"type\":\"noop\"}]}");

    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(refused.json().path("errors").findValuesAsText("field"))
        .containsExactly("jobs[1].type", "jobs[2]");
    assertThat(api.get("/jobs/bad/ok").status()).isEqualTo(404);
  }

  @Test
  void apply_with_prune_deletes_only_unlisted_jobs_within_its_scope_and_dry_run_changes_nothing() {
    put("pruned/keep", "{\"type\":\"noop\"}");
    put("pruned/drop", "{\"type\":\"noop\"}");
    put("elsewhere/stays", "{\"type\":\"noop\"}");
    String body =
        "{\"jobs\":[{\"group\":\"pruned\",\"name\":\"keep\",\"type\":\"noop\",\"description\":\"new\"}]}";

    Reply dry = api.post("/jobs/apply?prune=true&group=pruned&dryRun=true", body);
    assertThat(dry.status()).as(dry.text()).isEqualTo(200);
    assertThat(dry.json().path("dryRun").asBoolean()).isTrue();
    assertThat(dry.json().path("changes").findValuesAsText("action"))
        .containsExactly("update", "delete");
    assertThat(dry.json().path("changes").get(0).path("diff").get(0).path("field").asText())
        .isEqualTo("description");
    assertThat(api.get("/jobs/pruned/drop").status()).isEqualTo(200);

    Reply applied = api.post("/jobs/apply?prune=true&group=pruned", body);
    assertThat(applied.status()).as(applied.text()).isEqualTo(200);
    assertThat(api.get("/jobs/pruned/drop").status()).isEqualTo(404);
    assertThat(api.get("/jobs/pruned/keep").json().path("description").asText()).isEqualTo("new");
    assertThat(api.get("/jobs/elsewhere/stays").status()).isEqualTo(200);
    assertThat(
            ApiApp.client(APP)
                .get("/audit?target=job:pruned/drop")
                .json()
                .path("items")
                .get(0)
                .path("action")
                .asText())
        .isEqualTo("job.delete");
  }

  @Test
  void a_finished_one_shot_keeps_the_time_it_fired_at() {
    java.time.Instant at =
        java.time.Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    put("oneshot/job", "{\"type\":\"noop\",\"schedule\":{\"at\":\"" + at + "\"}}");

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () -> api.get("/jobs/oneshot/job").json().path("state").asText().equals("completed"));

    JsonNode job = api.get("/jobs/oneshot/job").json();
    assertThat(job.path("previousFireAt").asText()).isEqualTo(at.toString());
    assertThat(job.has("nextFireAt")).isFalse();
  }

  private void put(String job, String json) {
    Reply reply = api.put("/jobs/" + job, json);
    assertThat(reply.status()).as(reply.text()).isIn(200, 201);
  }
}
