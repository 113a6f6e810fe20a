package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming a job whose next fire time is long past makes Quartz handle its misfire inside the
 * resume, under the cluster lock. Carillon's misfire bookkeeping once waited there for the job row
 * the resuming request held, which stopped every node of the cluster from firing. Two nodes, an
 * every-second job that must keep firing throughout.
 */
class MisfiredResumeClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(MisfiredResumeClusterIT.class);

  /** Far more than any of these requests needs; a wedged cluster never answers. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  @TempDir static Path workDir;
  private static ProcessCluster cluster;
  private static ApiClient a;
  private static ApiClient b;

  @BeforeAll
  static void startTwoNodes() {
    cluster = ProcessCluster.start(DB, workDir, Map.of(), "node-a", "node-b");
    a = cluster.api("node-a").withTimeout(REQUEST_TIMEOUT);
    b = cluster.api("node-b").withTimeout(REQUEST_TIMEOUT);
    create(
        a,
        "{\"group\":\"beat\",\"name\":\"ticker\",\"type\":\"noop\","
            + "\"schedule\":{\"cron\":\"* * * * * ?\",\"timeZone\":\"UTC\"}}");
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void tickerFires() {
    awaitTickerRuns(2);
  }

  @Test
  void resuming_a_job_whose_fire_time_passed_long_ago_returns_and_the_cluster_keeps_firing() {
    createDisabled("late", "job");
    backdate("late", "job");

    Reply resumed = a.post("/jobs/late/job/resume", "");

    assertThat(resumed.status()).as(resumed.text()).isEqualTo(200);
    // Its missed fire runs at once (misfire: fire-now), so the answer may already see it running.
    assertThat(resumed.json().path("state").asText()).isIn("scheduled", "running");
    awaitTickerRuns(3);
    assertThat(b.post("/jobs", noop("late", "after")).status()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(misfires("late", "job")).isEqualTo(1));
  }

  @Test
  void resuming_a_group_of_long_missed_jobs_returns_and_the_cluster_keeps_firing() {
    for (int i = 0; i < 5; i++) {
      createDisabled("lategroup", "job-" + i);
      backdate("lategroup", "job-" + i);
    }

    Reply resumed = b.post("/groups/lategroup/resume", "");

    assertThat(resumed.status()).as(resumed.text()).isEqualTo(200);
    awaitTickerRuns(3);
    assertThat(a.get("/jobs/lategroup/job-4").json().path("state").asText()).isEqualTo("scheduled");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        DB.number(
                            "SELECT sum(misfires) FROM carillon_job WHERE job_group = 'lategroup'"))
                    .isEqualTo(5));
  }

  @Test
  void a_storm_of_resumes_replaces_and_deletes_on_misfiring_jobs_neither_stalls_nor_fails()
      throws Exception {
    int jobs = 6;
    for (int i = 0; i < jobs; i++) {
      createDisabled("storm", "job-" + i);
    }
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> rounds = new ArrayList<>();
      for (int client = 0; client < 4; client++) {
        ApiClient api = client % 2 == 0 ? a : b;
        int first = client;
        rounds.add(clients.submit(() -> storm(api, first, jobs)));
      }
      List<String> failures = new ArrayList<>();
      for (Future<List<String>> round : rounds) {
        failures.addAll(round.get());
      }
      assertThat(failures).as("requests that failed or did not answer").isEmpty();
    } finally {
      clients.shutdownNow();
    }
    awaitTickerRuns(3);
    assertThat(a.post("/jobs", noop("storm", "after")).status()).isEqualTo(201);
  }

  /**
   * Three rounds over the jobs: backdate the job's trigger so that the next resume misfires it,
   * then resume, replace (paused again) and, last round, delete and re-create it.
   */
  private static List<String> storm(ApiClient api, int first, int jobs) {
    List<String> failures = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = first; i < jobs; i += 2) {
        String name = "job-" + i;
        backdate("storm", name);
        expect(failures, api.post("/jobs/storm/" + name + "/resume", ""), 200, 404);
        expect(
            failures,
            api.put("/jobs/storm/" + name, disabled("storm", name).replace("PT2S", "PT3S")),
            200,
            201,
            409,
            412);
        backdate("storm", name);
        expect(failures, api.post("/jobs/storm/" + name + "/resume", ""), 200, 404);
        if (round == 2) {
          expect(failures, api.delete("/jobs/storm/" + name), 204, 404, 409);
          expect(failures, api.post("/jobs", disabled("storm", name)), 201, 409);
        } else {
          expect(failures, api.post("/jobs/storm/" + name + "/pause", ""), 200, 404);
        }
      }
    }
    return failures;
  }

  private static void expect(List<String> failures, Reply reply, int... allowed) {
    for (int status : allowed) {
      if (reply.status() == status) {
        return;
      }
    }
    failures.add(reply.status() + " " + reply.text());
  }

  /** Moves the job's next fire time a minute into the past, as a minute paused would leave it. */
  private static void backdate(String group, String name) {
    DB.execute(
        "UPDATE qrtz_triggers SET next_fire_time = ? WHERE job_group = ? AND job_name = ?",
        System.currentTimeMillis() - 60_000,
        group,
        name);
  }

  private static void createDisabled(String group, String name) {
    create(a, disabled(group, name));
  }

  private static String disabled(String group, String name) {
    return "{\"group\":\""
        + group
        + "\",\"name\":\""
        + name
        + "\",\"type\":\"noop\",\"enabled\":false,\"misfire\":\"fire-now\","
        + "\"schedule\":{\"every\":\"PT2S\"}}";
  }

  private static String noop(String group, String name) {
    return "{\"group\":\"" + group + "\",\"name\":\"" + name + "\",\"type\":\"noop\"}";
  }

  private static void create(ApiClient api, String json) {
    Reply created = api.post("/jobs", json);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static long misfires(String group, String name) {
    return DB.number(
        "SELECT misfires FROM carillon_job WHERE job_group = ? AND job_name = ?", group, name);
  }

  /** Waits until the ticker has run {@code more} more times than it had when called. */
  private static void awaitTickerRuns(int more) {
    long before = tickerRuns();
    await().atMost(Duration.ofSeconds(30)).until(() -> tickerRuns() >= before + more);
  }

  private static long tickerRuns() {
    return DB.number(
        "SELECT count(*) FROM carillon_execution WHERE job_group = 'beat'"
            + " AND status = 'SUCCEEDED'");
  }
}
