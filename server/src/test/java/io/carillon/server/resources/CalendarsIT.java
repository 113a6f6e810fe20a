package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Calendars as resources (issue 18 §3) on a server whose clock reads Saturday 20 March 2027, 12:00
 * UTC: a job naming one skips its excluded times, and the preview says why.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CalendarsIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(CalendarsIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(DB, Clock.fixed(Instant.parse("2027-03-20T12:00:00Z"), ZoneOffset.UTC));

  private final ApiClient api = ApiApp.client(APP);

  private static final String HOLIDAYS =
      "{\"timeZone\":\"Europe/Zurich\",\"description\":\"Swiss holidays\","
          + "\"excludeDates\":[\"2027-03-22\"],\"excludeAnnual\":[\"03-24\"],"
          + "\"excludeDaily\":[{\"from\":\"00:00\",\"to\":\"06:00\"}],"
          + "\"excludeCron\":\"* * * ? * SUN\"}";

  @Test
  void a_calendar_is_stored_as_given_and_a_job_naming_it_skips_its_excluded_times() {
    Reply put = api.put("/calendars/ch-holidays", HOLIDAYS);
    assertThat(put.status()).as(put.text()).isEqualTo(200);
    JsonNode stored = api.get("/calendars/ch-holidays").json().path("calendar");
    assertThat(stored.path("excludeDates").get(0).asText()).isEqualTo("2027-03-22");
    assertThat(stored.path("description").asText()).isEqualTo("Swiss holidays");
    assertThat(api.get("/calendars").json().get(0).path("name").asText()).isEqualTo("ch-holidays");

    String schedule = "{\"cron\":\"0 0 8 * * ?\",\"timeZone\":\"Europe/Zurich\"}";
    JsonNode preview =
        api.post(
                "/schedules/preview",
                "{\"schedule\":" + schedule + ",\"count\":3,\"calendar\":\"ch-holidays\"}")
            .json();
    List<String> at = new ArrayList<>();
    preview.path("fireTimes").forEach(t -> at.add(t.path("local").asText()));
    // Sunday 21 (cron-excluded), Monday 22 (a date), Wednesday 24 (annual) are skipped.
    assertThat(at)
        .containsExactly(
            "2027-03-23T08:00:00+01:00", "2027-03-25T08:00:00+01:00", "2027-03-26T08:00:00+01:00");
    List<String> why = new ArrayList<>();
    preview
        .path("skipped")
        .forEach(s -> why.add(s.path("local").asText() + " " + s.path("reason").asText()));
    assertThat(why)
        .containsExactly(
            "2027-03-21T08:00:00+01:00 excluded by calendar ch-holidays: cron * * * ? * SUN",
            "2027-03-22T08:00:00+01:00 excluded by calendar ch-holidays: the date 2027-03-22",
            "2027-03-24T08:00:00+01:00 excluded by calendar ch-holidays: every 03-24");

    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"cal\",\"name\":\"daily\",\"type\":\"noop\",\"calendar\":\"ch-holidays\","
                + "\"schedule\":"
                + schedule
                + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonNode job = api.get("/jobs/cal/daily").json();
    assertThat(job.path("calendar").asText()).isEqualTo("ch-holidays");
    assertThat(job.path("nextFireAt").asText()).isEqualTo("2027-03-23T07:00:00Z");

    // A daily window: 07:00 is inside 00:00-06:00? No; a job at 05:00 is.
    JsonNode early =
        api.post(
                "/schedules/preview",
                "{\"schedule\":{\"cron\":\"0 0 5 * * ?\",\"timeZone\":\"Europe/Zurich\"},"
                    + "\"count\":1,\"calendar\":\"ch-holidays\"}")
            .json();
    assertThat(early.path("fireTimes")).isEmpty();
    assertThat(early.path("skipped").get(0).path("reason").asText())
        .contains("daily from 00:00 to 06:00");

    assertThat(api.delete("/calendars/ch-holidays").status()).as("a job names it").isEqualTo(409);
    assertThat(api.delete("/jobs/cal/daily").status()).isEqualTo(204);
    assertThat(api.delete("/calendars/ch-holidays").status()).isEqualTo(204);
    assertThat(api.get("/calendars/ch-holidays").status()).isEqualTo(404);
  }

  @Test
  void the_jobs_naming_a_calendar_are_listed_filtered_and_named_by_the_409_of_its_deletion() {
    api.put("/calendars/lists", "{\"excludeDates\":[\"2027-03-21\"]}");
    api.put("/calendars/other", "{}");
    for (String name : List.of("b-scheduled", "a-paused", "c-on-demand")) {
      String schedule =
          name.equals("c-on-demand") ? "" : ",\"schedule\":{\"cron\":\"0 0 9 * * ?\"}";
      Reply created =
          api.post(
              "/jobs",
              "{\"group\":\"named\",\"name\":\""
                  + name
                  + "\",\"type\":\"noop\",\"calendar\":\"lists\""
                  + schedule
                  + "}");
      assertThat(created.status()).as(created.text()).isEqualTo(201);
    }
    api.post(
        "/jobs",
        "{\"group\":\"named\",\"name\":\"elsewhere\",\"type\":\"noop\","
            + "\"calendar\":\"other\"}");
    api.post("/jobs", "{\"group\":\"named\",\"name\":\"none\",\"type\":\"noop\"}");
    assertThat(api.post("/jobs/named/a-paused/pause", null).status()).isEqualTo(200);

    JsonNode page = api.get("/jobs?calendar=lists&limit=2").json();
    assertThat(names(page.path("items"))).containsExactly("a-paused", "b-scheduled");
    JsonNode next =
        api.get("/jobs?calendar=lists&limit=2&cursor=" + page.path("nextCursor").asText()).json();
    assertThat(names(next.path("items"))).containsExactly("c-on-demand");
    assertThat(names(api.get("/jobs?calendar=other").json().path("items")))
        .containsExactly("elsewhere");
    assertThat(api.get("/jobs?calendar=nothing-names-it").json().path("items")).isEmpty();
    JsonNode view = api.get("/calendars/lists").json();
    assertThat(view.path("jobs").toString())
        .isEqualTo("[\"named/a-paused\",\"named/b-scheduled\",\"named/c-on-demand\"]");
    assertThat(api.get("/calendars").json().get(0).has("jobs")).as("not in the list").isFalse();

    Reply refused = api.delete("/calendars/lists");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("detail").asText())
        .isEqualTo(
            "calendar lists is named by 3 jobs: named/a-paused, named/b-scheduled,"
                + " named/c-on-demand; change or delete those jobs first");

    // A job that stops naming it (replaced without it) is no longer one of them.
    api.put(
        "/jobs/named/b-scheduled",
        "{\"group\":\"named\",\"name\":\"b-scheduled\",\"type\":\"noop\"}");
    api.delete("/jobs/named/a-paused");
    Reply patched =
        api.send(
            "PATCH",
            "/jobs/named/c-on-demand",
            "application/merge-patch+json",
            "{\"calendar\":null}");
    assertThat(patched.status()).as(patched.text()).isEqualTo(200);
    assertThat(api.get("/jobs?calendar=lists").json().path("items")).isEmpty();
    assertThat(api.get("/calendars/lists").json().path("jobs")).isEmpty();
    assertThat(api.delete("/calendars/lists").status()).isEqualTo(204);
  }

  private static List<String> names(JsonNode items) {
    List<String> names = new ArrayList<>();
    items.forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  @Test
  void replacing_a_calendar_reschedules_the_jobs_naming_it() {
    api.put("/calendars/office", "{\"excludeDates\":[\"2027-03-21\"]}");
    api.post(
        "/jobs",
        "{\"group\":\"cal\",\"name\":\"office\",\"type\":\"noop\",\"calendar\":\"office\","
            + "\"schedule\":{\"cron\":\"0 0 9 * * ?\",\"timeZone\":\"UTC\"}}");
    assertThat(api.get("/jobs/cal/office").json().path("nextFireAt").asText())
        .isEqualTo("2027-03-22T09:00:00Z");

    api.put("/calendars/office", "{\"excludeDates\":[\"2027-03-22\"]}");

    assertThat(api.get("/jobs/cal/office").json().path("nextFireAt").asText())
        .isEqualTo("2027-03-21T09:00:00Z");
  }

  @Test
  void a_bad_calendar_or_an_unknown_one_is_refused_naming_the_field() {
    assertField(
        api.put(
            "/calendars/bad",
            "{\"timeZone\":\"Mars/Olympus\",\"excludeDates\":[\"2027-02-30\"],"
                + "\"excludeAnnual\":[\"13-01\"],\"excludeDaily\":[{\"from\":\"9\",\"to\":\"08:00\"}],"
                + "\"excludeCron\":\"nope\"}"),
        "timeZone");
    Reply bad =
        api.put(
            "/calendars/bad",
            "{\"excludeDates\":[\"2027-02-30\"],\"excludeAnnual\":[\"13-01\"],"
                + "\"excludeDaily\":[{\"from\":\"10:00\",\"to\":\"08:00\"}],\"excludeCron\":\"nope\"}");
    assertField(bad, "excludeDates[0]");
    assertField(bad, "excludeAnnual[0]");
    assertField(bad, "excludeDaily[0].to");
    assertField(bad, "excludeCron");
    assertThat(api.get("/calendars/bad").status()).isEqualTo(404);
    assertField(
        api.post(
            "/jobs",
            "{\"group\":\"cal\",\"name\":\"orphan\",\"type\":\"noop\",\"calendar\":\"none-such\","
                + "\"schedule\":{\"every\":\"PT1H\"}}"),
        "calendar");
    assertThat(api.get("/jobs/cal/orphan").status()).as("nothing was stored").isEqualTo(404);
    assertField(
        api.post(
            "/schedules/preview", "{\"schedule\":{\"every\":\"PT1H\"},\"calendar\":\"none-such\"}"),
        "calendar");
  }
}
