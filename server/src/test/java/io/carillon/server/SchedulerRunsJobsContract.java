package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.TriggerBuilder.newTrigger;

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
import java.util.ArrayList;
import java.util.List;
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
