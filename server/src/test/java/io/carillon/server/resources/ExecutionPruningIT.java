package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.core.ExecutionPruner;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** History pruning by count and by age, seen through the API; the pruner runs on a fixed clock. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExecutionPruningIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ExecutionPruningIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void pruning_keeps_the_newest_runs_per_job_then_drops_runs_past_the_maximum_age() {
    assertThat(
            api.post("/jobs", "{\"group\":\"prune\",\"name\":\"noop\",\"type\":\"noop\"}").status())
        .isEqualTo(201);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = api.post("/jobs/prune/noop/run", null).json().path("executionId").asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.get("/executions/" + id).json().has("finishedAt"));
      runs.add(id);
    }
    Instant now = Instant.now();

    ExecutionPruner.Pruned byCount = pruner(now).prune();

    assertThat(byCount).isEqualTo(new ExecutionPruner.Pruned(0, 2));
    assertThat(history()).containsExactly(runs.get(3), runs.get(2));
    assertThat(api.get("/executions/" + runs.get(0)).status()).isEqualTo(404);
    assertThat(api.getText("/executions/" + runs.get(0) + "/output").status()).isEqualTo(404);
    assertThat(api.get("/jobs/prune/noop").json().path("executions").asLong())
        .as("the counters count every run ever, not the history kept")
        .isEqualTo(4);

    ExecutionPruner.Pruned byAge = pruner(now.plus(Duration.ofDays(31))).prune();

    assertThat(byAge).isEqualTo(new ExecutionPruner.Pruned(2, 0));
    assertThat(history()).isEmpty();
  }

  private List<String> history() {
    List<String> ids = new ArrayList<>();
    JsonNode page = api.get("/jobs/prune/noop/executions").json();
    page.path("items").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }

  private static ExecutionPruner pruner(Instant now) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(DB.url());
    dataSource.setUser(DB.user());
    dataSource.setPassword(DB.password());
    return new ExecutionPruner(
        new ExecutionDao(dataSource, "carillon"),
        Clock.fixed(now, ZoneOffset.UTC),
        Duration.ofDays(30),
        2,
        Duration.ofHours(1));
  }
}
