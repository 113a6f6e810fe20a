package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /schedules/preview} over HTTP, on a server whose clock reads 20 March 2027. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SchedulePreviewIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(SchedulePreviewIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(DB, Clock.fixed(Instant.parse("2027-03-20T12:00:00Z"), ZoneOffset.UTC));

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void a_daily_cron_in_zurich_skips_the_hour_lost_to_daylight_saving() {
    Reply reply =
        api.post(
            "/schedules/preview",
            "{\"schedule\":{\"cron\":\"0 30 2 * * ?\",\"timeZone\":\"Europe/Zurich\"},\"count\":10}");

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    List<String> at = new ArrayList<>();
    List<String> local = new ArrayList<>();
    reply.json().path("fireTimes").forEach(t -> at.add(t.path("at").asText()));
    reply.json().path("fireTimes").forEach(t -> local.add(t.path("local").asText()));
    // 02:30 does not exist on 28 March 2027 in Zurich: that day has no fire.
    assertThat(at)
        .startsWith("2027-03-21T01:30:00Z")
        .contains("2027-03-27T01:30:00Z", "2027-03-29T00:30:00Z")
        .noneMatch(t -> t.startsWith("2027-03-28"));
    assertThat(local.get(0)).isEqualTo("2027-03-21T02:30:00+01:00");
    assertThat(local).contains("2027-03-29T02:30:00+02:00");
  }

  @Test
  void a_monthly_schedule_from_31_january_runs_on_the_last_day_of_each_shorter_month() {
    Reply reply =
        api.post(
            "/schedules/preview",
            "{\"schedule\":{\"every\":\"P1M\",\"startAt\":\"2028-01-31T09:00:00Z\"},\"count\":4}");

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    List<String> at = new ArrayList<>();
    reply.json().path("fireTimes").forEach(t -> at.add(t.path("at").asText()));
    assertThat(at)
        .containsExactly(
            "2028-01-31T09:00:00Z",
            "2028-02-29T09:00:00Z",
            "2028-03-31T09:00:00Z",
            "2028-04-30T09:00:00Z");
  }

  @Test
  void a_bad_cron_is_400_with_the_parser_message() {
    Reply reply = api.post("/schedules/preview", "{\"schedule\":{\"cron\":\"0 0 25 * * ?\"}}");

    assertField(reply, "schedule.cron");
    assertThat(reply.text()).contains("Hour values must be between 0 and 23");
  }

  @Test
  void instants_beyond_what_quartz_can_store_are_400_not_500() {
    assertField(
        api.post(
            "/schedules/preview",
            "{\"schedule\":{\"every\":\"PT1S\",\"startAt\":\"+999999999-12-31T23:59:59Z\"}}"),
        "schedule.startAt");
    assertField(
        api.post("/schedules/preview", "{\"schedule\":{\"at\":\"-100000-01-01T00:00:00Z\"}}"),
        "schedule.at");
  }

  @Test
  void a_count_out_of_range_or_a_missing_schedule_is_400() {
    assertField(
        api.post("/schedules/preview", "{\"schedule\":{\"every\":\"PT1H\"},\"count\":1000}"),
        "count");
    assertField(api.post("/schedules/preview", "{\"count\":3}"), "schedule");
  }
}
