package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backfill (issue 18 §4): each fire time of a schedule in a past range runs once, one after the
 * other (several at once, up to backfills.maxConcurrent, for overlap allow), recorded with trigger
 * backfill and its logical time; bounded; cancellable.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BackfillIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(BackfillIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          ConfigOverride.config("backfills.checkEvery", "200ms"),
          ConfigOverride.config("backfills.maxConcurrent", "3"));

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void each_fire_time_of_the_range_runs_once_in_order_with_its_logical_time() {
    create("hourly", "{\"cron\":\"0 0 * * * ?\",\"timeZone\":\"UTC\"}", "noop", null, "queue");
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant from = to.minus(Duration.ofHours(4));

    Reply started =
        api.post(
            "/jobs/past/hourly/backfill",
            "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"maxRuns\":10}");

    assertThat(started.status()).as(started.text()).isEqualTo(202);
    JsonNode backfill = started.json();
    assertThat(backfill.path("total").asInt()).as("both ends included").isEqualTo(5);
    assertThat(backfill.path("status").asText()).isEqualTo("running");
    String id = backfill.path("id").asText();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.get("/backfills/" + id).json().path("status").asText().equals("done"));
    assertThat(api.get("/backfills/" + id).json().path("started").asInt()).isEqualTo(5);

    List<Instant> scheduled = new ArrayList<>();
    List<JsonNode> runs = new ArrayList<>();
    api.get("/jobs/past/hourly/executions").json().path("items").forEach(runs::add);
    for (JsonNode run : runs) {
      assertThat(run.path("trigger").asText()).isEqualTo("backfill");
      assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
      scheduled.add(Instant.parse(run.path("scheduledAt").asText()));
    }
    assertThat(scheduled)
        .as("newest first, one run per fire time, one after the other")
        .containsExactly(
            to,
            to.minus(Duration.ofHours(1)),
            to.minus(Duration.ofHours(2)),
            to.minus(Duration.ofHours(3)),
            from);
    for (int i = 1; i < runs.size(); i++) {
      Instant started_ = Instant.parse(runs.get(i - 1).path("startedAt").asText());
      Instant finishedBefore = Instant.parse(runs.get(i).path("finishedAt").asText());
      assertThat(started_).isAfterOrEqualTo(finishedBefore);
    }
    assertThat(api.get("/jobs/past/hourly/backfills").json().get(0).path("id").asText())
        .isEqualTo(id);
  }

  @Test
  void a_backfill_can_be_cancelled_and_then_starts_nothing_more() {
    // Ten fire times last year and none during the test: the job runs only as backfilled.
    create(
        "slow",
        "{\"cron\":\"0 0-9 3 1 1 ?\",\"timeZone\":\"UTC\"}",
        "sleep",
        "{\"duration\":\"PT5M\"}",
        "skip");
    Instant from = lastYearAt3();
    String id =
        api.post(
                "/jobs/past/slow/backfill",
                "{\"from\":\"" + from + "\",\"to\":\"" + from.plus(Duration.ofMinutes(9)) + "\"}")
            .json()
            .path("id")
            .asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.get("/backfills/" + id).json().path("started").asInt() == 1
                    && api.get("/jobs/past/slow").json().path("state").asText().equals("running"));

    Reply cancelled = api.post("/backfills/" + id + "/cancel", null);

    assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
    assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.json().path("started").asInt()).isEqualTo(1);
    api.post("/jobs/past/slow/interrupt", null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !api.get("/jobs/past/slow").json().path("state").asText().equals("running"));
    assertThat(api.get("/backfills/" + id).json().path("started").asInt()).isEqualTo(1);
    assertThat(api.post("/backfills/" + id + "/cancel", null).status()).isEqualTo(409);
  }

  @Test
  void a_job_whose_overlap_is_allow_is_backfilled_several_runs_at_once_up_to_the_bound() {
    // Every minute from 03:00 to 03:06 on 1 January: seven fire times last year, none during the
    // test, so every run of the job is the backfill's.
    create(
        "wide",
        "{\"cron\":\"0 0-6 3 1 1 ?\",\"timeZone\":\"UTC\"}",
        "sleep",
        "{\"duration\":\"PT5M\"}",
        "allow");
    Instant from = lastYearAt3();
    Instant to = from.plus(Duration.ofMinutes(6));
    String id =
        api.post("/jobs/past/wide/backfill", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
            .json()
            .path("id")
            .asText();

    // Started so far and running at once in each round; interrupting them lets the next start.
    int[][] rounds = {{3, 3}, {6, 3}, {7, 1}};
    for (int[] round : rounds) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  api.get("/backfills/" + id).json().path("started").asInt() == round[0]
                      && running("wide") == round[1]);
      api.post("/jobs/past/wide/interrupt", null);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/backfills/" + id).json().path("status").asText().equals("done"));

    List<JsonNode> runs = new ArrayList<>();
    api.get("/jobs/past/wide/executions").json().path("items").forEach(runs::add);
    assertThat(runs).hasSize(7);
    assertThat(runs.stream().map(r -> Instant.parse(r.path("scheduledAt").asText())).distinct())
        .as("each fire time once")
        .hasSize(7)
        .allMatch(t -> !t.isBefore(from) && !t.isAfter(to));
    assertThat(mostAtOnce(runs)).as("side by side, never more than the bound").isEqualTo(3);
  }

  /** 03:00 UTC on 1 January of last year. */
  private static Instant lastYearAt3() {
    return Instant.parse(
        (java.time.Year.now(java.time.ZoneOffset.UTC).getValue() - 1) + "-01-01T03:00:00Z");
  }

  private int running(String name) {
    int running = 0;
    for (JsonNode run : api.get("/jobs/past/" + name + "/executions").json().path("items")) {
      running += run.path("status").asText().equals("RUNNING") ? 1 : 0;
    }
    return running;
  }

  /** The most runs whose [startedAt, finishedAt] overlap at one instant. */
  private static int mostAtOnce(List<JsonNode> runs) {
    int most = 0;
    for (JsonNode run : runs) {
      Instant at = Instant.parse(run.path("startedAt").asText());
      int going = 0;
      for (JsonNode other : runs) {
        Instant start = Instant.parse(other.path("startedAt").asText());
        Instant end = Instant.parse(other.path("finishedAt").asText());
        going += !start.isAfter(at) && end.isAfter(at) ? 1 : 0;
      }
      most = Math.max(most, going);
    }
    return most;
  }

  @Test
  void a_range_in_the_future_reversed_too_large_or_empty_is_refused_naming_the_field() {
    create("bounded", "{\"cron\":\"0 * * * * ?\",\"timeZone\":\"UTC\"}");
    Instant now = Instant.now();
    assertField(
        backfill(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), null), "to");
    assertField(backfill(now, now.minus(Duration.ofHours(1)), null), "from");
    assertField(backfill(now.minus(Duration.ofHours(3)), now, 100), "maxRuns");
    assertField(backfill(now.minus(Duration.ofHours(3)), now, 0), "maxRuns");
    assertField(api.post("/jobs/past/bounded/backfill", "{\"to\":\"" + now + "\"}"), "from");
    create("ondemand", null);
    assertField(
        api.post(
            "/jobs/past/ondemand/backfill",
            "{\"from\":\"" + now.minus(Duration.ofDays(1)) + "\",\"to\":\"" + now + "\"}"),
        "from");
    assertThat(api.post("/jobs/past/nope/backfill", "{}").status()).isIn(400, 404);
    assertThat(api.get("/backfills/no-such").status()).isEqualTo(404);
  }

  private Reply backfill(Instant from, Instant to, Integer maxRuns) {
    return api.post(
        "/jobs/past/bounded/backfill",
        "{\"from\":\""
            + from
            + "\",\"to\":\""
            + to
            + "\""
            + (maxRuns == null ? "" : ",\"maxRuns\":" + maxRuns)
            + "}");
  }

  private void create(String name, String schedule) {
    create(name, schedule, "noop", null, "allow");
  }

  private void create(String name, String schedule, String type, String params, String overlap) {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"past\",\"name\":\""
                + name
                + "\",\"type\":\""
                + type
                + "\",\"overlap\":\""
                + overlap
                + "\""
                + (params == null ? "" : ",\"params\":" + params)
                + (schedule == null ? "" : ",\"schedule\":" + schedule)
                + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }
}
