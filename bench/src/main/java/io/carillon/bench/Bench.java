package io.carillon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark harness (SPEC §11). Runs the named workloads (burst, steady, failover, api, or all)
 * on raw Quartz and then on Carillon, each on a fresh database with the same node count, thread
 * count, pool size, heap and Quartz settings, and prints one result line and one JSON record per
 * workload (the records are appended to the results file too).
 *
 * <p>Usage: {@code Bench <jdbc-server-url> <user> <password> <carillon.jar> <config.yml>
 * <results.jsonl> <workload> [--option=value ...]}; see bench/run.sh.
 */
public final class Bench {
  static final String HEAP = "-Xmx512m";

  /** Where the jobs of both systems record their own runs. */
  static final String RUNS_TABLE =
      "CREATE TABLE bench_fire (job_group VARCHAR(200), job_name VARCHAR(200),"
          + " node VARCHAR(200), scheduled_at TIMESTAMP, started_at TIMESTAMP,"
          + " recovering BOOLEAN)";

  /** Client threads creating jobs, for both systems. */
  static final int CLIENTS = 4;

  /** The configuration file the Carillon nodes and the migration run with. */
  static Path config;

  private static final List<String> WORKLOADS = List.of("burst", "steady", "failover", "api");

  private Bench() {}

  public static void main(String[] args) throws Exception {
    RawQuartzNode.quietLogging();
    String server = args[0];
    String user = args[1];
    String password = args[2];
    Path jar = Path.of(args[3]).toAbsolutePath();
    config = Path.of(args[4]).toAbsolutePath();
    Path results = Path.of(args[5]).toAbsolutePath();
    String workload = args[6];
    Options options = Options.parse(Arrays.asList(args).subList(7, args.length));
    List<String> selected = workload.equals("all") ? WORKLOADS : List.of(workload);
    if (!WORKLOADS.containsAll(selected)) {
      throw new IllegalArgumentException(
          "workload must be one of " + WORKLOADS + " or all, not " + workload);
    }
    Path workDir = Files.createTempDirectory("carillon-bench");
    System.out.println("# logs and recordings in " + workDir);
    String prefix = "carillon_bench_" + ProcessHandle.current().pid();
    Map<String, Map<String, Object>> raw = new LinkedHashMap<>();
    Map<String, Map<String, Object>> carillon = new LinkedHashMap<>();
    if (selected.stream().anyMatch(w -> !w.equals("api"))) {
      try (Pg db = Pg.create(server, prefix + "_raw", user, password);
          RawCluster cluster = new RawCluster(db, jar, workDir, options)) {
        runOn(cluster, selected, options, workDir, raw);
      }
      try (Pg db = Pg.create(server, prefix + "_carillon", user, password);
          CarillonCluster cluster = new CarillonCluster(db, jar, config, workDir, options)) {
        runOn(cluster, selected, options, workDir, carillon);
      }
    }
    for (String name : selected) {
      Map<String, Object> record;
      if (name.equals("api")) {
        try (Pg db = Pg.create(server, prefix + "_api", user, password);
            CarillonCluster cluster = new CarillonCluster(db, jar, config, workDir, options)) {
          record = new ApiWorkload(cluster, db, options).run();
        }
      } else {
        record = Comparison.of(name, options, carillon.get(name), raw.get(name));
      }
      report(record, results);
    }
  }

  private static void runOn(
      Cluster cluster,
      List<String> selected,
      Options options,
      Path workDir,
      Map<String, Map<String, Object>> out)
      throws Exception {
    Burst.warmUp(cluster);
    if (selected.contains("burst")) {
      out.put("burst", new Burst(cluster, options, workDir).run());
      @SuppressWarnings("unchecked")
      Map<String, Object> profile = (Map<String, Object>) out.get("burst").get("profile");
      System.out.printf(
          "#   %s burst: %.0f jobs/s; %s%n",
          cluster.system(), out.get("burst").get("jobsPerSecond"), Profiler.describe(profile));
    }
    if (selected.contains("steady")) {
      out.put("steady", new Steady(cluster, options).run());
      System.out.println("#   " + cluster.system() + " steady: " + out.get("steady"));
    }
    // Last: it kills a node.
    if (selected.contains("failover")) {
      out.put("failover", new Failover(cluster).run());
      System.out.println("#   " + cluster.system() + " failover: " + out.get("failover"));
    }
  }

  private static void report(Map<String, Object> record, Path results) throws Exception {
    Object line = record.remove("line");
    record.put("at", Instant.now().toString());
    record.put("load", Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println(line);
    String json = Json.write(record);
    System.out.println(json);
    Files.createDirectories(results.getParent());
    Files.writeString(results, json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The schema comes from Carillon's own migrations, so both systems use the same tables. */
  static void migrate(Pg db, Path jar, Path workDir) throws Exception {
    Path log = workDir.resolve(db.name() + "-migrate.log");
    ProcessBuilder builder =
        new ProcessBuilder(java(), "-jar", jar.toString(), "db", "migrate", config.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "DATABASE_URL",
                db.url(),
                "DATABASE_USER",
                db.user(),
                "DATABASE_PASSWORD",
                db.password()));
    Process process = builder.start();
    process.getOutputStream().close();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(Files.readString(log));
    }
  }

  /** A task for each item on {@link #CLIENTS} threads; the first failure is rethrown. */
  static <T> void inParallel(List<T> items, ThrowingConsumer<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (T item : items) {
        calls.add(
            pool.submit(
                () -> {
                  task.accept(item);
                  return null;
                }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A consumer that may throw. */
  interface ThrowingConsumer<T> {
    void accept(T item) throws Exception;
  }

  static boolean contains(NodeProcess node, String text) {
    try {
      return node.output().contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static void sleepUntil(Instant instant) throws InterruptedException {
    long millis = instant.toEpochMilli() - System.currentTimeMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
