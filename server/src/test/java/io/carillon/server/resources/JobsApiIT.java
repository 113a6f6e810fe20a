package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/** Every job endpoint over real HTTP, against a real PostgreSQL database. */
@ExtendWith(DropwizardExtensionsSupport.class)
class JobsApiIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(JobsApiIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private final ApiClient api = ApiApp.client(APP);

  /** Hourly from 2099: a schedule whose first run cannot race the test's own steps. */
  private static final String LATER_HOURLY =
      "\"schedule\":{\"every\":\"PT1H\",\"startAt\":\"2099-01-01T00:00:00Z\"}";

  private static String job(String group, String name, String extra) {
    return "{\"group\":\""
        + group
        + "\",\"name\":\""
        + name
        + "\",\"type\":\"noop\""
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  @Test
  void creating_a_job_answers_201_with_its_location_etag_and_view() {
    Reply reply =
        api.post(
            "/jobs",
            job(
                "reports",
                "listening-patterns",
                "\"description\":\"Analyse listening\",\"schedule\":{\"cron\":\"0 0 */6 * * ?\","
                    + "\"timeZone\":\"Europe/Zurich\"},\"labels\":{\"team\":\"music\"}"));

    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    assertThat(reply.header("Location")).endsWith("/api/v1/jobs/reports/listening-patterns");
    assertThat(reply.header("ETag")).isEqualTo("\"1\"");
    JsonNode view = reply.json();
    assertThat(view.path("group").asText()).isEqualTo("reports");
    assertThat(view.path("type").asText()).isEqualTo("noop");
    assertThat(view.path("state").asText()).isEqualTo("scheduled");
    assertThat(view.path("schedule").path("cron").asText()).isEqualTo("0 0 */6 * * ?");
    assertThat(view.path("misfire").asText()).isEqualTo("fire-now");
    assertThat(view.path("overlap").asText()).isEqualTo("allow");
    assertThat(view.path("labels").path("team").asText()).isEqualTo("music");
    assertThat(view.path("nextFireAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(view.path("source").asText()).isEqualTo("api");

    Reply fetched = api.get("/jobs/reports/listening-patterns");
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
    assertThat(fetched.json()).isEqualTo(view);
  }

  @Test
  void a_create_over_a_quartz_job_left_without_its_row_replaces_it() {
    Reply first = api.post("/jobs", job("left", "over", LATER_HOURLY));
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    // As if the create's own row had not committed: Quartz's job and trigger stay behind.
    DB.execute("DELETE FROM carillon_job WHERE job_group = 'left' AND job_name = 'over'");

    Reply again = api.post("/jobs", job("left", "over", "\"schedule\":{\"cron\":\"0 0 4 * * ?\"}"));

    assertThat(again.status()).as(again.text()).isEqualTo(201);
    assertThat(again.json().path("schedule").path("cron").asText()).isEqualTo("0 0 4 * * ?");
    assertThat(
            DB.strings(
                "SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_group = 'left'"))
        .containsExactly("0 0 4 * * ?");
  }

  @Test
  void a_description_of_the_longest_allowed_length_is_stored_whole() {
    String description = "d".repeat(1000);

    Reply reply =
        api.post("/jobs", job("long", "description", "\"description\":\"" + description + "\""));

    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    assertThat(api.get("/jobs/long/description").json().path("description").asText())
        .isEqualTo(description);
  }

  @Test
  void a_job_too_large_to_store_is_400_on_params_and_nothing_is_stored() {
    Reply reply =
        api.post(
            "/jobs",
            "{\"group\":\"large\",\"name\":\"body\",\"type\":\"http\","
                + "\"params\":{\"url\":\"http://192.0.2.1:9/\",\"body\":\""
                + "b".repeat(70_000)
                + "\"}}");

    assertField(reply, "params");
    assertProblem(api.get("/jobs/large/body"), 404);
  }

  @Test
  void the_group_defaults_to_default() {
    Reply reply = api.post("/jobs", "{\"name\":\"ungrouped\",\"type\":\"noop\"}");

    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    assertThat(reply.json().path("group").asText()).isEqualTo("default");
  }

  @Test
  void creating_a_job_that_exists_is_409_and_keeps_the_stored_one() {
    api.post("/jobs", job("dup", "once", "\"description\":\"first\""));

    Reply again = api.post("/jobs", job("dup", "once", "\"description\":\"second\""));

    assertProblem(again, 409);
    assertThat(api.get("/jobs/dup/once").json().path("description").asText()).isEqualTo("first");
  }

  @Test
  void put_creates_then_replaces_and_the_etag_moves_on() {
    Reply created = api.put("/jobs/put/thing", job("put", "thing", ""));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");

    Reply replaced =
        api.put(
            "/jobs/put/thing", job("put", "thing", "\"description\":\"v2\""), "If-Match", "\"1\"");

    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
    assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
    assertThat(replaced.json().path("description").asText()).isEqualTo("v2");
  }

  @Test
  void put_with_a_stale_if_match_is_412_and_changes_nothing() {
    api.put("/jobs/stale/thing", job("stale", "thing", "\"description\":\"v1\""));
    api.put("/jobs/stale/thing", job("stale", "thing", "\"description\":\"v2\""));

    Reply stale =
        api.put(
            "/jobs/stale/thing",
            job("stale", "thing", "\"description\":\"lost\""),
            "If-Match",
            "\"1\"");

    assertProblem(stale, 412);
    assertThat(api.get("/jobs/stale/thing").json().path("description").asText()).isEqualTo("v2");
  }

  @Test
  void put_with_if_match_star_replaces_an_existing_job_and_refuses_to_create_one() {
    api.put("/jobs/star/thing", job("star", "thing", ""));

    Reply replaced =
        api.put(
            "/jobs/star/thing", job("star", "thing", "\"description\":\"any\""), "If-Match", "*");
    Reply absent = api.put("/jobs/star/absent", job("star", "absent", ""), "If-Match", "*");

    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
    assertProblem(absent, 412);
    assertProblem(api.get("/jobs/star/absent"), 404);
  }

  @Test
  void put_with_a_key_in_the_body_that_differs_from_the_url_is_400() {
    Reply reply = api.put("/jobs/a/b", job("a", "other", ""));

    assertProblem(reply, 400);
    assertField(reply, "name");
  }

  @Test
  void deleting_removes_the_job_and_its_quartz_job_and_a_second_delete_is_404() throws Exception {
    api.post("/jobs", job("del", "gone", LATER_HOURLY));

    assertThat(api.delete("/jobs/del/gone").status()).isEqualTo(204);

    assertProblem(api.get("/jobs/del/gone"), 404);
    assertThat(scheduler().checkExists(JobKey.jobKey("gone", "del"))).isFalse();
    assertProblem(api.delete("/jobs/del/gone"), 404);
  }

  @Test
  void pause_and_resume_change_the_state_and_the_quartz_trigger() throws Exception {
    api.post("/jobs", job("pause", "me", LATER_HOURLY));

    Reply paused = api.post("/jobs/pause/me/pause", null);
    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.json().path("state").asText()).isEqualTo("paused");
    assertThat(paused.json().path("enabled").asBoolean()).isFalse();
    assertThat(triggerState("me", "pause")).isEqualTo(Trigger.TriggerState.PAUSED);

    Reply resumed = api.post("/jobs/pause/me/resume", null);
    assertThat(resumed.json().path("state").asText()).isEqualTo("scheduled");
    assertThat(triggerState("me", "pause")).isEqualTo(Trigger.TriggerState.NORMAL);
  }

  @Test
  void run_now_answers_202_with_the_execution_id_the_history_then_shows() {
    api.post("/jobs", job("run", "now", ""));

    Reply reply = api.post("/jobs/run/now/run", "{}");

    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    String id = reply.json().path("executionId").asText();
    assertThat(id).isNotBlank();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(DB.strings("SELECT status FROM carillon_execution WHERE id = ?", id))
                    .containsExactly("SUCCEEDED"));
  }

  @Test
  void run_now_with_overrides_that_break_the_schema_is_400_naming_the_parameter() {
    api.post(
        "/jobs",
        "{\"group\":\"run\",\"name\":\"sleepy\",\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.01S\"}}");

    Reply reply = api.post("/jobs/run/sleepy/run", "{\"params\":{\"duration\":\"soon\"}}");

    assertProblem(reply, 400);
    assertField(reply, "params.duration");
  }

  @Test
  void running_a_job_that_does_not_exist_is_404() {
    assertProblem(api.post("/jobs/nope/nothing/run", "{}"), 404);
  }

  @Test
  void group_pause_and_resume_touch_every_job_of_the_group_and_no_other() {
    api.post("/jobs", job("batch", "one", LATER_HOURLY));
    api.post("/jobs", job("batch", "two", LATER_HOURLY));
    api.post("/jobs", job("other", "three", LATER_HOURLY));

    Reply paused = api.post("/groups/batch/pause", null);

    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.json().path("jobs").asInt()).isEqualTo(2);
    assertThat(api.get("/jobs/batch/one").json().path("state").asText()).isEqualTo("paused");
    assertThat(api.get("/jobs/batch/two").json().path("state").asText()).isEqualTo("paused");
    assertThat(api.get("/jobs/other/three").json().path("state").asText()).isEqualTo("scheduled");

    api.post("/groups/batch/resume", null);
    assertThat(api.get("/jobs/batch/one").json().path("state").asText()).isEqualTo("scheduled");
  }

  @Test
  void pause_all_holds_every_trigger_in_the_cluster_until_resume_all() throws Exception {
    api.post("/jobs", job("maint", "a", LATER_HOURLY));

    assertThat(api.post("/scheduler/pause-all", null).json().path("paused").asBoolean()).isTrue();
    assertThat(triggerState("a", "maint")).isEqualTo(Trigger.TriggerState.PAUSED);
    assertThat(api.get("/jobs/maint/a").json().path("state").asText()).isEqualTo("paused");

    assertThat(api.post("/scheduler/resume-all", null).json().path("paused").asBoolean()).isFalse();
    assertThat(triggerState("a", "maint")).isEqualTo(Trigger.TriggerState.NORMAL);
  }

  @Test
  void the_list_filters_by_group_type_state_label_and_text() {
    api.post(
        "/jobs",
        job(
            "flt",
            "alpha-report",
            "\"labels\":{\"team\":\"music\"},\"description\":\"Weekly SUMMARY\""));
    api.post("/jobs", job("flt", "beta", "\"labels\":{\"team\":\"video\"}"));
    api.post(
        "/jobs",
        "{\"group\":\"flt\",\"name\":\"gamma\",\"type\":\"sleep\",\"params\":{\"duration\":\"PT0.01S\"}}");
    api.post("/jobs/flt/beta/pause", null);

    assertThat(names(api.get("/jobs?group=flt"))).containsExactly("alpha-report", "beta", "gamma");
    assertThat(names(api.get("/jobs?group=flt&type=sleep"))).containsExactly("gamma");
    assertThat(names(api.get("/jobs?group=flt&state=paused"))).containsExactly("beta");
    assertThat(names(api.get("/jobs?group=flt&label=team:music"))).containsExactly("alpha-report");
    assertThat(names(api.get("/jobs?group=flt&q=summary"))).containsExactly("alpha-report");
    assertThat(names(api.get("/jobs?group=flt&q=REPORT"))).containsExactly("alpha-report");
  }

  @Test
  void list_parameters_out_of_range_are_400_naming_them() {
    assertField(api.get("/jobs?limit=0"), "limit");
    assertField(api.get("/jobs?limit=501"), "limit");
    assertField(api.get("/jobs?limit=many"), "limit");
    assertField(api.get("/jobs?state=sleeping"), "state");
    assertField(api.get("/jobs?label=nocolon"), "label");
    assertField(api.get("/jobs?cursor=not-a-cursor"), "cursor");
  }

  @Test
  void job_types_lists_the_built_in_types_with_their_parameter_schemas() {
    Reply reply = api.get("/job-types");

    assertThat(reply.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    reply.json().forEach(type -> names.add(type.path("name").asText()));
    assertThat(names).contains("shell", "http", "cleanup", "mail", "noop", "sleep");
    JsonNode sleep = null;
    for (JsonNode type : reply.json()) {
      if (type.path("name").asText().equals("sleep")) {
        sleep = type;
      }
    }
    assertThat(sleep).isNotNull();
    assertThat(sleep.path("parameters").get(0).path("type").asText()).isEqualTo("duration");
  }

  static List<String> names(Reply reply) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    reply.json().path("items").forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  static void assertProblem(Reply reply, int status) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.json().path("status").asInt()).isEqualTo(status);
    assertThat(reply.json().path("title").asText()).isNotBlank();
  }

  static void assertField(Reply reply, String field) {
    assertProblem(reply, 400);
    List<String> fields = new ArrayList<>();
    reply.json().path("errors").forEach(error -> fields.add(error.path("field").asText()));
    assertThat(fields).as(reply.text()).contains(field);
  }

  private static org.quartz.Scheduler scheduler() {
    return APP.<CarillonApplication>getApplication().scheduler();
  }

  private static Trigger.TriggerState triggerState(String name, String group) throws Exception {
    return scheduler().getTriggerState(TriggerKey.triggerKey(name, group));
  }
}
