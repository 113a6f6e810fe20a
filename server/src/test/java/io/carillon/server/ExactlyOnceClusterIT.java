package io.carillon.server;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes on one PostgreSQL database prove what the cluster promises: each fire runs
 * exactly once, on some node, even while every node is restarted in turn. Runs are counted by the
 * jobs themselves ({@link io.carillon.server.testing.TallyJobType} rows), not by Carillon's own
 * records. The figures printed here are quoted in docs/clustering.md ("What the three-node tests
 * prove").
 */
class ExactlyOnceClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ExactlyOnceClusterIT.class);

  private static final int ONE_SHOT_JOBS = 2_000;

  /** Parallel API clients creating the burst, as a deployment script or CI job might. */
  private static final int CREATING_CLIENTS = 8;

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
  void two_thousand_one_shot_jobs_due_at_once_each_run_exactly_once_across_three_nodes()
      throws Exception {
    // All 2,000 must become due at one instant, however long creating them takes on this machine:
    // the cluster is paused while they are created (pause-all holds new triggers too), their time
    // passes, and resume-all releases them together. "catch-up" makes each run for its own time,
    // which its run reports, instead of treating the wait as a misfire.
    Reply paused = cluster.api(1).post("/scheduler/pause-all", "{}");
    assertThat(paused.status()).as(paused.text()).isBetween(200, 204);
    Instant due = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    Duration createTime;
    Duration resumeTime;
    Instant released;
    try {
      createTime = create("burst", ONE_SHOT_JOBS, due);
      await("the due time").until(() -> Instant.now().isAfter(due));
      assertThat(DB.number("SELECT count(*) FROM tally.runs WHERE counter LIKE 'burst-%'"))
          .as("runs while the cluster was paused")
          .isZero();
    } finally {
      // One transaction resumes every trigger; under load that takes longer than a request
      // usually may. The triggers become due together when it commits, just before it answers.
      Instant resumeStart = Instant.now();
      Reply resumed =
          cluster.api(2).withTimeout(Duration.ofMinutes(3)).post("/scheduler/resume-all", "{}");
      released = Instant.now();
      resumeTime = Duration.between(resumeStart, released);
      assertThat(resumed.status()).as(resumed.text()).isBetween(200, 204);
    }
    System.out.printf(
        "[exactly-once] %d one-shot jobs created through the API by %d clients in %d ms (%.0f/s)"
            + " while paused; resume-all took %d ms, released at %s%n",
        ONE_SHOT_JOBS,
        CREATING_CLIENTS,
        createTime.toMillis(),
        ONE_SHOT_JOBS * 1000.0 / createTime.toMillis(),
        resumeTime.toMillis(),
        released);

    // Done means: the jobs counted all their runs and nothing is left that could fire again.
    // A bound, not a performance target: on a machine shared with other builds this takes minutes.
    await("every one-shot run counted")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                DB.number("SELECT count(*) FROM tally.runs WHERE counter LIKE 'burst-%'")
                        >= ONE_SHOT_JOBS
                    && DB.number("SELECT count(*) FROM qrtz_triggers WHERE job_group = 'burst'")
                        == 0
                    && DB.number(
                            "SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'burst'")
                        == 0);

    long runs = DB.number("SELECT count(*) FROM tally.runs WHERE counter LIKE 'burst-%'");
    long distinct =
        DB.number("SELECT count(DISTINCT counter) FROM tally.runs WHERE counter LIKE 'burst-%'");
    List<String> doubled =
        DB.strings(
            "SELECT counter FROM tally.runs WHERE counter LIKE 'burst-%'"
                + " GROUP BY counter HAVING count(*) > 1");
    Map<String, Long> perNode = perNode("burst-%");
    long firstLateMs =
        DB.number(
            "SELECT (extract(epoch FROM min(fired_at) - ?::timestamptz) * 1000)::bigint"
                + " FROM tally.runs WHERE counter LIKE 'burst-%'",
            released.toString());
    long lastLateMs =
        DB.number(
            "SELECT (extract(epoch FROM max(fired_at) - ?::timestamptz) * 1000)::bigint"
                + " FROM tally.runs WHERE counter LIKE 'burst-%'",
            released.toString());
    System.out.printf(
        "[exactly-once] released together: first ran %d ms after, last ran %d ms after"
            + " (%.0f runs/s); runs %d, distinct %d, doubled %d; per node %s%n",
        firstLateMs,
        lastLateMs,
        ONE_SHOT_JOBS * 1000.0 / Math.max(1, lastLateMs - firstLateMs),
        runs,
        distinct,
        doubled.size(),
        perNode);

    assertThat(doubled).as("jobs that ran more than once").isEmpty();
    assertThat(distinct).as("jobs that ran at all").isEqualTo(ONE_SHOT_JOBS);
    assertThat(runs).as("runs counted by the jobs").isEqualTo(ONE_SHOT_JOBS);
    assertThat(
            DB.number(
                "SELECT count(*) FROM tally.runs WHERE counter LIKE 'burst-%'"
                    + " AND scheduled_at <> ?::timestamptz",
                due.toString()))
        .as("runs that report another scheduled fire time than the one given")
        .isZero();
    assertThat(perNode.keySet())
        .as("every node ran part of the burst")
        .containsExactlyInAnyOrder(cluster.id(1), cluster.id(2), cluster.id(3));
    // Carillon's own record agrees with what the jobs counted.
    assertThat(
            DB.number(
                "SELECT count(*) FROM carillon_execution"
                    + " WHERE job_group = 'burst' AND status = 'SUCCEEDED'"))
        .isEqualTo(ONE_SHOT_JOBS);
  }

  @Test
  void a_rolling_restart_of_all_three_nodes_neither_loses_nor_doubles_an_every_second_fire() {
    // A start on a whole second keeps the expected fire times easy to read in the figures.
    Instant firstFire = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    Reply created =
        cluster
            .api(1)
            .post(
                "/jobs",
                "{\"group\":\"rolling\",\"name\":\"every-second\",\"type\":\"tally\","
                    + "\"params\":"
                    + TallyPlugin.params(DB, "every-second")
                    + ",\"schedule\":{\"every\":\"PT1S\",\"startAt\":\""
                    + firstFire
                    + "\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    awaitFiresAfter(firstFire.plusSeconds(2));

    Instant windowStart = Instant.now();
    List<String> steps = new ArrayList<>();
    for (int n = 1; n <= cluster.size(); n++) {
      Instant stopAt = Instant.now();
      int exit = cluster.stop(n, Duration.ofSeconds(60));
      Instant stopped = Instant.now();
      cluster.restart(n);
      Instant healthy = Instant.now();
      steps.add(
          String.format(
              "%s stopped in %d ms (exit %d), healthy again %d ms later",
              cluster.id(n),
              Duration.between(stopAt, stopped).toMillis(),
              exit,
              Duration.between(stopped, healthy).toMillis()));
    }
    Instant windowEnd = Instant.now();
    awaitFiresAfter(windowEnd.plusSeconds(2));
    long misfires =
        cluster.api(3).get("/jobs/rolling/every-second").json().path("misfires").asLong(-1);
    Reply deleted = cluster.api(2).delete("/jobs/rolling/every-second?interrupt=true");
    assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);
    await("no every-second run in flight")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                DB.number("SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = 'rolling'")
                    == 0);

    List<Instant> scheduled =
        DB
            .strings(
                "SELECT to_char(scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                    + " FROM tally.runs WHERE counter = 'every-second' ORDER BY scheduled_at")
            .stream()
            .map(Instant::parse)
            .toList();
    List<Instant> doubled = new ArrayList<>();
    List<Instant> missing = new ArrayList<>();
    for (int i = 1; i < scheduled.size(); i++) {
      Instant previous = scheduled.get(i - 1);
      if (scheduled.get(i).equals(previous)) {
        doubled.add(previous);
      }
      for (Instant expected = previous.plusSeconds(1);
          expected.isBefore(scheduled.get(i));
          expected = expected.plusSeconds(1)) {
        missing.add(expected);
      }
    }
    long maxLateMs =
        DB.number(
            "SELECT (extract(epoch FROM max(fired_at - scheduled_at)) * 1000)::bigint"
                + " FROM tally.runs WHERE counter = 'every-second'");
    long windowFires =
        scheduled.stream()
            .filter(at -> !at.isBefore(windowStart) && !at.isAfter(windowEnd))
            .count();
    System.out.printf(
        "[rolling-restart] %s; restart window %s .. %s (%d s) held %d fires; %d fires in all"
            + " from %s to %s; missing %s; doubled %s; misfires %d; latest start %d ms after its"
            + " fire time; per node %s%n",
        String.join("; ", steps),
        windowStart,
        windowEnd,
        Duration.between(windowStart, windowEnd).toSeconds(),
        windowFires,
        scheduled.size(),
        scheduled.get(0),
        scheduled.get(scheduled.size() - 1),
        missing,
        doubled,
        misfires,
        maxLateMs,
        perNode("every-second"));

    assertThat(scheduled.get(0)).as("the first fire").isEqualTo(firstFire);
    assertThat(scheduled.get(scheduled.size() - 1))
        .as("fires continue after the last restart")
        .isAfter(windowEnd);
    assertThat(doubled).as("fire times run twice").isEmpty();
    // With every node up within seconds no fire is later than misfireThreshold (60 s), so the
    // misfire policy never applies: every single fire time must have run, none merged.
    assertThat(missing).as("fire times that never ran").isEmpty();
    assertThat(misfires).as("misfires counted on the job").isZero();
    assertThat(maxLateMs).as("latest start, ms").isLessThan(60_000);
  }

  /**
   * Creates {@code count} tally jobs {@code group/group-<i>} through the API of all three nodes in
   * turn, as a load balancer would spread them; one-shot at {@code at} (misfire "catch-up"), or on
   * demand when null. Returns how long it took.
   */
  private static Duration create(String group, int count, Instant at) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CREATING_CLIENTS);
    Instant start = Instant.now();
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
                + TallyPlugin.params(DB, name)
                + (at == null
                    ? ""
                    : ",\"schedule\":{\"at\":\"" + at + "\"},\"misfire\":\"catch-up\"")
                + "}";
        replies.add(clients.submit(() -> api.post("/jobs", body)));
      }
      for (Future<Reply> reply : replies) {
        assertThat(reply.get().status()).as(reply.get().text()).isEqualTo(201);
      }
      return Duration.between(start, Instant.now());
    } finally {
      clients.shutdownNow();
    }
  }

  private static void awaitFiresAfter(Instant instant) {
    await("every-second fires past " + instant)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                DB.number(
                        "SELECT count(*) FROM tally.runs WHERE counter = 'every-second'"
                            + " AND scheduled_at > ?::timestamptz",
                        instant.toString())
                    > 0);
  }

  /** Runs per node id, for the figures and the "every node took part" check. */
  private static Map<String, Long> perNode(String counterPattern) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String row :
        DB.strings(
            "SELECT node_id || '=' || count(*) FROM tally.runs WHERE counter LIKE ?"
                + " GROUP BY node_id ORDER BY node_id",
            counterPattern)) {
      int split = row.lastIndexOf('=');
      counts.put(row.substring(0, split), Long.parseLong(row.substring(split + 1)));
    }
    return counts;
  }
}
