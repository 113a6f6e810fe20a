package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.core.ExecutionPruner;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** Per-job history limits (issue 18 §8): {@code history: {keep, keepFailed}} besides the global. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HistoryLimitsIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(HistoryLimitsIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void a_job_keeps_its_own_number_of_successful_and_of_failed_runs() {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"prune\",\"name\":\"limited\",\"type\":\"noop\","
                + "\"overridable\":[\"fail\"],\"history\":{\"keep\":2,\"keepFailed\":1}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(api.get("/jobs/prune/limited").json().path("history").path("keepFailed").asInt())
        .isEqualTo(1);
    List<String> succeeded = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      succeeded.add(awaitRun("{}"));
      failed.add(awaitRun("{\"params\":{\"fail\":true}}"));
    }

    ExecutionPruner.Pruned pruned =
        new ExecutionPruner(
                new ExecutionDao(dataSource(), "carillon"),
                Clock.systemUTC(),
                Duration.ofDays(30),
                1000,
                Duration.ofHours(1))
            .prune();

    assertThat(pruned.byJobLimits()).isEqualTo(3);
    List<String> kept = new ArrayList<>();
    api.get("/jobs/prune/limited/executions")
        .json()
        .path("items")
        .forEach(item -> kept.add(item.path("id").asText()));
    assertThat(kept).containsExactly(failed.get(2), succeeded.get(2), succeeded.get(1));
    assertThat(api.get("/jobs/prune/limited").json().path("executions").asLong())
        .as("the counters count every run ever")
        .isEqualTo(6);
  }

  @Test
  void history_limits_out_of_range_are_refused_naming_the_field() {
    assertField(
        api.post(
            "/jobs",
            "{\"group\":\"prune\",\"name\":\"bad\",\"type\":\"noop\",\"history\":{\"keep\":0}}"),
        "history.keep");
    assertField(
        api.post(
            "/jobs",
            "{\"group\":\"prune\",\"name\":\"bad\",\"type\":\"noop\","
                + "\"history\":{\"keepFailed\":1000001}}"),
        "history.keepFailed");
  }

  private String awaitRun(String body) {
    String id = api.post("/jobs/prune/limited/run", body).json().path("executionId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/executions/" + id).json().has("finishedAt"));
    return id;
  }

  private static PGSimpleDataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(DB.url());
    dataSource.setUser(DB.user());
    dataSource.setPassword(DB.password());
    return dataSource;
  }
}
