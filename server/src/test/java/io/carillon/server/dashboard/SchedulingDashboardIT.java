package io.carillon.server.dashboard;

import static io.carillon.server.testing.Browser.failedRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Browser;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The scheduling features of issue 18 in the dashboard, in headless Chromium: late jobs in the
 * list, its filter, the job page and the cluster page; a pause with a reason and an end; the jitter
 * in the schedule preview; a rerun from a run's page, linked both ways; a backfill; a calendar.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SchedulingDashboardIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(SchedulingDashboardIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          ConfigOverride.config("lateJobs.checkEvery", "200ms"),
          ConfigOverride.config("backfills.checkEvery", "200ms"));

  @RegisterExtension
  final Browser browser = new Browser(() -> "http://127.0.0.1:" + APP.getLocalPort(), 1280, 1000);

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = ApiApp.client(APP);
  }

  @Test
  void a_late_job_is_marked_in_the_list_its_filter_its_page_and_the_cluster_page() {
    create(
        "{\"group\":\"watch\",\"name\":\"stale\",\"type\":\"noop\","
            + "\"expect\":{\"successWithin\":\"PT1S\"}}");
    create("{\"group\":\"watch\",\"name\":\"fine\",\"type\":\"noop\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/jobs/watch/stale").json().path("late").asBoolean());

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    new Select(browser.visible(By.id("filter-late"))).selectByValue("true");
    browser.click(By.cssSelector(".filters button[type='submit']"));
    String list = browser.waitForText(By.cssSelector("table tbody"), "watch/stale");
    assertThat(list).contains("late").doesNotContain("watch/fine");
    assertThat(browser.visible(By.cssSelector("tbody .badge.late")).getAttribute("title"))
        .contains("no success since it was created");
    browser.screenshot("late-filter");

    browser.click(By.linkText("watch/stale"));
    browser.waitForText(By.tagName("h1"), "watch/stale");
    assertThat(browser.visible(By.id("late-badge")).getText()).isEqualTo("late");
    assertThat(browser.waitForText(By.id("late-reason"), "no success since"))
        .contains("allowed: PT1S");
    assertThat(browser.visible(By.cssSelector(".job-summary")).getText())
        .contains("success within PT1S");

    browser.click(By.linkText("Cluster"));
    String late = browser.waitForText(By.id("late-jobs"), "watch/stale");
    assertThat(late).contains("Late jobs: 1").contains("no success since");
    browser.screenshot("late-cluster");
    browser.assertNoConsoleErrors();
  }

  @Test
  void an_operator_pauses_a_job_with_a_reason_and_an_end_and_sees_them_everywhere() {
    create(
        "{\"group\":\"ops\",\"name\":\"nightly\",\"type\":\"noop\","
            + "\"schedule\":{\"cron\":\"0 0 3 * * ?\"}}");
    Instant until = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.open("/jobs/ops/nightly");
    browser.waitForText(By.tagName("h1"), "ops/nightly");
    browser.type(By.id("pause-until"), "tomorrow");
    browser.click(By.id("pause"));
    assertThat(browser.waitForText(By.cssSelector(".messages .alert"), "until")).isNotBlank();
    assertThat(api.get("/jobs/ops/nightly").json().path("state").asText()).isEqualTo("scheduled");

    browser.type(By.id("pause-reason"), "vendor maintenance");
    browser.type(By.id("pause-until"), until.toString());
    browser.click(By.id("pause"));
    String shown = browser.waitForText(By.id("pause-info"), "vendor maintenance");
    assertThat(shown).contains("resumes by itself at").contains("by admin");
    assertThat(browser.visible(By.id("resume")).getText()).isEqualTo("Resume");
    assertThat(api.get("/jobs/ops/nightly").json().path("pause").path("until").asText())
        .isEqualTo(until.toString());
    browser.screenshot("paused-job");

    browser.open("/jobs?group=ops");
    String row = browser.waitForText(By.cssSelector("table tbody"), "ops/nightly");
    assertThat(row).contains("paused").contains("until");
    assertThat(
            browser
                .visible(By.cssSelector("tbody td span[title*='vendor maintenance']"))
                .getAttribute("title"))
        .contains("resumes by itself");

    assertThat(api.post("/scheduler/pause-all", "{\"reason\":\"failover drill\"}").status())
        .isEqualTo(200);
    try {
      browser.click(By.linkText("Cluster"));
      assertThat(browser.waitForText(By.id("cluster-paused"), "failover drill"))
          .contains("Every trigger is paused")
          .contains("until someone resumes it");
      browser.screenshot("cluster-paused");
    } finally {
      api.post("/scheduler/resume-all", null);
    }
    browser.assertNoConsoleErrors(failedRequest("/api/v1/jobs/ops/nightly/pause", 400));
  }

  @Test
  void the_schedule_preview_shows_where_the_jobs_jitter_puts_it() {
    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.click(By.id("new-job"));
    browser.waitForText(By.tagName("h1"), "New job");
    browser.type(By.id("job-group"), "herd");
    browser.type(By.id("job-name"), "midnight");
    new Select(browser.visible(By.id("job-type"))).selectByValue("noop");
    browser.click(By.cssSelector("input[name='schedule-kind'][value='cron']"));
    browser.type(By.id("schedule-cron"), "0 0 0 * * ?");
    browser.type(By.id("schedule-zone"), "UTC");
    browser.type(By.id("schedule-jitter"), "PT30M");
    String offset =
        api.post(
                "/schedules/preview",
                "{\"schedule\":{\"cron\":\"0 0 0 * * ?\",\"timeZone\":\"UTC\","
                    + "\"jitter\":\"PT30M\"},\"group\":\"herd\",\"name\":\"midnight\"}")
            .json()
            .path("jitterOffset")
            .asText();
    assertThat(browser.waitForText(By.id("jitter-offset"), offset)).contains("jitter offset");
    Duration minutes = Duration.parse(offset);
    String expected =
        String.format("T00:%02d:%02dZ", minutes.toMinutesPart(), minutes.toSecondsPart());
    assertThat(
            browser.visible(By.cssSelector("#schedule-preview li time")).getAttribute("datetime"))
        .endsWith(expected);
    browser.screenshot("jitter-preview");

    browser.click(By.id("save"));
    browser.waitForText(By.tagName("h1"), "herd/midnight");
    assertThat(browser.visible(By.cssSelector(".job-summary")).getText()).contains("jitter PT30M");
    assertThat(api.get("/jobs/herd/midnight").json().path("schedule").path("jitter").asText())
        .isEqualTo("PT30M");
    browser.assertNoConsoleErrors();
  }

  @Test
  void an_operator_reruns_a_run_and_follows_the_links_between_them() {
    create("{\"group\":\"again\",\"name\":\"once\",\"type\":\"noop\"}");
    String original = api.post("/jobs/again/once/run", null).json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/executions/" + original).json().has("finishedAt"));

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.open("/executions/" + original);
    browser.waitForText(By.cssSelector(".page-head .badge"), "succeeded");
    browser.click(By.id("rerun"));
    String rerun = browser.visible(By.id("started-rerun")).getAttribute("href");
    String rerunId = rerun.substring(rerun.lastIndexOf('/') + 1);
    assertThat(api.get("/executions/" + original).json().path("reruns").get(0).asText())
        .isEqualTo(rerunId);
    browser.waitForText(By.id("reruns"), rerunId.substring(0, 8));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/executions/" + rerunId).json().has("finishedAt"));
    browser.screenshot("rerun-started");

    browser.click(By.id("started-rerun"));
    browser.waitForText(By.tagName("h1"), rerunId.substring(0, 8));
    String summary = browser.waitForText(By.id("rerun-of"), original.substring(0, 8));
    assertThat(summary).isNotBlank();
    assertThat(browser.visible(By.tagName("main")).getText()).contains("rerun");
    browser.click(By.id("rerun-of"));
    browser.waitForText(By.tagName("h1"), original.substring(0, 8));
    browser.assertNoConsoleErrors();
  }

  @Test
  void an_operator_backfills_a_past_range_and_sees_it_run() {
    create(
        "{\"group\":\"past\",\"name\":\"hourly\",\"type\":\"noop\","
            + "\"schedule\":{\"cron\":\"0 0 * * * ?\",\"timeZone\":\"UTC\"}}");
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.open("/jobs/past/hourly");
    browser.waitForText(By.tagName("h1"), "past/hourly");
    browser.type(By.id("backfill-from"), to.minus(Duration.ofHours(2)).toString());
    browser.type(By.id("backfill-to"), to.toString());
    browser.click(By.id("backfill"));
    assertThat(browser.waitForText(By.cssSelector(".messages"), "3 fire time(s)"))
        .contains("several at a time (overlap allow)");
    String list = browser.waitForText(By.id("backfill-list"), "3 of 3");
    assertThat(list).contains("done");
    browser.waitForText(By.cssSelector("table tbody"), "backfill");
    browser.screenshot("backfill");
    browser.assertNoConsoleErrors();
  }

  @Test
  void the_form_names_a_calendar_and_its_preview_says_which_times_it_skips_and_why() {
    Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);
    String day = tomorrow.toString().substring(0, 10);
    assertThat(api.put("/calendars/closed", "{\"excludeDates\":[\"" + day + "\"]}").status())
        .isEqualTo(200);

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.click(By.id("new-job"));
    browser.waitForText(By.tagName("h1"), "New job");
    browser.type(By.id("job-group"), "cal");
    browser.type(By.id("job-name"), "noon");
    new Select(browser.visible(By.id("job-type"))).selectByValue("noop");
    browser.click(By.cssSelector("input[name='schedule-kind'][value='cron']"));
    browser.type(By.id("schedule-cron"), "0 0 12 * * ?");
    browser.type(By.id("schedule-zone"), "UTC");
    browser.type(By.id("job-calendar"), "closed");
    String skipped = browser.waitForText(By.id("skipped-times"), "excluded by calendar closed");
    assertThat(skipped).contains(day).contains("the date " + day);
    browser.screenshot("calendar-preview");

    browser.click(By.id("save"));
    browser.waitForText(By.tagName("h1"), "cal/noon");
    assertThat(browser.visible(By.id("job-calendar-name")).getText()).isEqualTo("closed");
    assertThat(api.get("/jobs/cal/noon").json().path("calendar").asText()).isEqualTo("closed");
    browser.assertNoConsoleErrors();
  }

  private static void create(String json) {
    Reply created = api.post("/jobs", json);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }
}
