package io.carillon.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.LocalCluster;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.TallyPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-based job store (the default on PostgreSQL) under the races its row locks must win: three
 * server processes firing one burst, one non-concurrent job queued from every node, pause storms
 * during a burst, and a node killed with completions in flight. Runs are counted by the jobs
 * themselves (tally.runs rows).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetBasedStoreClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(SetBasedStoreClusterIT.class);

  /** Size of the burst; the figure is 20,000 ({@code -Dcarillon.burstJobs=20000}). */
  private static final int BURST = Integer.getInteger("carillon.burstJobs", 1_000);

  private static final int CLIENTS = 8;

  @TempDir static Path workDir;
  private static LocalCluster cluster;

  @BeforeAll
  static void startThreeNodes() {
    TallyPlugin.createTable(DB);
    cluster = LocalCluster.start(DB, workDir, 3);
  }

  @AfterAll
  static void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void a_burst_due_at_once_while_more_are_created_runs_each_job_exactly_once() throws Exception {
    pauseAll(1);
    Instant createStart = Instant.now();
    try {
      create("burst", BURST, Instant.now(), 0);
    } finally {
      Instant resumeStart = Instant.now();
      resumeAll(2);
      System.out.printf(
          "[set-based] %d jobs created through the API in %d ms while paused; resume-all %d ms%n",
          BURST,
          Duration.between(createStart, resumeStart).toMillis(),
          Duration.between(resumeStart, Instant.now()).toMillis());
    }
    // More jobs, due at once, created while the burst fires.
    create("late", 200, Instant.now(), 0);

    awaitSettled("burst", BURST);
    awaitSettled("late", 200);
    System.out.printf(
        "[set-based] burst of %d: first to last run %d ms; per node %s%n",
        BURST,
        DB.number(
            "SELECT (extract(epoch FROM max(fired_at) - min(fired_at)) * 1000)::bigint"
                + " FROM tally.runs WHERE counter LIKE 'burst-%'"),
        DB.strings(
            "SELECT node_id || '=' || count(*) FROM tally.runs WHERE counter LIKE 'burst-%'"
                + " GROUP BY node_id ORDER BY node_id"));

    assertExactlyOnce("burst", BURST);
    assertExactlyOnce("late", 200);
    assertThat(
            DB.number(
                "SELECT count(*) FROM qrtz_fired_triggers"
                    + " WHERE trigger_group <> 'carillon.internal'"))
        .as("fired-trigger rows left (the canary's aside)")
        .isZero();
    for (int n = 1; n <= cluster.size(); n++) {
      assertThat(cluster.node(n).output()).doesNotContainIgnoringCase("deadlock");
    }
  }

  @Test
  @Order(2)
  void a_queued_job_fired_from_every_node_never_runs_twice_at_once() throws Exception {
    Reply created =
        cluster
            .api(1)
            .post(
                "/jobs",
                "{\"group\":\"queue\",\"name\":\"one-at-a-time\",\"type\":\"tally\","
                    + "\"overlap\":\"queue\",\"params\":"
                    + TallyPlugin.params(DB, "queue", 40)
                    + ",\"schedule\":{\"every\":\"PT1S\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    // Each run-now is another trigger of the same job, written through a different node.
    int manual = 30;
    ExecutorService clients = Executors.newFixedThreadPool(3);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < manual; i++) {
        ApiClient api = cluster.api(1 + i % 3);
        replies.add(clients.submit(() -> api.post("/jobs/queue/one-at-a-time/run", "{}")));
      }
      for (Future<Reply> reply : replies) {
        assertThat(reply.get().status()).as(reply.get().text()).isBetween(200, 202);
      }
    } finally {
      clients.shutdownNow();
    }
    await("every manual run ran")
        .atMost(Duration.ofMinutes(2))
        .until(() -> DB.number("SELECT count(*) FROM tally.runs WHERE counter = 'queue'") > manual);
    Reply paused = cluster.api(2).post("/jobs/queue/one-at-a-time/pause", "{}");
    assertThat(paused.status()).as(paused.text()).isBetween(200, 204);
    await("no run in flight")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.number("SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'queue'")
                    == 0);

    assertThat(
            DB.number(
                "SELECT count(*) FROM tally.runs a JOIN tally.runs b ON a.counter = b.counter"
                    + " AND a.execution_id < b.execution_id"
                    + " WHERE a.counter = 'queue'"
                    + " AND tstzrange(a.fired_at, a.ended_at) && tstzrange(b.fired_at, b.ended_at)"))
        .as("pairs of runs that overlapped")
        .isZero();
    assertThat(
            DB.number(
                "SELECT count(*) FROM qrtz_triggers t WHERE t.job_group = 'queue'"
                    + " AND t.trigger_state IN ('BLOCKED', 'PAUSED_BLOCKED')"))
        .as("triggers left blocked with no run holding them")
        .isZero();
  }

  @Test
  @Order(3)
  void nothing_fires_after_pause_all_returns_during_a_burst() throws Exception {
    int jobs = Math.max(300, BURST / 2);
    pauseAll(1);
    try {
      create("storm", jobs, Instant.now(), 20);
    } finally {
      resumeAll(2);
    }
    for (int round = 0; round < 4; round++) {
      await().atMost(Duration.ofSeconds(60)).until(() -> stormRuns() > 0);
      pauseAll(1 + round % 3);
      Instant pausedAt = Instant.now();
      await("runs fired before the pause finish")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  DB.number(
                          "SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'storm'"
                              + " AND state = 'EXECUTING'")
                      == 0);
      long runs = stormRuns();
      await("still paused")
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> stormRuns() == runs);
      assertThat(
              DB.number(
                  "SELECT count(*) FROM carillon_execution WHERE job_group = 'storm'"
                      + " AND started_at > ?::timestamptz",
                  pausedAt.toString()))
          .as("runs fired after pause-all returned (round %d)", round)
          .isZero();
      resumeAll(1 + (round + 1) % 3);
      if (runs >= jobs) {
        break;
      }
    }

    awaitSettled("storm", jobs);
    assertExactlyOnce("storm", jobs);
  }

  @Test
  @Order(4)
  void a_node_killed_with_runs_in_flight_loses_and_doubles_nothing_it_acknowledged()
      throws Exception {
    int jobs = 300;
    pauseAll(1);
    try {
      create("crash", jobs, Instant.now(), 50, true);
    } finally {
      resumeAll(2);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> crashRuns("node-1") >= 10);
    cluster.kill(1);

    // Node 1's runs in flight are recovered (run again) once the others declare it dead.
    await("every job ran and nothing is in flight")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                DB.number(
                            "SELECT count(DISTINCT counter) FROM tally.runs WHERE counter LIKE 'crash-%'")
                        == jobs
                    && DB.number(
                            "SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'crash'")
                        == 0);
    await("every run has its final status")
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM carillon_execution WHERE job_group = 'crash'"
                            + " AND status = 'RUNNING'")
                    == 0);

    assertThat(
            DB.strings(
                "SELECT counter FROM tally.runs WHERE counter LIKE 'crash-%' GROUP BY counter"
                    + " HAVING count(*) > 2 OR count(*) FILTER (WHERE node_id <> 'node-1') > 1"))
        .as("jobs run again more than once, or twice by surviving nodes")
        .isEmpty();
    cluster.restart(1);
  }

  private static long stormRuns() {
    return DB.number("SELECT count(*) FROM tally.runs WHERE counter LIKE 'storm-%'");
  }

  private static long crashRuns(String node) {
    return DB.number(
        "SELECT count(*) FROM tally.runs WHERE counter LIKE 'crash-%' AND node_id = ?", node);
  }

  private static void pauseAll(int node) {
    Reply reply =
        cluster.api(node).withTimeout(Duration.ofMinutes(2)).post("/scheduler/pause-all", "{}");
    assertThat(reply.status()).as(reply.text()).isBetween(200, 204);
  }

  private static void resumeAll(int node) {
    Reply reply =
        cluster.api(node).withTimeout(Duration.ofMinutes(2)).post("/scheduler/resume-all", "{}");
    assertThat(reply.status()).as(reply.text()).isBetween(200, 204);
  }

  private static void awaitSettled(String group, int jobs) {
    await(group + " settled")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                DB.number(
                            "SELECT count(DISTINCT counter) FROM tally.runs WHERE counter LIKE ?",
                            group + "-%")
                        >= jobs
                    && DB.number("SELECT count(*) FROM qrtz_triggers WHERE job_group = ?", group)
                        == 0
                    && DB.number(
                            "SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = ?", group)
                        == 0);
  }

  private static void assertExactlyOnce(String group, int jobs) {
    assertThat(
            DB.strings(
                "SELECT counter FROM tally.runs WHERE counter LIKE ? GROUP BY counter"
                    + " HAVING count(*) > 1",
                group + "-%"))
        .as("%s jobs that ran more than once", group)
        .isEmpty();
    assertThat(
            DB.number(
                "SELECT count(DISTINCT counter) FROM tally.runs WHERE counter LIKE ?",
                group + "-%"))
        .as("%s jobs that ran", group)
        .isEqualTo(jobs);
  }

  private static void create(String group, int count, Instant at, long holdMillis)
      throws Exception {
    create(group, count, at, holdMillis, false);
  }

  /** One-shot tally jobs {@code group-<i>}, spread over the nodes' APIs by parallel clients. */
  private static void create(String group, int count, Instant at, long holdMillis, boolean recover)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = group + "-" + i;
        ApiClient api = cluster.api(1 + i % cluster.size());
        String body =
            "{\"group\":\""
                + group
                + "\",\"name\":\""
                + name
                + "\",\"type\":\"tally\",\"params\":"
                + (holdMillis > 0
                    ? TallyPlugin.params(DB, name, holdMillis)
                    : TallyPlugin.params(DB, name))
                + ",\"schedule\":{\"at\":\""
                + at
                + "\"},\"misfire\":\"catch-up\""
                + (recover ? ",\"recover\":true" : "")
                + "}";
        replies.add(clients.submit(() -> api.post("/jobs", body)));
      }
      for (Future<Reply> reply : replies) {
        assertThat(reply.get().status()).as(reply.get().text()).isEqualTo(201);
      }
    } finally {
      clients.shutdownNow();
    }
  }
}
