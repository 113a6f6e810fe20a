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
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jitter (issue 18 §7): the preview shows a job's stable offset and the fire times it gives, the
 * stored trigger fires at them on the set-based PostgreSQL store, and bad jitter is refused.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JitterIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(JitterIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void the_preview_shows_the_jobs_offset_and_the_job_is_scheduled_at_it() {
    String schedule = "{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"UTC\",\"jitter\":\"PT30M\"}";
    JsonNode preview =
        api.post(
                "/schedules/preview",
                "{\"schedule\":" + schedule + ",\"count\":3,\"group\":\"herd\",\"name\":\"a\"}")
            .json();
    Duration offset = Duration.parse(preview.path("jitterOffset").asText());
    assertThat(offset).isBetween(Duration.ZERO, Duration.ofMinutes(30).minusSeconds(1));
    List<Instant> times = new ArrayList<>();
    preview.path("fireTimes").forEach(t -> times.add(Instant.parse(t.path("at").asText())));
    assertThat(times).hasSize(3);
    for (Instant time : times) {
      assertThat(
              Duration.between(
                  time.atZone(ZoneOffset.UTC).withHour(3).withMinute(0).withSecond(0).toInstant(),
                  time))
          .isEqualTo(offset);
    }
    assertThat(Duration.between(times.get(0), times.get(1))).isEqualTo(Duration.ofDays(1));

    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"herd\",\"name\":\"a\",\"type\":\"noop\",\"schedule\":" + schedule + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonNode job = api.get("/jobs/herd/a").json();
    assertThat(Instant.parse(job.path("nextFireAt").asText())).isEqualTo(times.get(0));
    assertThat(job.path("schedule").path("jitter").asText()).isEqualTo("PT30M");

    List<Duration> herd = new ArrayList<>();
    for (String name : List.of("b", "c", "d", "e", "f", "g")) {
      herd.add(
          Duration.parse(
              api.post(
                      "/schedules/preview",
                      "{\"schedule\":"
                          + schedule
                          + ",\"group\":\"herd\",\"name\":\""
                          + name
                          + "\"}")
                  .json()
                  .path("jitterOffset")
                  .asText()));
    }
    assertThat(herd.stream().distinct().count()).as("the herd spreads").isGreaterThan(1);
  }

  @Test
  void a_jittered_cron_fires_at_its_offset_on_the_postgresql_store() {
    String schedule = "{\"cron\":\"0/5 * * * * ?\",\"timeZone\":\"UTC\",\"jitter\":\"PT4S\"}";
    Duration offset =
        Duration.parse(
            api.post(
                    "/schedules/preview",
                    "{\"schedule\":" + schedule + ",\"group\":\"herd\",\"name\":\"fast\"}")
                .json()
                .path("jitterOffset")
                .asText());
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"herd\",\"name\":\"fast\",\"type\":\"noop\",\"schedule\":"
                + schedule
                + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/jobs/herd/fast/executions").json().path("items").size() >= 2);

    for (JsonNode run : api.get("/jobs/herd/fast/executions").json().path("items")) {
      Instant scheduled = Instant.parse(run.path("scheduledAt").asText());
      assertThat(scheduled.getEpochSecond() % 5).isEqualTo(offset.getSeconds());
      assertThat(scheduled.getNano()).isZero();
    }
    api.delete("/jobs/herd/fast?interrupt=true");
  }

  @Test
  void jitter_that_is_not_whole_seconds_too_long_for_the_interval_or_on_a_one_shot_is_refused() {
    assertField(job("{\"cron\":\"0 0 3 * * ?\",\"jitter\":\"PT0.5S\"}"), "schedule.jitter");
    assertField(job("{\"cron\":\"0 0 3 * * ?\",\"jitter\":\"soon\"}"), "schedule.jitter");
    assertField(job("{\"cron\":\"0 0 3 * * ?\",\"jitter\":\"P2D\"}"), "schedule.jitter");
    assertField(job("{\"every\":\"PT1M\",\"jitter\":\"PT2M\"}"), "schedule.jitter");
    assertField(
        job("{\"at\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\",\"jitter\":\"PT10S\"}"),
        "schedule.jitter");
    assertField(
        api.post("/schedules/preview", "{\"schedule\":{\"every\":\"PT1M\",\"jitter\":\"PT10S\"}}"),
        "name");
  }

  private Reply job(String schedule) {
    return api.post(
        "/jobs",
        "{\"group\":\"herd\",\"name\":\"bad\",\"type\":\"noop\",\"schedule\":" + schedule + "}");
  }
}
