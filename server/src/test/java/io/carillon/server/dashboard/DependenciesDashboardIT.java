package io.carillon.server.dashboard;

import static io.carillon.server.testing.Browser.failedRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Job dependencies (issue 18 §2) in the dashboard, in headless Chromium: the chain on both jobs'
 * pages as links, a dependency's run linked to the run that started it and back, an edit of the
 * waiting job through the form that keeps its {@code after}, and {@code after} edited in the form:
 * rows added and removed, a bad mapping and the server's refusals (a cycle, a missing upstream)
 * shown by the rows they concern.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DependenciesDashboardIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(DependenciesDashboardIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(DB, ConfigOverride.config("dependencies.checkEvery", "200ms"));

  @RegisterExtension
  final Browser browser = new Browser(() -> "http://127.0.0.1:" + APP.getLocalPort(), 1280, 1000);

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void the_chain_is_shown_on_both_job_pages_and_the_runs_are_linked_both_ways() {
    create("{\"group\":\"etl\",\"name\":\"extract\",\"type\":\"noop\"}");
    create(
        "{\"group\":\"etl\",\"name\":\"load\",\"type\":\"noop\","
            + "\"after\":[{\"job\":\"etl/extract\",\"on\":\"finished\"}]}");
    String upstream = api.post("/jobs/etl/extract/run", null).json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/jobs/etl/load/executions").json().path("items").size() == 1);
    String downstream =
        api.get("/jobs/etl/load/executions").json().path("items").get(0).path("id").asText();

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.open("/jobs/etl/extract");
    browser.waitForText(By.tagName("h1"), "etl/extract");
    assertThat(browser.waitForText(By.id("job-downstream"), "etl/load"))
        .isEqualTo("etl/load (on finished)");
    browser.click(By.cssSelector("#job-downstream a"));
    browser.waitForText(By.tagName("h1"), "etl/load");
    assertThat(browser.waitForText(By.id("job-after"), "etl/extract"))
        .isEqualTo("etl/extract (on finished)");
    browser.screenshot("job-chain");

    browser.open("/executions/" + downstream);
    browser.waitForText(By.tagName("h1"), "Run");
    browser.click(By.id("upstream-run"));
    String decisions = browser.waitForText(By.id("downstream-runs"), "dispatched");
    assertThat(decisions).contains("etl/load");
    assertThat(browser.driver().getCurrentUrl()).contains(upstream);
    browser.screenshot("upstream-run");
    browser.assertNoConsoleErrors();
  }

  @Test
  void editing_a_waiting_job_in_the_form_keeps_what_it_waits_on() {
    create("{\"group\":\"keep\",\"name\":\"up\",\"type\":\"noop\"}");
    create(
        "{\"group\":\"keep\",\"name\":\"down\",\"type\":\"noop\","
            + "\"after\":[{\"job\":\"keep/up\"}]}");

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.open("/jobs/keep/down/edit");
    browser.type(By.id("job-description"), "loads after up");
    browser.click(By.id("save"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api.get("/jobs/keep/down")
                    .json()
                    .path("description")
                    .asText()
                    .equals("loads after up"));
    assertThat(api.get("/jobs/keep/down").json().path("after").get(0).path("job").asText())
        .isEqualTo("keep/up");
    browser.assertNoConsoleErrors();
  }

  @Test
  void upstream_jobs_are_added_and_removed_in_the_form_and_its_errors_are_shown_by_their_rows() {
    create("{\"group\":\"edit\",\"name\":\"up\",\"type\":\"noop\"}");
    create("{\"group\":\"edit\",\"name\":\"other\",\"type\":\"noop\"}");
    create(
        "{\"group\":\"edit\",\"name\":\"down\",\"type\":\"noop\",\"overridable\":[\"fail\"],"
            + "\"after\":[{\"job\":\"edit/other\",\"on\":\"finished\"}]}");

    browser.signIn(ApiApp.ADMIN_KEY);
    browser.waitForText(By.tagName("h1"), "Jobs");
    browser.open("/jobs/edit/down/edit");
    browser.waitForText(By.tagName("h1"), "Edit edit/down");
    assertThat(browser.visible(row(1, "after-job")).getAttribute("value")).isEqualTo("edit/other");
    assertThat(new Select(browser.visible(row(1, "after-on"))).getFirstSelectedOption().getText())
        .startsWith("finished");

    browser.click(By.cssSelector("#after-rows li:nth-child(1) .after-remove"));
    browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("after-empty")));
    browser.click(By.id("after-add"));
    browser.type(row(1, "after-job"), "edit/up");
    new Select(browser.visible(row(1, "after-on"))).selectByValue("failure");
    browser.type(row(1, "after-params"), "{\"fail\": ");
    browser.click(By.id("save"));
    assertThat(
            browser.waitForText(
                By.cssSelector("[data-field='after[0].params'] .field-error"), "JSON object"))
        .contains("such as {\"day\": \"date\"}");
    assertThat(api.get("/jobs/edit/down").json().path("after").get(0).path("job").asText())
        .as("nothing is sent while a mapping is not JSON")
        .isEqualTo("edit/other");

    browser.type(row(1, "after-params"), "{\"fail\": \"failed\"}");
    browser.click(By.id("save"));
    browser.waitForText(By.id("job-after"), "edit/up");
    JsonNode after = api.get("/jobs/edit/down").json().path("after");
    assertThat(after).hasSize(1);
    assertThat(after.get(0).path("job").asText()).isEqualTo("edit/up");
    assertThat(after.get(0).path("on").asText()).isEqualTo("failure");
    assertThat(after.get(0).path("params").path("fail").asText()).isEqualTo("failed");

    // edit/down waits on edit/up: edit/up may not wait on edit/down, nor on a job that is not
    // there.
    browser.open("/jobs/edit/up/edit");
    browser.waitForText(By.tagName("h1"), "Edit edit/up");
    browser.click(By.id("after-add"));
    browser.type(row(1, "after-job"), "edit/down");
    browser.click(By.id("after-add"));
    browser.type(row(2, "after-job"), "edit/missing");
    browser.click(By.id("save"));
    assertThat(browser.waitForText(By.id("after-error"), "cycle"))
        .isEqualTo("cycle edit/up -> edit/down -> edit/up");
    assertThat(
            browser.waitForText(
                By.cssSelector("[data-field='after[1].job'] .field-error"), "does not exist"))
        .startsWith("job edit/missing does not exist");
    assertThat(api.get("/jobs/edit/up").json().has("after")).isFalse();
    browser.driver().executeScript("document.getElementById('after-editor').scrollIntoView()");
    browser.screenshot("after-errors");

    browser.open("/jobs/edit/down/edit");
    browser.waitForText(By.tagName("h1"), "Edit edit/down");
    browser.click(By.cssSelector("#after-rows li:nth-child(1) .after-remove"));
    browser.click(By.id("save"));
    browser.waitUntil(ExpectedConditions.textToBe(By.tagName("h1"), "edit/down"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !api.get("/jobs/edit/down").json().has("after"));
    assertThat(api.get("/jobs/edit/up").json().path("downstream")).isEmpty();
    browser.assertNoConsoleErrors(failedRequest("/api/v1/jobs/edit/up", 400));
  }

  /** A field of the n-th upstream row of the form (1-based), by its name. */
  private static By row(int n, String name) {
    return By.cssSelector("#after-rows li:nth-child(" + n + ") [name='" + name + "']");
  }

  private void create(String body) {
    Reply created = api.post("/jobs", body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }
}
