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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in Debian's headless Chromium against a real server on PostgreSQL: what an operator
 * does with it, each step checked on screen and, where it changes something, in the api.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DashboardIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(DashboardIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          // The jobs here call receivers on loopback, which http jobs may not reach by default.
          ConfigOverride.config("jobTypes.http.allowed", "127.0.0.1/32"));

  @RegisterExtension
  final Browser browser = new Browser(() -> "http://127.0.0.1:" + APP.getLocalPort(), 1280, 1000);

  private static ApiClient api;
  private static String viewerKey;
  private static String operatorKey;

  @BeforeAll
  static void keysForEachRole() {
    api = ApiApp.client(APP);
    viewerKey = key("dashboard-viewer", "viewer");
    operatorKey = key("dashboard-operator", "operator");
  }

  @Test
  void an_admin_creates_runs_pauses_and_reschedules_a_job() throws Exception {
    // A wrong key is refused with the server's reason; the right one opens the jobs list.
    browser.signIn("crl_not-a-real-key");
    assertThat(browser.waitForText(By.cssSelector(".signin-page .alert"), "unknown or revoked"))
        .contains("Unauthorized");
    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.id("who"), "admin · admin");
    browser.waitForText(By.tagName("h1"), "Jobs");

    // Create an http job through the form: its parameters come from the type's schema.
    browser.click(By.id("new-job"));
    browser.waitForText(By.tagName("h1"), "New job");
    browser.type(By.id("job-group"), "reports");
    browser.type(By.id("job-name"), "api-document");
    new Select(browser.visible(By.id("job-type"))).selectByValue("http");
    browser.visible(By.id("param-url"));
    browser.click(By.cssSelector("input[name='schedule-kind'][value='cron']"));
    browser.type(By.id("schedule-cron"), "0 0 3 * * ?");
    browser.type(By.id("schedule-zone"), "Europe/Zurich");
    browser.waitUntil(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#schedule-preview li"), 5));
    assertThat(browser.visible(By.cssSelector("#schedule-preview li")).getText())
        .contains("T03:00:00+01:00");
    browser.screenshot("1-new-job-form");

    // Without its required url the server refuses, and says so next to the field.
    browser.click(By.id("save"));
    assertThat(
            browser.waitForText(
                By.cssSelector("[data-field='params.url'] .field-error"), "required"))
        .isNotBlank();
    browser.screenshot("2-field-error");
    String url = "http://127.0.0.1:" + APP.getLocalPort() + "/api/openapi.json";
    browser.type(By.id("param-url"), url);
    browser.click(By.id("save"));
    browser.waitForText(By.tagName("h1"), "reports/api-document");
    Reply stored = api.get("/jobs/reports/api-document");
    assertThat(stored.json().path("params").path("url").asText()).isEqualTo(url);
    assertThat(stored.json().path("schedule").path("timeZone").asText()).isEqualTo("Europe/Zurich");

    // The list shows it with its state and next run.
    browser.open("/jobs");
    String row = browser.visible(row("reports/api-document")).getText();
    assertThat(row).contains("scheduled").contains("http").contains("never");
    assertThat(browser.visible(row("reports/api-document", "//*[@class='next-run']")).getText())
        .isNotBlank();
    browser.screenshot("3-jobs-list");

    // Run it now, follow the run to its output, and download the output.
    browser.click(By.linkText("reports/api-document"));
    browser.click(By.id("run"));
    browser.click(By.id("started-run"));
    browser.waitForText(By.cssSelector(".page-head .badge"), "succeeded");
    assertThat(browser.waitForText(By.id("output"), "\"openapi\"")).contains("-> 200");
    browser.click(By.id("download-output"));
    List<Path> files = browser.awaitDownloads();
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).startsWith("carillon-reports-api-document-");
    assertThat(Files.readString(files.get(0))).contains("\"openapi\"");
    browser.screenshot("4-execution");

    // Pause and resume from the job's page; the scheduler really changes.
    browser.click(By.linkText("reports/api-document"));
    browser.waitForText(By.cssSelector("table tbody"), "succeeded");
    browser.click(By.id("pause"));
    browser.waitForText(By.cssSelector(".job-state"), "paused");
    assertThat(api.get("/jobs/reports/api-document").json().path("state").asText())
        .isEqualTo("paused");
    browser.screenshot("5-paused");
    browser.click(By.id("resume"));
    browser.waitForText(By.cssSelector(".job-state"), "scheduled");
    assertThat(api.get("/jobs/reports/api-document").json().path("state").asText())
        .isEqualTo("scheduled");

    // Edit the schedule: a bad cron is explained inline, a good one is previewed and saved.
    browser.click(By.id("edit"));
    browser.waitForText(By.tagName("h1"), "Edit reports/api-document");
    browser.type(By.id("schedule-cron"), "0 0 25 * * ?");
    browser.waitForText(
        By.cssSelector("[data-field='schedule.cron'] .field-error"), "Hour values must be");
    browser.screenshot("6-preview-error");
    // A crontab line is previewed with the Quartz form it runs as.
    browser.type(By.id("schedule-cron"), "30 6 * * 1-5");
    browser.waitForText(By.id("quartz-cron"), "As Quartz cron: 0 30 6 ? * 2-6 (Europe/Zurich)");
    browser.type(By.id("schedule-cron"), "0 30 6 ? * MON-FRI");
    browser.waitUntil(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#schedule-preview li"), 5));
    assertThat(browser.visible(By.cssSelector("#schedule-preview li")).getText())
        .contains("T06:30:00+01:00");
    browser.screenshot("7-preview");
    browser.click(By.id("save"));
    browser.waitForText(By.cssSelector(".facts"), "cron 0 30 6 ? * MON-FRI (Europe/Zurich)");
    assertThat(api.get("/jobs/reports/api-document").json().path("schedule").path("cron").asText())
        .isEqualTo("0 30 6 ? * MON-FRI");
    browser.visible(By.id("next-run"));

    // Across jobs: the run is listed and charted.
    browser.open("/executions");
    browser.waitForText(By.cssSelector("table tbody"), "reports/api-document");
    browser.waitUntil(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("#chart-durations circle"), 0));
    browser.visible(By.cssSelector("#chart-lag circle"));
    browser.screenshot("8-executions");

    // Delete, after a confirmation.
    browser.click(By.linkText("reports/api-document"));
    browser.click(By.id("delete"));
    browser.waitUntil(ExpectedConditions.alertIsPresent());
    browser.driver().switchTo().alert().accept();
    browser.waitForText(By.tagName("h1"), "Jobs");
    assertThat(api.get("/jobs/reports/api-document").status()).isEqualTo(404);

    browser.assertNoConsoleErrors(
        failedRequest("/api/v1/me", 401),
        failedRequest("/api/v1/jobs", 400),
        failedRequest("/api/v1/schedules/preview", 400));
  }

  @Test
  void an_operator_interrupts_a_running_job() {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"ops\",\"name\":\"long-sleep\",\"type\":\"sleep\","
                + "\"params\":{\"duration\":\"PT5M\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    browser.signIn(operatorKey);
    browser.waitForText(By.cssSelector("table tbody"), "ops/long-sleep");
    browser.click(By.linkText("ops/long-sleep"));
    browser.click(By.id("run"));
    browser.click(By.id("started-run"));
    browser.waitForText(By.cssSelector(".page-head .badge"), "running");
    browser.click(By.linkText("ops/long-sleep"));
    browser.waitForText(By.cssSelector("table tbody"), "running");
    browser.click(By.id("interrupt"));
    browser.waitForText(By.cssSelector(".messages"), "Asked 1 running execution(s) to stop.");
    // The run ends as interrupted; its page then shows why.
    browser.click(By.cssSelector("table tbody a.execution-link"));
    browser.waitForText(By.cssSelector(".page-head .badge"), "interrupted");
    browser.screenshot("interrupted");
    browser.assertNoConsoleErrors();
  }

  @Test
  void the_cluster_page_shows_this_node_its_threads_and_what_it_runs() {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"ops\",\"name\":\"cluster-sleep\",\"type\":\"sleep\","
                + "\"params\":{\"duration\":\"PT5M\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String run = api.post("/jobs/ops/cluster-sleep/run", "{}").json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> "RUNNING".equals(api.get("/executions/" + run).json().path("status").asText()));
    String node = api.get("/scheduler").json().path("id").asText();

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.click(By.linkText("Cluster"));
    String nodes = browser.waitForText(By.id("nodes"), "ops/cluster-sleep");
    assertThat(nodes).contains(node).contains("this node").contains("running").contains("alive");
    assertThat(browser.waitForText(By.id("scheduler"), "busy of 10")).contains(node);
    browser.screenshot("cluster");
    // What a node runs links to the run.
    browser.click(By.cssSelector("#nodes .running a"));
    browser.waitForText(By.cssSelector(".page-head .badge"), "running");
    api.post("/jobs/ops/cluster-sleep/interrupt", null);
    browser.assertNoConsoleErrors();
  }

  @Test
  void a_viewer_is_offered_nothing_that_changes_a_job_and_an_operator_no_edit() {
    createJob("viewing", "nightly");
    Reply failing =
        api.post(
            "/jobs",
            "{\"group\":\"viewing\",\"name\":\"failing\",\"type\":\"noop\","
                + "\"params\":{\"fail\":true}}");
    assertThat(failing.status()).as(failing.text()).isEqualTo(201);
    String run = api.post("/jobs/viewing/failing/run", "{}").json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "FAILED".equals(api.get("/executions/" + run).json().path("status").asText()));

    browser.signIn(viewerKey);
    browser.waitForText(By.cssSelector("table tbody"), "viewing/nightly");
    assertThat(browser.present(By.id("new-job"))).isFalse();
    // Reading is all a viewer does: the last error in the list, then the run with its stack trace.
    browser.waitForText(row("viewing/failing"), "failed on purpose (fail: true)");
    browser.click(row("viewing/failing", "//*[@class='last-run']/a"));
    browser.waitForText(By.cssSelector(".error-message"), "failed on purpose");
    browser.click(By.cssSelector("details summary"));
    assertThat(browser.visible(By.cssSelector("pre.stack")).getText()).contains("NoopJobType.run");
    browser.screenshot("viewer-failed-run");
    // The job page says why in one line, without the stack trace the run keeps.
    browser.open("/jobs/viewing/failing");
    browser.waitForText(By.id("last-error"), "failed on purpose (fail: true)");
    assertThat(browser.visible(By.id("last-error")).getText()).doesNotContain("Exception");
    browser.open("/jobs");
    browser.click(By.linkText("viewing/nightly"));
    browser.waitForText(By.cssSelector(".facts"), "cron 0 0 4 * * ? (UTC)");
    // A cron job's times are shown in its zone, and say which zone that is.
    browser.waitForText(By.id("next-run"), "UTC");
    for (String action : List.of("run", "pause", "interrupt", "edit", "delete")) {
      assertThat(browser.present(By.id(action))).as(action).isFalse();
    }
    browser.screenshot("viewer-job");

    browser.driver().findElement(By.id("sign-out")).click();
    browser.visible(By.id("api-key"));
    browser.signIn(operatorKey);
    browser.waitForText(By.cssSelector("table tbody"), "viewing/nightly");
    browser.click(By.linkText("viewing/nightly"));
    browser.visible(By.id("run"));
    browser.visible(By.id("pause"));
    assertThat(browser.present(By.id("edit"))).isFalse();
    assertThat(browser.present(By.id("delete"))).isFalse();
    assertThat(browser.present(By.id("new-job"))).isFalse();
    browser.assertNoConsoleErrors();
  }

  @Test
  void a_job_declared_in_config_yml_is_not_offered_for_editing() {
    createJob("declared", "nightly");
    // As the start-up reconciliation marks a job of config.yml's jobs: list.
    DB.execute("UPDATE carillon_job SET source = 'config' WHERE job_group = 'declared'");

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.cssSelector("table tbody"), "declared/nightly");
    browser.click(By.linkText("declared/nightly"));
    browser.waitForText(By.id("declared"), "Declared in the server's config.yml");
    browser.visible(By.id("run"));
    assertThat(browser.present(By.id("edit"))).isFalse();
    assertThat(browser.present(By.id("delete"))).isFalse();
    browser.assertNoConsoleErrors();
  }

  @Test
  void deleting_a_running_job_asks_again_and_then_stops_its_run() {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"busy\",\"name\":\"sleeper\",\"type\":\"sleep\","
                + "\"params\":{\"duration\":\"PT60S\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String run = api.post("/jobs/busy/sleeper/run", "{}").json().path("executionId").asText();
    await("the run is going")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get("/executions/" + run).json().path("status").asText(), "RUNNING"::equals);

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.cssSelector("table tbody"), "busy/sleeper");
    browser.click(By.linkText("busy/sleeper"));
    browser.click(By.id("delete"));
    browser.waitUntil(ExpectedConditions.alertIsPresent());
    browser.driver().switchTo().alert().accept();
    // The server refused (409: it runs); the dashboard asks whether to stop the run.
    browser.waitUntil(ExpectedConditions.alertIsPresent());
    assertThat(browser.driver().switchTo().alert().getText()).contains("is running");
    browser.driver().switchTo().alert().accept();
    browser.waitForText(By.tagName("h1"), "Jobs");

    assertThat(api.get("/jobs/busy/sleeper").status()).isEqualTo(404);
    await("the run is interrupted")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get("/executions/" + run).json().path("status").asText(),
            "INTERRUPTED"::equals);
    browser.assertNoConsoleErrors(failedRequest("/api/v1/jobs/busy/sleeper", 409));
  }

  @Test
  void on_a_phone_sized_screen_the_pages_fit_and_are_reachable_by_keyboard() {
    createJob("narrow", "report");
    browser.driver().manage().window().setSize(new Dimension(390, 844));

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.cssSelector("table tbody"), "narrow/report");
    assertThat(horizontalOverflow()).as("page wider than the screen").isLessThanOrEqualTo(0);
    // Each cell is labelled with its column once the table is shown as cards.
    assertThat(
            browser
                .driver()
                .executeScript(
                    "return getComputedStyle(document.querySelector('tbody td'), '::before')"
                        + ".content"))
        .isEqualTo("\"Job\"");
    browser.screenshot("narrow-jobs");

    // A page puts the keyboard on its heading; Shift+Tab from there walks back through the
    // header (sign out, the menu) to the skip link, every stop a real link or button.
    assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Jobs");
    List<String> reached = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      browser.driver().switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
      WebElement focused = browser.driver().switchTo().activeElement();
      assertThat(focused.getTagName()).isIn("a", "button");
      reached.add(focused.getText());
    }
    assertThat(reached)
        .containsExactly(
            "Sign out",
            "Cluster",
            "Calendars",
            "Executions",
            "Jobs",
            "Carillon",
            "Skip to content");

    browser.click(By.linkText("narrow/report"));
    browser.waitForText(By.cssSelector(".facts"), "cron 0 0 4 * * ?");
    assertThat(horizontalOverflow()).as("page wider than the screen").isLessThanOrEqualTo(0);
    browser.screenshot("narrow-job");
    browser.assertNoConsoleErrors();
  }

  /** The jobs list's row of one job, or an element inside it ({@code inner}: an XPath). */
  private static By row(String job, String... inner) {
    return By.xpath("//tbody/tr[td/a[text()='" + job + "']]" + (inner.length == 0 ? "" : inner[0]));
  }

  private long horizontalOverflow() {
    return (Long)
        browser
            .driver()
            .executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
  }

  private static void createJob(String group, String name) {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\""
                + group
                + "\",\"name\":\""
                + name
                + "\",\"type\":\"noop\",\"schedule\":{\"cron\":\"0 0 4 * * ?\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static String key(String name, String role) {
    Reply created = api.post("/keys", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json().path("key").asText();
  }
}
