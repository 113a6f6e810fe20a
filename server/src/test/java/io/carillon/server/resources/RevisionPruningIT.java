package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.core.ExecutionPruner;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.db.JobRevisionDao;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Job revisions (the definitions a rerun takes its parameters from) are pruned with the history:
 * those no kept run needs go, the current one and those of kept runs stay, all go with the job.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RevisionPruningIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(RevisionPruningIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private static final String JOB =
      "{\"group\":\"revised\",\"name\":\"%s\",\"type\":\"noop\","
          + "\"schedule\":{\"cron\":\"0 0 3 * * ?\",\"timeZone\":\"UTC\"},"
          + "\"history\":{\"keep\":1,\"keepFailed\":1},\"params\":{\"fail\":%s}}";

  private final ApiClient api = ApiApp.client(APP);
  private final SettableClock clock = new SettableClock(Instant.now());

  @Test
  void revisions_no_kept_run_needs_go_and_a_kept_runs_rerun_keeps_its_parameters() {
    create("kept", "false"); // v1: needed by a success that a later success pushes out
    awaitRun("/jobs/revised/kept/run");
    replace("kept", "true"); // v2: needed by a failure that a later failure pushes out
    awaitRun("/jobs/revised/kept/run");
    replace("kept", "false"); // v3: needed by the backfilled run, which stays
    String backfilled = backfillOne("kept");
    replace("kept", "true"); // v4: the current one
    awaitRun("/jobs/revised/kept/run");
    assertThat(versions("kept")).containsExactly(1L, 2L, 3L, 4L);

    ExecutionPruner.Pruned pruned = pruner().prune();

    assertThat(pruned.byJobLimits()).as("the first success and the first failure").isEqualTo(2);
    assertThat(pruned.revisions()).isEqualTo(2);
    assertThat(versions("kept"))
        .as("v3 for the backfilled run still kept, v4 as the job's current one")
        .containsExactly(3L, 4L);
    String rerun =
        api.post("/executions/" + backfilled + "/rerun", null).json().path("executionId").asText();
    JsonNode run = awaitFinished(rerun);
    assertThat(run.path("status").asText())
        .as("fail: false, as when the backfilled run started, not the job's fail: true")
        .isEqualTo("SUCCEEDED");
    assertThat(
            api.get("/audit?action=execution.rerun")
                .json()
                .path("items")
                .get(0)
                .path("after")
                .path("paramsFrom")
                .asText())
        .isEqualTo("revision");
    pruner().prune();
    assertThat(versions("kept"))
        .as("the rerun, a success under v4, pushed the backfilled run out, and v3 with it")
        .containsExactly(4L);
  }

  @Test
  void once_every_run_is_older_than_the_history_keeps_only_the_current_revision_stays() {
    create("aged", "false");
    awaitRun("/jobs/revised/aged/run");
    replace("aged", "true");
    awaitRun("/jobs/revised/aged/run");
    replace("aged", "false");
    assertThat(versions("aged")).containsExactly(1L, 2L, 3L);

    clock.advance(Duration.ofDays(31));
    ExecutionPruner.Pruned pruned = pruner().prune();

    assertThat(pruned.byAge()).isGreaterThanOrEqualTo(2);
    assertThat(versions("aged")).containsExactly(3L);
  }

  @Test
  void a_deleted_jobs_revisions_go_with_it() {
    create("deleted", "false");
    replace("deleted", "true");
    assertThat(versions("deleted")).containsExactly(1L, 2L);

    assertThat(api.delete("/jobs/revised/deleted").status()).isEqualTo(204);

    assertThat(versions("deleted")).isEmpty();
  }

  private ExecutionPruner pruner() {
    PGSimpleDataSource dataSource = dataSource();
    return new ExecutionPruner(
        new ExecutionDao(dataSource, "carillon"),
        new JobRevisionDao(dataSource, "carillon"),
        clock,
        Duration.ofDays(30),
        1000,
        Duration.ofHours(1),
        Jackson.newObjectMapper());
  }

  private void create(String name, String fail) {
    Reply created = api.post("/jobs", String.format(JOB, name, fail));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private void replace(String name, String fail) {
    Reply replaced = api.put("/jobs/revised/" + name, String.format(JOB, name, fail));
    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
  }

  private void awaitRun(String path) {
    awaitFinished(api.post(path, null).json().path("executionId").asText());
  }

  /** Backfills the one fire time of the last day; the id of its run once it has ended. */
  private String backfillOne(String name) {
    Instant to = Instant.now();
    Reply started =
        api.post(
            "/jobs/revised/" + name + "/backfill",
            "{\"from\":\"" + to.minus(Duration.ofDays(1)) + "\",\"to\":\"" + to + "\"}");
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String backfill = started.json().path("id").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> "done".equals(api.get("/backfills/" + backfill).json().path("status").asText()));
    for (JsonNode run : api.get("/jobs/revised/" + name + "/executions").json().path("items")) {
      if ("backfill".equals(run.path("trigger").asText())) {
        return awaitFinished(run.path("id").asText()).path("id").asText();
      }
    }
    throw new AssertionError("no backfilled run of " + name);
  }

  private JsonNode awaitFinished(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/executions/" + id).json().has("finishedAt"));
    return api.get("/executions/" + id).json();
  }

  private static List<Long> versions(String name) {
    List<Long> versions = new ArrayList<>();
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version FROM carillon_job_revision WHERE job_group = 'revised'"
                    + " AND job_name = '"
                    + name
                    + "' ORDER BY version")) {
      while (rows.next()) {
        versions.add(rows.getLong(1));
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return versions;
  }

  private static PGSimpleDataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(DB.url());
    dataSource.setUser(DB.user());
    dataSource.setPassword(DB.password());
    return dataSource;
  }
}
