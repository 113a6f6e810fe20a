package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.TriggerBuilder.newTrigger;

import io.carillon.server.jdbc.Transactions;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.LatchJob;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.Scheduler;

/** What the server must do on every database it supports; run once per database by subclasses. */
abstract class SchedulerRunsJobsContract {
  abstract DropwizardAppExtension<CarillonConfiguration> app();

  /** A connection to the database the application under test uses. */
  abstract Connection connect() throws SQLException;

  @Test
  void a_job_scheduled_through_its_scheduler_runs_and_is_recorded_with_the_node() throws Exception {
    Scheduler scheduler = app().<CarillonApplication>getApplication().scheduler();
    String id = "latch-" + UUID.randomUUID();
    CountDownLatch ran = LatchJob.register(id);
    JobDetail job =
        newJob(LatchJob.class)
            .withIdentity(id, "contract")
            .usingJobData(LatchJob.LATCH_KEY, id)
            .build();

    scheduler.scheduleJob(job, newTrigger().forJob(job).startNow().build());

    assertThat(ran.await(30, TimeUnit.SECONDS)).as("the job ran").isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(executions(id))
                    .containsExactly("SUCCEEDED " + scheduler.getSchedulerInstanceId()));
  }

  @Test
  void admin_health_check_reports_database_and_scheduler_healthy() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app().getAdminPort() + "/healthcheck"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"database\":{\"healthy\":true");
    assertThat(response.body()).contains("\"scheduler\":{\"healthy\":true");
  }

  @Test
  void the_late_job_check_holds_each_scheduled_job_to_its_next_fire_time_and_an_ended_one_to_none()
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String yearly = "yearly-" + suffix;
    String once = "once-" + suffix;
    create(yearly, "{\"cron\":\"0 0 3 1 1 ? 2099\",\"timeZone\":\"UTC\"}");
    create(once, "{\"at\":\"" + Instant.now().plusSeconds(1) + "\"}");
    // A fixed interval is a simple trigger, read with the job; months are read through Quartz.
    String hourly = "hourly-" + suffix;
    String monthly = "monthly-" + suffix;
    create(hourly, "{\"every\":\"PT1H\",\"startAt\":\"2099-03-01T05:30:00Z\"}");
    create(monthly, "{\"every\":\"P1M\",\"startAt\":\"2099-02-15T00:00:00Z\"}");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(expectation(yearly).map(Expectation::expectedAt))
                  .as("held to its next fire time")
                  .contains(Instant.parse("2099-01-01T03:00:00Z"));
              assertThat(expectation(hourly).map(Expectation::expectedAt))
                  .contains(Instant.parse("2099-03-01T05:30:00Z"));
              assertThat(expectation(monthly).map(Expectation::expectedAt))
                  .contains(Instant.parse("2099-02-15T00:00:00Z"));
              // Worked out again after its run, when its trigger is gone: no next fire time.
              assertThat(executions(once)).hasSize(1);
              assertThat(expectation(once))
                  .as("refreshed after its run")
                  .contains(new Expectation(null, true));
            });
  }

  private void create(String name, String schedule) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app().getLocalPort() + "/api/v1/jobs"))
                    .header("Authorization", "Bearer " + ApiApp.ADMIN_KEY)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"group\":\"contract\",\"name\":\""
                                + name
                                + "\",\"type\":\"noop\",\"schedule\":"
                                + schedule
                                + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** What the late-job check last worked out for a job: its expected fire time (null: none). */
  private record Expectation(Instant expectedAt, boolean seenFinished) {}

  /** The job's row of the late-job check; empty: no row yet. */
  private Optional<Expectation> expectation(String name) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT expected_at, seen_finished_at FROM carillon_job_expect WHERE job_name = ?")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next()
            ? Optional.of(
                new Expectation(
                    Transactions.instant(result, "expected_at"),
                    result.getObject("seen_finished_at") != null))
            : Optional.empty();
      }
    }
  }

  /** "STATUS node" for each recorded run of the job. */
  private List<String> executions(String jobName) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT status, node_id FROM carillon_execution WHERE job_name = ?")) {
      statement.setString(1, jobName);
      List<String> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(result.getString(1) + " " + result.getString(2));
        }
      }
      return rows;
    }
  }
}
