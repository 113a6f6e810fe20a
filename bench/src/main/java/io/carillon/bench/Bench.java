package io.carillon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;

/**
 * The benchmark harness (SPEC §11). Workload "burst": N one-shot no-op jobs all due at once on a
 * cluster of nodes; throughput from the moment they became due until the last one started, with
 * duplicates and misses counted. Run against raw Quartz and against Carillon in the same run, on
 * the same database, with the same node count, thread count and Quartz settings.
 *
 * <p>Usage: {@code Bench <jdbc-url> <user> <password> <carillon.jar> <config.yml> <n> <nodes>
 * <threads>}; see bench/run.sh.
 */
public final class Bench {
  private static final String KEY = "bench-admin-key-0123456789abcdef";

  private final String url;
  private final String user;
  private final String password;
  private final Path jar;
  private final Path config;
  private final Path workDir;

  private Bench(String[] args) throws Exception {
    url = args[0];
    user = args[1];
    password = args[2];
    jar = Path.of(args[3]).toAbsolutePath();
    config = Path.of(args[4]).toAbsolutePath();
    workDir = Files.createTempDirectory("carillon-bench");
  }

  /** One workload's outcome on one system. */
  record Burst(String system, int n, double seconds, long duplicates, long misses) {
    double perSecond() {
      return n / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[5]);
    int nodes = Integer.parseInt(args[6]);
    int threads = Integer.parseInt(args[7]);
    Bench bench = new Bench(args);
    Burst raw = bench.rawBurst(n, nodes, threads);
    Burst carillon = bench.carillonBurst(n, nodes, threads);
    System.out.printf(
        "burst: n=%d nodes=%d threads=%d  carillon %.0f jobs/s  raw-quartz %.0f jobs/s"
            + "  ratio %.2f  duplicates %d/%d  misses %d/%d%n",
        n,
        nodes,
        threads,
        carillon.perSecond(),
        raw.perSecond(),
        carillon.perSecond() / raw.perSecond(),
        carillon.duplicates(),
        raw.duplicates(),
        carillon.misses(),
        raw.misses());
    System.out.printf(
        "{\"workload\":\"burst\",\"n\":%d,\"nodes\":%d,\"threads\":%d,"
            + "\"carillon\":{\"jobsPerSecond\":%.1f,\"seconds\":%.3f,\"duplicates\":%d,\"misses\":%d},"
            + "\"rawQuartz\":{\"jobsPerSecond\":%.1f,\"seconds\":%.3f,\"duplicates\":%d,\"misses\":%d},"
            + "\"ratio\":%.3f}%n",
        n,
        nodes,
        threads,
        carillon.perSecond(),
        carillon.seconds(),
        carillon.duplicates(),
        carillon.misses(),
        raw.perSecond(),
        raw.seconds(),
        raw.duplicates(),
        raw.misses(),
        carillon.perSecond() / raw.perSecond());
  }

  /** Raw Quartz: nodes from the server jar's class path plus this module's classes. */
  private Burst rawBurst(int n, int nodes, int threads) throws Exception {
    migrate();
    sql(
        "CREATE TABLE IF NOT EXISTS bench_fire (job_name VARCHAR(200), node VARCHAR(200),"
            + " scheduled_at TIMESTAMP, started_at TIMESTAMP)",
        "TRUNCATE bench_fire");
    String separator = System.getProperty("path.separator");
    StringBuilder classPath = new StringBuilder(jar.toString());
    for (String entry : System.getProperty("java.class.path").split(separator)) {
      classPath.append(separator).append(Path.of(entry).toAbsolutePath());
    }
    List<NodeProcess> cluster = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        NodeProcess node =
            NodeProcess.start(
                List.of(
                    java(),
                    "-cp",
                    classPath.toString(),
                    RawQuartzNode.class.getName(),
                    url,
                    user,
                    password,
                    "raw-" + i,
                    Integer.toString(threads)),
                Map.of(),
                workDir.resolve("raw-" + i + ".log"));
        cluster.add(node);
      }
      for (NodeProcess node : cluster) {
        node.await("ready", Duration.ofSeconds(60), () -> contains(node, "READY"));
      }
      // Triggers written while everything is paused, then released at once: that is "all due".
      try (var pool = RawQuartzNode.pool(url, user, password, 4)) {
        RawQuartzNode.dataSource = pool;
        Scheduler client = RawQuartzNode.scheduler(pool, "bench-client", 1);
        client.pauseAll();
        for (int i = 0; i < n; i++) {
          JobDetail job =
              JobBuilder.newJob(RawQuartzNode.RecordingJob.class)
                  .withIdentity("job-" + i, "burst")
                  .build();
          client.scheduleJob(job, TriggerBuilder.newTrigger().forJob(job).startNow().build());
        }
        Instant due = Instant.now();
        client.resumeAll();
        awaitCount("SELECT count(DISTINCT job_name) FROM bench_fire", n);
        double seconds = secondsSince(due, "SELECT max(started_at) FROM bench_fire");
        long all = number("SELECT count(*) FROM bench_fire");
        long distinct = number("SELECT count(DISTINCT job_name) FROM bench_fire");
        client.shutdown();
        return new Burst("raw-quartz", n, seconds, all - distinct, n - distinct);
      }
    } finally {
      for (NodeProcess node : cluster) {
        node.close();
      }
    }
  }

  /** Carillon: server processes from the packaged jar, jobs created through the REST API. */
  private Burst carillonBurst(int n, int nodes, int threads) throws Exception {
    List<NodeProcess> cluster = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        int port = NodeProcess.freePort();
        int admin = NodeProcess.freePort();
        ports.add(port);
        cluster.add(
            NodeProcess.start(
                List.of(java(), "-Xmx512m", "-jar", jar.toString(), "server", config.toString()),
                Map.of(
                    "DATABASE_URL",
                    url,
                    "DATABASE_USER",
                    user,
                    "DATABASE_PASSWORD",
                    password,
                    "CARILLON_ADMIN_KEY",
                    KEY,
                    "CARILLON_NODE_ID",
                    "carillon-" + i,
                    "CARILLON_THREADS",
                    Integer.toString(threads),
                    "PORT",
                    Integer.toString(port),
                    "ADMIN_PORT",
                    Integer.toString(admin)),
                workDir.resolve("carillon-" + i + ".log")));
      }
      for (int i = 0; i < nodes; i++) {
        int port = ports.get(i);
        cluster.get(i).await("healthy", Duration.ofSeconds(90), () -> answers(port));
      }
      String api = "http://127.0.0.1:" + ports.get(0) + "/api/v1";
      HttpClient http = HttpClient.newHttpClient();
      post(http, api + "/scheduler/pause-all", "{}");
      createJobs(http, api, n);
      Instant due = Instant.now();
      post(http, api + "/scheduler/resume-all", "{}");
      String done =
          "SELECT count(DISTINCT job_name) FROM carillon_execution"
              + " WHERE job_group = 'burst' AND status = 'SUCCEEDED'";
      awaitCount(done, n);
      double seconds =
          secondsSince(
              due, "SELECT max(started_at) FROM carillon_execution WHERE job_group = 'burst'");
      long all =
          number(
              "SELECT count(*) FROM carillon_execution WHERE job_group = 'burst'"
                  + " AND status <> 'SKIPPED'");
      long distinct = number(done);
      return new Burst("carillon", n, seconds, all - distinct, n - distinct);
    } finally {
      for (NodeProcess node : cluster) {
        node.close();
      }
    }
  }

  private static void createJobs(HttpClient http, String api, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String body =
            "{\"group\":\"burst\",\"name\":\"job-"
                + i
                + "\",\"type\":\"noop\",\"schedule\":{\"at\":\""
                + Instant.now()
                + "\"}}";
        calls.add(pool.submit(() -> post(http, api + "/jobs", body)));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Void post(HttpClient http, String uri, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return null;
  }

  private static boolean answers(int port) {
    try {
      HttpResponse<Void> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                      .header("Authorization", "Bearer " + KEY)
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** The schema comes from Carillon's own migrations, so both systems use the same tables. */
  private void migrate() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(java(), "-jar", jar.toString(), "db", "migrate", config.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("migrate.log").toFile());
    builder
        .environment()
        .putAll(Map.of("DATABASE_URL", url, "DATABASE_USER", user, "DATABASE_PASSWORD", password));
    Process process = builder.start();
    process.getOutputStream().close();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(Files.readString(workDir.resolve("migrate.log")));
    }
  }

  private void awaitCount(String sql, long expected) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    while (number(sql) < expected) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("only " + number(sql) + " of " + expected + " ran");
      }
      Thread.sleep(50);
    }
  }

  private double secondsSince(Instant due, String lastStartSql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(lastStartSql)) {
      rows.next();
      Instant last = rows.getTimestamp(1).toInstant();
      return Math.max(0.001, Duration.between(due, last).toNanos() / 1e9);
    }
  }

  private long number(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void sql(String... statements) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private static boolean contains(NodeProcess node, String text) {
    try {
      return node.output().contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
