package io.carillon.server.dashboard;

import static io.carillon.server.testing.Browser.failedRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.Browser;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Calendars (issue 18 §3) in the dashboard, in headless Chromium: created with every kind of
 * exclusion, the server's field errors by their fields, shown, edited, listed, and deleted only
 * once no job names them (the server's refusal shown until then).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CalendarsDashboardIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(CalendarsDashboardIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  @RegisterExtension
  final Browser browser = new Browser(() -> "http://127.0.0.1:" + APP.getLocalPort(), 1280, 1000);

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void a_calendar_is_created_edited_listed_and_deleted_once_no_job_names_it() {
    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.click(By.cssSelector("[data-nav='calendars']"));
    browser.waitForText(By.tagName("h1"), "Calendars");
    browser.waitForText(By.id("calendar-list"), "No calendars yet.");

    browser.click(By.id("new-calendar"));
    browser.waitForText(By.tagName("h1"), "New calendar");
    browser.type(By.id("calendar-name"), "ch-holidays");
    browser.type(By.id("calendar-description"), "Swiss holidays");
    browser.type(By.id("calendar-zone"), "Europe/Zurich");
    browser.type(By.id("calendar-dates"), "2027-12-25\n2027-13-01");
    browser.type(By.id("calendar-annual"), "08-01");
    browser.click(By.id("window-add"));
    browser.type(window(1, "window-from"), "00:00");
    browser.type(window(1, "window-to"), "06:00");
    browser.click(By.id("window-add"));
    browser.type(window(2, "window-from"), "22:00");
    browser.type(window(2, "window-to"), "21:00");
    browser.type(By.id("calendar-cron"), "* * * ? * SUN");
    browser.click(By.id("save"));
    assertThat(
            browser.waitForText(
                By.cssSelector("[data-field='excludeDates'] .field-error"), "line 2"))
        .isEqualTo("line 2: must be an ISO date such as 2026-12-25");
    assertThat(
            browser.waitForText(
                By.cssSelector("[data-field='excludeDaily[1].to'] .field-error"), "after"))
        .isEqualTo("must be after from");
    assertThat(api.get("/calendars/ch-holidays").status()).isEqualTo(404);

    browser.type(By.id("calendar-dates"), "2027-12-25\n2027-12-26");
    browser.click(By.cssSelector("#daily-windows li:nth-child(2) .window-remove"));
    browser.click(By.id("save"));
    browser.waitForText(By.tagName("h1"), "Calendar ch-holidays");
    assertThat(browser.waitForText(By.id("calendar-facts"), "Europe/Zurich"))
        .contains("2027-12-25, 2027-12-26", "08-01", "00:00–06:00", "* * * ? * SUN");
    JsonNode stored = api.get("/calendars/ch-holidays").json().path("calendar");
    assertThat(stored.path("timeZone").asText()).isEqualTo("Europe/Zurich");
    assertThat(stored.path("description").asText()).isEqualTo("Swiss holidays");
    assertThat(stored.path("excludeDates")).hasSize(2);
    assertThat(stored.path("excludeAnnual").get(0).asText()).isEqualTo("08-01");
    assertThat(stored.path("excludeDaily")).hasSize(1);
    assertThat(stored.path("excludeDaily").get(0).path("to").asText()).isEqualTo("06:00");
    assertThat(stored.path("excludeCron").asText()).isEqualTo("* * * ? * SUN");

    browser.click(By.id("edit"));
    browser.waitForText(By.tagName("h1"), "Edit calendar ch-holidays");
    assertThat(browser.visible(window(1, "window-from")).getAttribute("value")).isEqualTo("00:00");
    browser.click(By.cssSelector("#daily-windows li:nth-child(1) .window-remove"));
    browser.type(By.id("calendar-cron"), "");
    browser.type(By.id("calendar-description"), "Swiss public holidays");
    browser.click(By.id("save"));
    browser.waitUntil(ExpectedConditions.textToBe(By.tagName("h1"), "Calendar ch-holidays"));
    browser.waitForText(By.id("calendar-facts"), "Swiss public holidays");
    stored = api.get("/calendars/ch-holidays").json().path("calendar");
    assertThat(stored.has("excludeDaily")).isFalse();
    assertThat(stored.has("excludeCron")).isFalse();
    assertThat(stored.path("excludeDates")).hasSize(2);

    browser.open("/calendars/new");
    browser.waitForText(By.tagName("h1"), "New calendar");
    browser.type(By.id("calendar-name"), "ch-holidays");
    browser.click(By.id("save"));
    assertThat(browser.waitForText(By.cssSelector("[data-field='name'] .field-error"), "exists"))
        .isEqualTo("a calendar named ch-holidays exists; edit it instead");

    browser.open("/calendars");
    browser.waitForText(By.id("calendar-list"), "ch-holidays");
    assertThat(browser.waitForText(By.id("calendar-list"), "Swiss public holidays"))
        .contains("Europe/Zurich", "2 dates, 1 annual day");
    browser.screenshot("list");

    Reply job =
        api.post(
            "/jobs",
            "{\"group\":\"cal\",\"name\":\"daily\",\"type\":\"noop\",\"calendar\":\"ch-holidays\","
                + "\"schedule\":{\"cron\":\"0 0 8 * * ?\"}}");
    assertThat(job.status()).as(job.text()).isEqualTo(201);
    browser.click(By.linkText("ch-holidays"));
    browser.waitForText(By.tagName("h1"), "Calendar ch-holidays");
    assertThat(browser.waitForText(By.id("calendar-jobs"), "cal/daily"))
        .startsWith("Jobs naming it");
    browser.click(By.id("delete"));
    browser.driver().switchTo().alert().accept();
    assertThat(browser.waitForText(By.cssSelector(".messages .alert"), "named by"))
        .contains(
            "calendar ch-holidays is named by 1 job: cal/daily; change or delete those jobs first");
    assertThat(api.get("/calendars/ch-holidays").status()).isEqualTo(200);
    browser.screenshot("refused");

    browser.click(By.linkText("cal/daily"));
    browser.waitForText(By.tagName("h1"), "cal/daily");
    assertThat(api.delete("/jobs/cal/daily").status()).isEqualTo(204);
    browser.open("/calendars/ch-holidays");
    browser.waitForText(By.id("calendar-jobs"), "No job names this calendar");
    browser.click(By.id("delete"));
    browser.driver().switchTo().alert().accept();
    browser.waitForText(By.id("calendar-list"), "No calendars yet.");
    assertThat(api.get("/calendars/ch-holidays").status()).isEqualTo(404);
    browser.assertNoConsoleErrors(
        failedRequest("/api/v1/calendars/ch-holidays", 400),
        failedRequest("/api/v1/calendars/ch-holidays", 404),
        failedRequest("/api/v1/calendars/ch-holidays", 409));
  }

  /** A field of the n-th daily window of the form (1-based), by its name. */
  private static By window(int n, String name) {
    return By.cssSelector("#daily-windows li:nth-child(" + n + ") [name='" + name + "']");
  }
}
