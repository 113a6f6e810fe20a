package io.carillon.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.support.ui.Select;

/**
 * The job list filtered by calendar ({@code GET /jobs?calendar=NAME}) in headless Chromium: the
 * filter lists the calendars, keeps its choice in the URL, and a calendar's page links to it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CalendarFilterDashboardIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(CalendarFilterDashboardIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  @RegisterExtension
  final Browser browser = new Browser(() -> "http://127.0.0.1:" + APP.getLocalPort(), 1280, 1000);

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void the_job_list_shows_only_the_jobs_naming_the_chosen_calendar() {
    putCalendar("ch-holidays", "[\"2027-12-25\"]");
    putCalendar("us-holidays", "[\"2027-07-04\"]");
    createJob("zurich", "ch-holidays");
    createJob("basel", "ch-holidays");
    createJob("boston", "us-holidays");
    createJob("anywhere", null);

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.cssSelector("table tbody"), "office/anywhere");
    Select calendar = new Select(browser.visible(By.id("filter-calendar")));
    assertThat(calendar.getOptions().stream().map(o -> o.getText()).toList())
        .containsExactly("any", "ch-holidays", "us-holidays");
    calendar.selectByValue("ch-holidays");
    browser.click(By.cssSelector(".filters button[type='submit']"));
    browser.waitUntil(ExpectedConditions.urlContains("calendar=ch-holidays"));
    browser.waitUntil(
        ExpectedConditions.not(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("table tbody"), "office/anywhere")));
    assertThat(browser.waitForText(By.cssSelector("table tbody"), "office/zurich"))
        .contains("office/basel")
        .doesNotContain("office/boston");
    assertThat(
            new Select(browser.visible(By.id("filter-calendar")))
                .getFirstSelectedOption()
                .getText())
        .as("the choice survives the page's reload from the URL")
        .isEqualTo("ch-holidays");
    browser.screenshot("calendar-filter");

    browser.open("/calendars/us-holidays");
    browser.waitForText(By.id("calendar-jobs"), "office/boston");
    browser.click(By.id("calendar-jobs-list"));
    browser.waitUntil(ExpectedConditions.urlContains("calendar=us-holidays"));
    browser.waitUntil(
        ExpectedConditions.not(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("table tbody"), "office/zurich")));
    assertThat(browser.waitForText(By.cssSelector("table tbody"), "office/boston"))
        .doesNotContain("office/anywhere");

    browser.click(By.linkText("Clear"));
    assertThat(browser.waitForText(By.cssSelector("table tbody"), "office/anywhere"))
        .contains("office/zurich", "office/boston");
    browser.assertNoConsoleErrors();
  }

  private void putCalendar(String name, String dates) {
    Reply put = api.put("/calendars/" + name, "{\"excludeDates\":" + dates + "}");
    assertThat(put.status()).as(put.text()).isIn(200, 201);
  }

  private void createJob(String name, String calendar) {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"office\",\"name\":\""
                + name
                + "\",\"type\":\"noop\","
                + (calendar == null ? "" : "\"calendar\":\"" + calendar + "\",")
                + "\"schedule\":{\"cron\":\"0 0 8 * * ?\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }
}
