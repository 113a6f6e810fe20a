package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.FreePort;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §7: with the database gone for 20 seconds, three server processes keep running, report
 * unhealthy, and resume scheduling by themselves when it returns, applying the misfire policy to
 * what was missed. The shipped config.yml is used as it is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(DatabaseOutageClusterIT.class);

  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final int GRID_MS = 2000;
  private static final String GRACE = "5s";

  @TempDir static Path workDir;
  private static final List<ServerProcess> NODES = new ArrayList<>();
  private static ApiClient api;

  @BeforeAll
  static void startThreeNodes() {
    for (int n = 1; n <= 3; n++) {
      NODES.add(start("node-" + n));
    }
    NODES.forEach(ServerProcess::awaitHealthy);
    // Every two seconds on the grid (:00, :02, ...), default misfire policy (fire-now).
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"outage\",\"name\":\"tick\",\"type\":\"noop\","
                + "\"schedule\":{\"cron\":\"*/2 * * * * ?\",\"timeZone\":\"UTC\"}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  @AfterAll
  static void stopNodes() {
    NODES.forEach(ServerProcess::close);
  }

  @Test
  @Order(1)
  void a_twenty_second_outage_is_survived_and_scheduling_resumes_by_itself() {
    await().atMost(Duration.ofSeconds(30)).until(() -> ticksSince(Instant.EPOCH) >= 3);

    Instant cutOff = Instant.now();
    DB.cutOff();
    try {
      // Each node notices on its own: admin health red and not ready for the load balancer.
      CompletableFuture.allOf(
              NODES.stream()
                  .map(node -> CompletableFuture.runAsync(() -> awaitUnhealthy(node)))
                  .toArray(CompletableFuture[]::new))
          .join();
      Duration left = OUTAGE.minus(Duration.between(cutOff, Instant.now()));
      assertThat(left).as("unhealthy reported within the outage").isPositive();
      // For the rest of the outage no process exits.
      await()
          .during(left)
          .atMost(left.plusSeconds(5))
          .until(() -> NODES.stream().allMatch(ServerProcess::isAlive));
    } finally {
      DB.restore();
    }
    Instant restored = Instant.now();

    for (ServerProcess node : NODES) {
      await("node healthy again after the outage")
          .atMost(Duration.ofSeconds(90))
          .until(() -> node.health().ok() && node.loadBalancerCheck("ready").ok());
    }
    Duration healthyAfter = Duration.between(restored, Instant.now());
    await().atMost(Duration.ofSeconds(90)).until(() -> ticksSince(restored) >= 3);
    Instant firstFire = firstStartSince(restored);
    System.out.printf(
        "DATABASE OUTAGE %d s, restored at %s: first fire %d ms after restore;"
            + " all nodes healthy after %d ms%n",
        OUTAGE.toSeconds(),
        restored,
        Duration.between(restored, firstFire).toMillis(),
        healthyAfter.toMillis());

    for (ServerProcess node : NODES) {
      // Quartz's word when another node took this one for dead and recovered its work.
      System.out.printf(
          "  taken for dead by another node after the outage: %s%n",
          node.output().contains("recovered by another instance"));
      node.output()
          .lines()
          .filter(line -> line.contains("Database reachable again"))
          .forEach(line -> System.out.println("  " + line));
    }
    assertThat(NODES).allMatch(ServerProcess::isAlive);
    // fire-now: the missed fire times did not run one by one; one run made up for them, at the
    // moment of recovery (off the two-second grid), and the grid went on from there.
    assertThat(
            DB.number(
                "SELECT count(*) FROM carillon_execution WHERE job_name = 'tick'"
                    + " AND scheduled_at > ? AND scheduled_at < ?",
                offset(cutOff.plusMillis(GRID_MS)),
                offset(restored)))
        .as("fires of missed times")
        .isZero();
    List<String> offGrid =
        DB.strings(
            "SELECT scheduled_at FROM carillon_execution WHERE job_name = 'tick'"
                + " AND scheduled_at > ? AND MOD(CAST(EXTRACT(EPOCH FROM scheduled_at) * 1000"
                + " AS BIGINT), ?) <> 0",
            offset(cutOff),
            GRID_MS);
    assertThat(offGrid).as("catch-up fires after the outage").hasSize(1);
    assertThat(
            DB.strings(
                "SELECT scheduled_at FROM carillon_execution WHERE job_name = 'tick'"
                    + " GROUP BY scheduled_at HAVING count(*) > 1"))
        .as("fire times run twice")
        .isEmpty();
    assertThat(
            DB.number(
                "SELECT count(*) FROM qrtz_scheduler_state WHERE last_checkin_time > ?",
                restored.toEpochMilli()))
        .as("nodes checked in since the restore")
        .isEqualTo(3);
  }

  @Test
  @Order(2)
  void sigterm_during_an_outage_still_stops_the_node_in_bounded_time() {
    ServerProcess node = NODES.get(2);
    DB.cutOff();
    try {
      awaitUnhealthy(node);
      Instant sent = Instant.now();
      // Grace period, Quartz's shutdown bound (10 s), the pool's close: well under a minute.
      int exit = node.terminate(Duration.ofSeconds(60));
      System.out.printf(
          "SIGTERM during an outage: exited %d after %d ms%n",
          exit, Duration.between(sent, Instant.now()).toMillis());
      assertThat(exit).as(node.output()).isEqualTo(143);
    } finally {
      DB.restore();
    }
  }

  private static void awaitUnhealthy(ServerProcess node) {
    await("node unhealthy in the outage")
        .atMost(OUTAGE)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !node.health().ok() && node.loadBalancerCheck("ready").status() == 503);
    assertThat(node.loadBalancerCheck("alive").ok())
        .as("still alive, not to be restarted")
        .isTrue();
  }

  private static long ticksSince(Instant since) {
    return DB.number(
        "SELECT count(*) FROM carillon_execution WHERE job_name = 'tick'"
            + " AND status = 'SUCCEEDED' AND started_at > ?",
        offset(since));
  }

  private static Instant firstStartSince(Instant since) {
    return OffsetDateTime.parse(
            DB.strings(
                    "SELECT to_char(min(started_at) AT TIME ZONE 'UTC',"
                        + " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM carillon_execution"
                        + " WHERE job_name = 'tick' AND started_at > ?",
                    offset(since))
                .get(0))
        .toInstant();
  }

  private static OffsetDateTime offset(Instant instant) {
    return instant.atOffset(java.time.ZoneOffset.UTC);
  }

  private static ServerProcess start(String nodeId) {
    int port = FreePort.pick();
    if (api == null) {
      api = new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY);
    }
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", DB.url());
    env.put("DATABASE_USER", DB.user());
    env.put("DATABASE_PASSWORD", DB.password());
    env.put("CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY);
    env.put("CARILLON_NODE_ID", nodeId);
    env.put("CARILLON_THREADS", "2");
    env.put("CARILLON_SHUTDOWN_GRACE", GRACE);
    env.put("PORT", Integer.toString(port));
    env.put("ADMIN_PORT", Integer.toString(FreePort.pick()));
    return ServerProcess.server(workDir.resolve(nodeId), env);
  }
}
