package io.carillon.server.dashboard;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Job dependencies (issue 18 §2) in the dashboard, in headless Chromium: the chain on both jobs'
 * pages as links, a dependency's run linked to the run that started it and back, and an edit of the
 * waiting job through the form that keeps its {@code after}.
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

  private void create(String body) {
    Reply created = api.post("/jobs", body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }
}
