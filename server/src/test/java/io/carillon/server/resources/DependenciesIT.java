package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Job dependencies (issue 18 §2) on one node: {@code after} starts a job once per upstream run that
 * ends as {@code on} says, linked both ways; cycles and unknown upstreams are refused at save.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DependenciesIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(DependenciesIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(DB, ConfigOverride.config("dependencies.checkEvery", "100ms"));

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void each_successful_upstream_run_starts_the_job_once_linked_to_it_both_ways() {
    create("{\"group\":\"chain\",\"name\":\"extract\",\"type\":\"noop\"}");
    create(
        "{\"group\":\"chain\",\"name\":\"load\",\"type\":\"noop\","
            + "\"after\":[{\"job\":\"chain/extract\"}]}");

    List<String> upstreams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      upstreams.add(awaitEnded(run("chain/extract")));
    }
    await().atMost(WAIT).until(() -> runsOf("chain/load").size() == 3);

    List<JsonNode> downstream = runsOf("chain/load");
    assertThat(downstream)
        .allSatisfy(run -> assertThat(run.path("trigger").asText()).isEqualTo("dependency"));
    List<String> linked = new ArrayList<>();
    for (JsonNode run : downstream) {
      JsonNode one = api.get("/executions/" + run.path("id").asText()).json();
      linked.add(one.path("upstream").asText());
    }
    assertThat(linked).containsExactlyInAnyOrderElementsOf(upstreams);
    JsonNode first = api.get("/executions/" + upstreams.get(0)).json().path("downstream");
    assertThat(first).hasSize(1);
    assertThat(first.get(0).path("job").asText()).isEqualTo("chain/load");
    assertThat(first.get(0).path("outcome").asText()).isEqualTo("dispatched");

    JsonNode extract = api.get("/jobs/chain/extract").json();
    assertThat(extract.path("downstream").get(0).path("job").asText()).isEqualTo("chain/load");
    assertThat(extract.path("downstream").get(0).path("on").asText()).isEqualTo("success");
    JsonNode load = api.get("/jobs/chain/load").json();
    assertThat(load.path("after").get(0).path("job").asText()).isEqualTo("chain/extract");
    assertThat(load.path("after").get(0).path("on").asText()).as("filled in").isEqualTo("success");
    assertThat(api.get("/jobs?group=chain").json().path("items").get(0).has("downstream"))
        .as("lists leave the chain out")
        .isFalse();
    Reply unchanged = api.put("/jobs/chain/load", load.toString());
    assertThat(unchanged.status())
        .as("what GET returns can be PUT back: " + unchanged.text())
        .isEqualTo(200);
  }

  @Test
  void on_failure_waits_for_the_last_attempt_and_a_success_starts_nothing() {
    create(
        "{\"group\":\"fail\",\"name\":\"flaky\",\"type\":\"noop\",\"overridable\":[\"fail\"],"
            + "\"retry\":{\"maxAttempts\":2,\"backoff\":\"PT1S\"}}");
    create(
        "{\"group\":\"fail\",\"name\":\"alert\",\"type\":\"noop\","
            + "\"after\":[{\"job\":\"fail/flaky\",\"on\":\"failure\"}]}");

    String ok = awaitEnded(run("fail/flaky"));
    api.post("/jobs/fail/flaky/run", "{\"params\":{\"fail\":true}}");
    await()
        .atMost(WAIT)
        .until(
            () ->
                api
                        .get("/jobs/fail/flaky/executions")
                        .json()
                        .path("items")
                        .findValuesAsText("status")
                        .stream()
                        .filter("FAILED"::equals)
                        .count()
                    == 2);
    await().atMost(WAIT).until(() -> runsOf("fail/alert").size() == 1);

    JsonNode alert =
        api.get("/executions/" + runsOf("fail/alert").get(0).path("id").asText()).json();
    JsonNode last = api.get("/executions/" + alert.path("upstream").asText()).json();
    assertThat(last.path("attempt").asInt()).as("the last attempt decides").isEqualTo(2);
    await()
        .atMost(WAIT)
        .until(() -> api.get("/executions/" + ok).json().path("downstream").size() == 1);
    assertThat(
            api.get("/executions/" + ok).json().path("downstream").get(0).path("outcome").asText())
        .isEqualTo("none");
    assertThat(runsOf("fail/alert")).hasSize(1);
  }

  @Test
  void a_cycle_is_refused_naming_its_path_through_the_api_and_apply() {
    create("{\"group\":\"loop\",\"name\":\"a\",\"type\":\"noop\"}");
    create(
        "{\"group\":\"loop\",\"name\":\"b\",\"type\":\"noop\",\"after\":[{\"job\":\"loop/a\"}]}");

    Reply closing = api.put("/jobs/loop/a", "{\"type\":\"noop\",\"after\":[{\"job\":\"loop/b\"}]}");
    assertThat(closing.status()).as(closing.text()).isEqualTo(400);
    assertThat(closing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(error(closing, "after")).isEqualTo("cycle loop/a -> loop/b -> loop/a");

    Reply self = api.put("/jobs/loop/c", "{\"type\":\"noop\",\"after\":[{\"job\":\"loop/c\"}]}");
    assertThat(self.status()).isEqualTo(400);
    assertThat(error(self, "after")).isEqualTo("cycle loop/c -> loop/c");

    Reply applied =
        api.post(
            "/jobs/apply",
            "{\"jobs\":[{\"group\":\"loop\",\"name\":\"x\",\"type\":\"noop\","
                + "\"after\":[{\"job\":\"loop/y\"}]},{\"group\":\"loop\",\"name\":\"y\","
                + "\"type\":\"noop\",\"after\":[{\"job\":\"loop/x\"}]}]}");
    assertThat(applied.status()).as(applied.text()).isEqualTo(400);
    assertThat(error(applied, "jobs[0].after")).isEqualTo("cycle loop/x -> loop/y -> loop/x");
    assertThat(api.get("/jobs/loop/x").status()).as("nothing applied").isEqualTo(404);
  }

  @Test
  void an_unknown_upstream_is_refused_but_apply_may_list_it_after_its_downstream() {
    Reply unknown =
        api.post(
            "/jobs",
            "{\"group\":\"order\",\"name\":\"late\",\"type\":\"noop\","
                + "\"after\":[{\"job\":\"order/nowhere\"}]}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(error(unknown, "after[0].job")).startsWith("job order/nowhere does not exist");

    Reply applied =
        api.post(
            "/jobs/apply",
            "{\"jobs\":[{\"group\":\"order\",\"name\":\"second\",\"type\":\"noop\","
                + "\"after\":[{\"job\":\"order/first\",\"on\":\"finished\"}]},"
                + "{\"group\":\"order\",\"name\":\"first\",\"type\":\"noop\"}]}");
    assertThat(applied.status()).as(applied.text()).isEqualTo(200);
    assertThat(api.get("/jobs/order/second").json().path("after").get(0).path("on").asText())
        .isEqualTo("finished");

    Reply badOn =
        api.post(
            "/jobs",
            "{\"group\":\"order\",\"name\":\"odd\",\"type\":\"noop\","
                + "\"after\":[{\"job\":\"order/first\",\"on\":\"sometimes\"}]}");
    assertThat(badOn.status()).as(badOn.text()).isEqualTo(400);
    Reply badName =
        api.post(
            "/jobs",
            "{\"group\":\"order\",\"name\":\"odd\",\"type\":\"noop\","
                + "\"after\":[{\"job\":\"order/a/b\"}]}");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(error(badName, "after[0].job")).startsWith("must be group/name");
  }

  @Test
  void parameters_come_from_the_upstream_result_only_where_the_job_allows_and_are_checked() {
    create(
        "{\"group\":\"pass\",\"name\":\"nap\",\"type\":\"sleep\","
            + "\"params\":{\"duration\":\"PT0.01S\"}}");
    Reply notOverridable =
        api.post(
            "/jobs",
            "{\"group\":\"pass\",\"name\":\"next\",\"type\":\"sleep\","
                + "\"after\":[{\"job\":\"pass/nap\",\"params\":{\"duration\":\"sleptMs\"}}]}");
    assertThat(notOverridable.status()).isEqualTo(400);
    assertThat(error(notOverridable, "after[0].params.duration"))
        .contains("not in this job's overridable list");
    Reply unknownParam =
        api.post(
            "/jobs",
            "{\"group\":\"pass\",\"name\":\"next\",\"type\":\"sleep\","
                + "\"after\":[{\"job\":\"pass/nap\",\"params\":{\"nope\":\"sleptMs\"}}]}");
    assertThat(error(unknownParam, "after[0].params.nope")).contains("not a parameter");

    // sleptMs is a number, duration an ISO-8601 text: checked as a run-now override would be.
    create(
        "{\"group\":\"pass\",\"name\":\"next\",\"type\":\"sleep\",\"overridable\":[\"duration\"],"
            + "\"after\":[{\"job\":\"pass/nap\",\"params\":{\"duration\":\"sleptMs\"}}]}");
    String nap = awaitEnded(run("pass/nap"));
    await()
        .atMost(WAIT)
        .until(() -> api.get("/executions/" + nap).json().path("downstream").size() == 1);
    JsonNode decision = api.get("/executions/" + nap).json().path("downstream").get(0);
    assertThat(decision.path("outcome").asText()).isEqualTo("refused");
    assertThat(decision.path("detail").asText()).contains("params.duration");
    assertThat(runsOf("pass/next")).isEmpty();
  }

  @Test
  void a_paused_job_is_skipped_and_one_added_later_does_not_replay_history() {
    create("{\"group\":\"quiet\",\"name\":\"up\",\"type\":\"noop\"}");
    String before = awaitEnded(run("quiet/up"));
    create(
        "{\"group\":\"quiet\",\"name\":\"down\",\"type\":\"noop\",\"enabled\":false,"
            + "\"after\":[{\"job\":\"quiet/up\"}]}");
    String paused = awaitEnded(run("quiet/up"));
    await()
        .atMost(WAIT)
        .until(() -> api.get("/executions/" + paused).json().path("downstream").size() == 1);
    assertThat(
            api.get("/executions/" + paused)
                .json()
                .path("downstream")
                .get(0)
                .path("outcome")
                .asText())
        .isEqualTo("skipped");
    assertThat(api.get("/executions/" + before).json().path("downstream"))
        .as("runs that ended before the dependency existed start nothing")
        .isEmpty();
    assertThat(runsOf("quiet/down")).isEmpty();
  }

  private void create(String body) {
    Reply created = api.post("/jobs", body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private String run(String job) {
    Reply accepted = api.post("/jobs/" + job + "/run", null);
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
    return accepted.json().path("executionId").asText();
  }

  private String awaitEnded(String id) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              String status = api.get("/executions/" + id).json().path("status").asText();
              return !status.isEmpty() && !status.equals("RUNNING");
            });
    return id;
  }

  private List<JsonNode> runsOf(String job) {
    List<JsonNode> runs = new ArrayList<>();
    api.get("/jobs/" + job + "/executions").json().path("items").forEach(runs::add);
    return runs;
  }

  private static String error(Reply reply, String field) {
    for (JsonNode error : reply.json().path("errors")) {
      if (error.path("field").asText().equals(field)) {
        return error.path("message").asText();
      }
    }
    throw new AssertionError("no error for " + field + " in " + reply.text());
  }
}
