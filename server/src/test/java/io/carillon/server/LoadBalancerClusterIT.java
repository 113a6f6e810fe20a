package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.LocalCluster;
import io.carillon.server.testing.Nginx;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.TallyPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code deploy/nginx.conf}, run by the real nginx in front of three server processes:
 * management requests through it keep being served while one node is killed, and nginx's retries
 * never apply a POST twice.
 */
class LoadBalancerClusterIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(LoadBalancerClusterIT.class);

  private static final int ROUNDS_BEFORE_KILL = 15;

  /** Past nginx's fail_timeout (10 s), so the dead node is tried again, and refused again. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(14);

  @TempDir static Path workDir;
  private static LocalCluster cluster;
  private static Nginx nginx;

  @BeforeAll
  static void startThreeNodesBehindNginx() {
    TallyPlugin.createTable(DB);
    cluster = LocalCluster.start(DB, workDir.resolve("nodes"), 3);
    nginx =
        Nginx.start(
            workDir.resolve("nginx"), List.of(cluster.port(1), cluster.port(2), cluster.port(3)));
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void management_requests_through_nginx_keep_working_while_a_node_is_killed() throws Exception {
    ApiClient api = new ApiClient(nginx.apiUrl(), ApiApp.ADMIN_KEY);
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    List<Failure> failures = new CopyOnWriteArrayList<>();

    // Readers poll all the while, so some GETs are in flight at the moment of the kill: nginx
    // retries those on another node (GET is idempotent) unless node-2 had already begun to send
    // the answer, which nginx has passed on and cannot take back: such a GET fails at the client,
    // as it would with any proxy, and a client simply asks again.
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              while (reading.get()) {
                call(
                    "GET /jobs",
                    () -> api.get("/jobs?group=lb&limit=100"),
                    200,
                    statuses,
                    failures);
                reads.incrementAndGet();
              }
            },
            "nginx-reader");
    reader.start();

    // The writer kills node 2 between two of its own requests: a POST in flight at the instant its
    // node dies gets 502 by design (see deploy/nginx.conf), every POST after it must succeed.
    int round = 0;
    Instant killedAt = null;
    Instant end = null;
    try {
      while (end == null || Instant.now().isBefore(end)) {
        if (round == ROUNDS_BEFORE_KILL) {
          // Killing a node mid-run is the failover tests' subject; here every run so far is done.
          int done = round;
          await("runs before the kill counted")
              .atMost(Duration.ofSeconds(30))
              .until(() -> DB.number("SELECT count(*) FROM tally.runs") == done);
          cluster.kill(2);
          killedAt = Instant.now();
          end = killedAt.plus(AFTER_KILL);
        }
        String job = "job-" + round;
        String create =
            "{\"group\":\"lb\",\"name\":\""
                + job
                + "\",\"type\":\"tally\",\"params\":"
                + TallyPlugin.params(DB, job)
                + "}";
        call("POST /jobs", () -> api.post("/jobs", create), 201, statuses, failures);
        call("POST run", () -> api.post("/jobs/lb/" + job + "/run", "{}"), 202, statuses, failures);
        call(
            "GET executions",
            () -> api.get("/jobs/lb/" + job + "/executions"),
            200,
            statuses,
            failures);
        round++;
      }
    } finally {
      reading.set(false);
      reader.join();
    }
    int rounds = round;

    // Each "run now" accepted once ran once: the jobs count their own runs.
    await("every accepted run counted")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                DB.number("SELECT count(*) FROM tally.runs WHERE counter LIKE 'job-%'") >= rounds);
    Map<String, Long> perNode = new TreeMap<>();
    for (String row :
        DB.strings("SELECT node_id || '=' || count(*) FROM tally.runs GROUP BY node_id")) {
      int split = row.lastIndexOf('=');
      perNode.put(row.substring(0, split), Long.parseLong(row.substring(split + 1)));
    }
    // What nginx met at node-2 and retried elsewhere: refused connections, and requests cut off
    // by the kill while in flight (only GETs can be among those, see above).
    String deadNode = "127.0.0.1:" + cluster.port(2);
    List<String> nginxLog = nginx.output().lines().filter(line -> line.contains(deadNode)).toList();
    long refused = nginxLog.stream().filter(line -> line.contains("Connection refused")).count();
    long cutOff =
        nginxLog.stream()
            .filter(line -> line.contains("[error]") && !line.contains("Connection refused"))
            .count();
    System.out.printf(
        "[load-balancer] %d write rounds (create, run, read executions) and %d reads through"
            + " nginx; node-2 killed after round %d, %d s of requests after it; statuses %s;"
            + " failures %d; nginx retried elsewhere: %d refused connections, %d requests cut off"
            + " in flight; runs per node %s%n",
        rounds,
        reads.get(),
        ROUNDS_BEFORE_KILL,
        AFTER_KILL.toSeconds(),
        new TreeMap<>(statuses),
        failures.size(),
        refused,
        cutOff,
        perNode);

    Instant kill = killedAt;
    assertThat(failures)
        .as("requests that did not succeed through nginx, other than GETs in flight at the kill")
        .allSatisfy(
            failure -> {
              assertThat(failure.what()).isEqualTo("GET /jobs");
              assertThat(failure.startedAt()).isBefore(kill);
            });
    assertThat(failures).as("GETs cut off in flight (one reader)").hasSizeLessThanOrEqualTo(1);
    assertThat(rounds).isGreaterThan(ROUNDS_BEFORE_KILL);
    assertThat(
            DB.strings(
                "SELECT counter FROM tally.runs WHERE counter LIKE 'job-%'"
                    + " GROUP BY counter HAVING count(*) > 1"))
        .as("runs applied twice")
        .isEmpty();
    assertThat(DB.number("SELECT count(*) FROM tally.runs WHERE counter LIKE 'job-%'"))
        .as("runs, one per accepted run request")
        .isEqualTo(rounds);
    assertThat(DB.number("SELECT count(*) FROM carillon_job WHERE job_group = 'lb'"))
        .isEqualTo(rounds);
    assertThat(refused).as("connections node-2 refused, which nginx sent elsewhere").isPositive();
  }

  /** One request; anything but the expected status (or an I/O error) is a failure. */
  private static void call(
      String what,
      Supplier<Reply> request,
      int expected,
      Map<String, Integer> statuses,
      List<Failure> failures) {
    Instant startedAt = Instant.now();
    try {
      Reply reply = request.get();
      statuses.merge(what + " " + reply.status(), 1, Integer::sum);
      if (reply.status() != expected) {
        failures.add(new Failure(what, startedAt, reply.toString()));
      }
    } catch (RuntimeException e) {
      statuses.merge(what + " error", 1, Integer::sum);
      failures.add(new Failure(what, startedAt, e.toString()));
    }
  }

  /** A request that did not get its expected answer, and when it was sent. */
  private record Failure(String what, Instant startedAt, String detail) {}
}
