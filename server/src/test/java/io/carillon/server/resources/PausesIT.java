package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Exposition;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pause with a reason and an end (issue 18 §6) on one node whose clock the test moves: a job, a
 * group and the whole cluster, each shown with its reason and end, resumed by itself at the end.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PausesIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(PausesIT.class);

  static final SettableClock CLOCK =
      new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          CLOCK,
          ConfigOverride.config("pauses.checkEvery", "200ms"),
          ConfigOverride.config("lateJobs.checkEvery", "200ms"));

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void a_job_paused_until_a_time_shows_why_and_resumes_by_itself_then() throws Exception {
    create("pauses", "nightly", "\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"UTC\"}");
    long version = job("pauses", "nightly").path("version").asLong();
    Instant until = CLOCK.instant().plus(Duration.ofHours(2));

    Reply paused =
        api.post(
            "/jobs/pauses/nightly/pause",
            "{\"reason\":\"database migration\",\"until\":\"" + until + "\"}");

    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    JsonNode pause = paused.json().path("pause");
    assertThat(paused.json().path("state").asText()).isEqualTo("paused");
    assertThat(pause.path("scope").asText()).isEqualTo("job");
    assertThat(pause.path("reason").asText()).isEqualTo("database migration");
    assertThat(pause.path("until").asText()).isEqualTo(until.toString());
    assertThat(pause.path("since").asText()).isEqualTo(CLOCK.instant().toString());
    assertThat(pause.path("by").asText()).isEqualTo("admin");
    JsonNode listed = listed("pauses", "nightly");
    assertThat(listed.path("pause").path("reason").asText()).isEqualTo("database migration");

    CLOCK.advance(Duration.ofMinutes(119));
    awaitPauseChecks(3);
    assertThat(job("pauses", "nightly").path("state").asText()).isEqualTo("paused");

    CLOCK.advance(Duration.ofMinutes(1));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> job("pauses", "nightly").path("state").asText().equals("scheduled"));
    assertThat(job("pauses", "nightly").has("pause")).isFalse();
    assertThat(job("pauses", "nightly").path("version").asLong())
        .as("paused once, resumed once")
        .isEqualTo(version + 2);
    List<JsonNode> resumes = audit("job.resume", "job:pauses/nightly");
    assertThat(resumes).hasSize(1);
    assertThat(resumes.get(0).path("actorName").asText()).isEqualTo("carillon");
    assertThat(resumes.get(0).path("after").path("automatic").asBoolean()).isTrue();
    assertThat(resumes.get(0).path("before").path("reason").asText())
        .isEqualTo("database migration");
  }

  @Test
  void a_pause_without_an_end_keeps_its_reason_until_someone_resumes_it() throws Exception {
    create("pauses", "manual", "\"schedule\":{\"every\":\"PT1H\"}");
    api.post("/jobs/pauses/manual/pause", "{\"reason\":\"vendor outage\"}");
    CLOCK.advance(Duration.ofDays(1));
    awaitPauseChecks(3);
    JsonNode job = job("pauses", "manual");
    assertThat(job.path("state").asText()).isEqualTo("paused");
    assertThat(job.path("pause").path("reason").asText()).isEqualTo("vendor outage");
    assertThat(job.path("pause").has("until")).isFalse();

    JsonNode resumed = api.post("/jobs/pauses/manual/resume", null).json();
    assertThat(resumed.path("state").asText()).isEqualTo("scheduled");
    assertThat(resumed.has("pause")).isFalse();
  }

  @Test
  void a_group_paused_until_a_time_shows_the_groups_reason_on_each_job_and_resumes() {
    create("batch", "one", "\"schedule\":{\"every\":\"PT1H\"}");
    create("batch", "two", "\"schedule\":{\"every\":\"PT1H\"}");
    Instant until = CLOCK.instant().plus(Duration.ofMinutes(30));

    Reply paused =
        api.post(
            "/groups/batch/pause", "{\"reason\":\"quarter close\",\"until\":\"" + until + "\"}");

    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.json().path("jobs").asInt()).isEqualTo(2);
    assertThat(paused.json().path("pause").path("scope").asText()).isEqualTo("group");
    for (String name : List.of("one", "two")) {
      JsonNode pause = job("batch", name).path("pause");
      assertThat(pause.path("scope").asText()).isEqualTo("group");
      assertThat(pause.path("reason").asText()).isEqualTo("quarter close");
    }

    CLOCK.advance(Duration.ofMinutes(31));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                job("batch", "one").path("state").asText().equals("scheduled")
                    && job("batch", "two").path("state").asText().equals("scheduled"));
    assertThat(audit("group.resume", "group:batch")).hasSize(1);
  }

  @Test
  void pause_all_until_a_time_is_shown_in_the_cluster_and_on_jobs_then_resumes_by_itself()
      throws Exception {
    create("pauses", "everything", "\"schedule\":{\"every\":\"PT1H\"}");
    Instant until = CLOCK.instant().plus(Duration.ofMinutes(10));

    Reply paused =
        api.post(
            "/scheduler/pause-all", "{\"reason\":\"failover drill\",\"until\":\"" + until + "\"}");

    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.json().path("pause").path("reason").asText()).isEqualTo("failover drill");
    JsonNode cluster = api.get("/cluster").json();
    assertThat(cluster.path("paused").path("scope").asText()).isEqualTo("cluster");
    assertThat(cluster.path("paused").path("until").asText()).isEqualTo(until.toString());
    JsonNode job = job("pauses", "everything");
    assertThat(job.path("state").asText()).isEqualTo("paused");
    assertThat(job.path("pause").path("scope").asText()).isEqualTo("cluster");

    CLOCK.advance(Duration.ofMinutes(10));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> job("pauses", "everything").path("state").asText().equals("scheduled"));
    assertThat(api.get("/cluster").json().path("paused").isNull()).isTrue();
    assertThat(audit("scheduler.resume-all", "scheduler")).hasSize(1);
  }

  @Test
  void a_job_paused_with_an_end_is_not_late_and_one_paused_without_is() throws Exception {
    create("pauses", "planned", "\"schedule\":{\"every\":\"PT10M\"}");
    create("pauses", "forgotten", "\"schedule\":{\"every\":\"PT10M\"}");
    api.post(
        "/jobs/pauses/planned/pause",
        "{\"reason\":\"planned\",\"until\":\"" + CLOCK.instant().plus(Duration.ofDays(2)) + "\"}");
    api.post("/jobs/pauses/forgotten/pause", "{}");

    CLOCK.advance(Duration.ofHours(1));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> job("pauses", "forgotten").path("late").asBoolean());
    assertThat(job("pauses", "planned").path("late").asBoolean()).isFalse();
  }

  @Test
  void an_end_in_the_past_a_reason_too_long_or_an_until_that_is_no_instant_is_refused() {
    create("pauses", "strict", "");
    assertField(
        api.post("/jobs/pauses/strict/pause", "{\"until\":\"" + CLOCK.instant() + "\"}"), "until");
    assertField(
        api.post("/jobs/pauses/strict/pause", "{\"reason\":\"" + "x".repeat(501) + "\"}"),
        "reason");
    assertField(api.post("/jobs/pauses/strict/pause", "{\"until\":\"tomorrow\"}"), "until");
    assertField(
        api.post(
            "/scheduler/pause-all",
            "{\"until\":\"" + CLOCK.instant().plus(Duration.ofDays(401)) + "\"}"),
        "until");
    assertThat(job("pauses", "strict").path("state").asText())
        .as("nothing was paused")
        .isEqualTo("scheduled");
    assertThat(api.get("/cluster").json().path("paused").isNull()).isTrue();
  }

  private void create(String group, String name, String extra) {
    Reply reply =
        api.post(
            "/jobs",
            "{\"group\":\""
                + group
                + "\",\"name\":\""
                + name
                + "\",\"type\":\"noop\""
                + (extra.isEmpty() ? "" : "," + extra)
                + "}");
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
  }

  private JsonNode job(String group, String name) {
    return api.get("/jobs/" + group + "/" + name).json();
  }

  private JsonNode listed(String group, String name) {
    for (JsonNode item : api.get("/jobs?group=" + group).json().path("items")) {
      if (item.path("name").asText().equals(name)) {
        return item;
      }
    }
    throw new AssertionError(group + "/" + name + " is not listed");
  }

  private List<JsonNode> audit(String action, String target) {
    List<JsonNode> entries = new ArrayList<>();
    api.get("/audit?action=" + action + "&target=" + target)
        .json()
        .path("items")
        .forEach(entry -> entries.add(entry));
    return entries;
  }

  private static void awaitPauseChecks(int more) throws Exception {
    double start = pauseChecks();
    await().atMost(Duration.ofSeconds(20)).until(() -> pauseChecks() >= start + more);
  }

  private static double pauseChecks() throws Exception {
    return Exposition.scrape(APP.getAdminPort())
        .find("carillon_pause_checks", Map.of())
        .orElseThrow()
        .value();
  }
}
