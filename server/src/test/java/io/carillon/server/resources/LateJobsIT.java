package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.Exposition;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import io.carillon.server.testing.SettableClock;
import io.carillon.server.testing.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Late and missing runs (issue 18 §1) on one node whose clock the test moves: a fire time passed
 * without a start, a success too old, each shown in the job, the list filter, the cluster view and
 * the metrics, notified once per episode, and on time again once the job runs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LateJobsIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(LateJobsIT.class);

  static final WebhookReceiver RECEIVER = WebhookReceiver.start();

  static final SettableClock CLOCK =
      new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  private static final Path CONFIG =
      ServerProcess.configWith(
          Path.of("target", "late-jobs-it"),
          "  channels: ${CARILLON_NOTIFICATION_CHANNELS:-[]}\n",
          "  channels:\n    - name: hook\n      type: webhook\n      url: \""
              + RECEIVER.url("/hook")
              + "\"\n");

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          CONFIG,
          CLOCK,
          ConfigOverride.config("lateJobs.checkEvery", "200ms"),
          ConfigOverride.config("notifications.backoff", "100ms"));

  private final ApiClient api = ApiApp.client(APP);

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @Test
  void a_daily_job_whose_fire_time_passes_without_a_start_is_late_once_until_it_runs()
      throws Exception {
    create("daily", "\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"UTC\"}");
    Instant fire = nextThreeOClock(CLOCK.instant());

    CLOCK.set(fire.plus(Duration.ofMinutes(4)));
    awaitChecks(3);
    assertThat(job("daily").path("late").asBoolean())
        .as("within the default startWithin of PT5M")
        .isFalse();

    CLOCK.set(fire.plus(Duration.ofMinutes(6)));
    await().atMost(Duration.ofSeconds(20)).until(() -> job("daily").path("late").asBoolean());

    JsonNode job = job("daily");
    assertThat(job.path("lateSince").asText())
        .isEqualTo(fire.plus(Duration.ofMinutes(5)).toString());
    assertThat(job.path("lateReason").asText())
        .contains("fire time " + fire)
        .contains("without a start")
        .contains("PT5M");
    assertThat(names(api.get("/jobs?group=late&late=true").json())).contains("daily");
    assertThat(names(api.get("/jobs?group=late&late=false").json())).doesNotContain("daily");
    JsonNode cluster = api.get("/cluster").json();
    assertThat(cluster.path("lateJobs").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(lateNames(cluster)).contains("daily");
    // The gauge is cached for a second.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scrape().find("carillon_jobs_late", Map.of()).orElseThrow().value() >= 1);
    Exposition metrics = scrape();
    assertThat(
            metrics
                .find(
                    "carillon_job_last_success_age_seconds",
                    Map.of("group", "late", "name", "daily"))
                .orElseThrow()
                .value())
        .as("never succeeded: counted from its creation")
        .isGreaterThanOrEqualTo(Duration.ofMinutes(6).toSeconds());

    await().atMost(Duration.ofSeconds(20)).until(() -> hooks("daily", "late").size() == 1);
    JsonNode late = hooks("daily", "late").get(0);
    assertThat(late.at("/late/reason").asText()).contains("without a start");
    assertThat(late.at("/late/since").asText())
        .isEqualTo(fire.plus(Duration.ofMinutes(5)).toString());
    awaitChecks(5);
    assertThat(hooks("daily", "late")).as("once per episode").hasSize(1);

    String run = api.post("/jobs/late/daily/run", "{}").json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/executions/" + run).json().has("finishedAt"));
    await().atMost(Duration.ofSeconds(20)).until(() -> !job("daily").path("late").asBoolean());
    assertThat(job("daily").has("lateReason")).isFalse();
    assertThat(job("daily").path("lastSuccessAt").asText()).isNotBlank();
    await().atMost(Duration.ofSeconds(20)).until(() -> hooks("daily", "on-time").size() == 1);
    assertThat(names(api.get("/jobs?group=late&late=true").json())).doesNotContain("daily");
    awaitChecks(3);
    assertThat(hooks("daily", "late")).hasSize(1);
    assertThat(hooks("daily", "on-time")).hasSize(1);
  }

  @Test
  void a_job_with_no_success_within_its_expectation_is_late_until_it_succeeds() throws Exception {
    create("fresh", "\"expect\":{\"successWithin\":\"PT1H\"}");
    Instant created = Instant.parse(job("fresh").path("createdAt").asText());
    awaitChecks(2);
    assertThat(job("fresh").path("late").asBoolean()).isFalse();

    CLOCK.set(created.plus(Duration.ofMinutes(61)));
    await().atMost(Duration.ofSeconds(20)).until(() -> job("fresh").path("late").asBoolean());
    assertThat(job("fresh").path("lateReason").asText())
        .isEqualTo("no success since it was created at " + created + " (allowed: PT1H)");

    String run = api.post("/jobs/late/fresh/run", "{}").json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/executions/" + run).json().has("finishedAt"));
    await().atMost(Duration.ofSeconds(20)).until(() -> !job("fresh").path("late").asBoolean());
    assertThat(Instant.parse(job("fresh").path("lastSuccessAt").asText()))
        .isEqualTo(CLOCK.instant());
  }

  @Test
  void expectations_that_are_not_durations_are_refused_naming_the_field() {
    assertField(
        api.post(
            "/jobs",
            "{\"group\":\"late\",\"name\":\"bad\",\"type\":\"noop\","
                + "\"expect\":{\"startWithin\":\"soon\"}}"),
        "expect.startWithin");
    assertField(
        api.post(
            "/jobs",
            "{\"group\":\"late\",\"name\":\"bad\",\"type\":\"noop\","
                + "\"expect\":{\"successWithin\":\"PT0.5S\"}}"),
        "expect.successWithin");
    assertField(
        api.post(
            "/jobs",
            "{\"group\":\"late\",\"name\":\"bad\",\"type\":\"noop\","
                + "\"notify\":{\"onLate\":[\"nowhere\"]}}"),
        "notify.onLate[0]");
  }

  private void create(String name, String extra) {
    ApiClient.Reply reply =
        api.post(
            "/jobs",
            "{\"group\":\"late\",\"name\":\""
                + name
                + "\",\"type\":\"noop\","
                + "\"notify\":{\"onLate\":[\"hook\"],\"onRecovery\":[\"hook\"]},"
                + extra
                + "}");
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
  }

  private JsonNode job(String name) {
    return api.get("/jobs/late/" + name).json();
  }

  private static List<JsonNode> hooks(String name, String event) {
    return RECEIVER.bodies("/hook", "/job/name", name).stream()
        .filter(body -> body.path("event").asText().equals(event))
        .toList();
  }

  /** Waits until this node has made {@code more} late-job checks beyond those made so far. */
  private static void awaitChecks(int more) throws Exception {
    double start = checks();
    await().atMost(Duration.ofSeconds(20)).until(() -> checks() >= start + more);
  }

  private static Exposition scrape() throws Exception {
    return Exposition.scrape(APP.getAdminPort());
  }

  private static double checks() throws Exception {
    return scrape().find("carillon_late_checks", Map.of()).orElseThrow().value();
  }

  private static Instant nextThreeOClock(Instant after) {
    ZonedDateTime at = after.atZone(ZoneOffset.UTC).withHour(3).truncatedTo(ChronoUnit.HOURS);
    return (at.toInstant().isAfter(after) ? at : at.plusDays(1)).toInstant();
  }

  private static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.path("items").forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  private static List<String> lateNames(JsonNode cluster) {
    List<String> names = new ArrayList<>();
    cluster.path("late").forEach(item -> names.add(item.path("name").asText()));
    return names;
  }
}
