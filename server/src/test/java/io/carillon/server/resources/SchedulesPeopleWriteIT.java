package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schedules as people write them: crontab lines and macros, cron mistakes in words, a default time
 * zone (here Europe/Zurich) that the job's view shows, and a one-shot in the past. The server's
 * clock reads Saturday 20 March 2027, 12:00 UTC.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SchedulesPeopleWriteIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(SchedulesPeopleWriteIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          Clock.fixed(Instant.parse("2027-03-20T12:00:00Z"), ZoneOffset.UTC),
          ConfigOverride.config("scheduler.defaultTimeZone", "Europe/Zurich"));

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void a_crontab_line_is_previewed_with_its_quartz_translation_in_the_default_zone() {
    Reply reply = preview("{\"cron\":\"0 6 * * 1-5\"}", 2);

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.json().path("quartzCron").asText()).isEqualTo("0 0 6 ? * 2-6");
    assertThat(reply.json().path("timeZone").asText()).isEqualTo("Europe/Zurich");
    // Monday 22 March, 06:00 in Zurich (UTC+1), then Tuesday.
    assertThat(reply.json().path("fireTimes").get(0).path("at").asText())
        .isEqualTo("2027-03-22T05:00:00Z");
    assertThat(reply.json().path("fireTimes").get(1).path("local").asText())
        .isEqualTo("2027-03-23T06:00:00+01:00");
  }

  @Test
  void macros_are_translated_and_quartz_form_is_kept_as_it_is() {
    assertThat(preview("{\"cron\":\"@hourly\"}", 1).json().path("quartzCron").asText())
        .isEqualTo("0 0 * * * ?");
    assertThat(preview("{\"cron\":\"@daily\"}", 1).json().path("quartzCron").asText())
        .isEqualTo("0 0 0 * * ?");
    assertThat(preview("{\"cron\":\"0 15 10 ? * MON-FRI\"}", 1).json().path("quartzCron").asText())
        .isEqualTo("0 15 10 ? * MON-FRI");
  }

  @Test
  void cron_mistakes_are_said_in_words() {
    Reply both = preview("{\"cron\":\"0 0 6 * * *\"}", 1);
    assertThat(both.status()).isEqualTo(400);
    assertThat(error(both, "schedule.cron"))
        .startsWith("day-of-month and day-of-week cannot both be '*'")
        .contains("use '?' in one");

    Reply short_ = preview("{\"cron\":\"0 6 *\"}", 1);
    assertThat(short_.status()).isEqualTo(400);
    assertThat(error(short_, "schedule.cron")).startsWith("has too few fields");

    Reply either = preview("{\"cron\":\"0 6 1 * 1\"}", 1);
    assertThat(either.status()).isEqualTo(400);
    assertThat(error(either, "schedule.cron")).contains("crontab runs on either");

    Reply macro = preview("{\"cron\":\"@fortnightly\"}", 1);
    assertThat(error(macro, "schedule.cron")).startsWith("unknown macro '@fortnightly'");
  }

  @Test
  void a_cron_job_without_a_zone_shows_the_default_zone_and_keeps_its_crontab_line() {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"zones\",\"name\":\"weekday\",\"type\":\"noop\","
                + "\"schedule\":{\"cron\":\"0 6 * * 1-5\"}}");

    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonNode schedule = created.json().path("schedule");
    assertThat(schedule.path("cron").asText()).isEqualTo("0 6 * * 1-5");
    assertThat(schedule.path("timeZone").asText()).isEqualTo("Europe/Zurich");
    assertThat(created.json().path("nextFireAt").asText()).isEqualTo("2027-03-22T05:00:00Z");
  }

  @Test
  void a_one_shot_in_the_past_is_refused_unless_misfire_says_what_to_do() {
    Reply refused =
        api.post(
            "/jobs",
            "{\"group\":\"past\",\"name\":\"once\",\"type\":\"noop\","
                + "\"schedule\":{\"at\":\"2027-03-20T11:00:00Z\"}}");
    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(error(refused, "schedule.at"))
        .startsWith("is in the past (2027-03-20T11:00:00Z)")
        .contains("misfire fire-now runs it once now");

    Reply accepted =
        api.post(
            "/jobs",
            "{\"group\":\"past\",\"name\":\"once\",\"type\":\"noop\","
                + "\"schedule\":{\"at\":\"2027-03-20T11:00:00Z\"},\"misfire\":\"fire-now\"}");
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(201);
  }

  private Reply preview(String schedule, int count) {
    return api.post(
        "/schedules/preview", "{\"schedule\":" + schedule + ",\"count\":" + count + "}");
  }

  private static String error(Reply reply, String field) {
    for (JsonNode error : reply.json().path("errors")) {
      if (error.path("field").asText().equals(field)) {
        return error.path("message").asText();
      }
    }
    throw new AssertionError("no error on " + field + ": " + reply.text());
  }
}
