package io.carillon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark harness (SPEC §11). Runs the named workloads on Carillon, raw Quartz and
 * db-scheduler, one system after the other, each on a fresh database of the same PostgreSQL server
 * with the same node count, threads, pool size, heap and scheduler settings ({@link Settings}), and
 * prints result lines that show the systems side by side with Carillon's ratio to each, and one
 * JSON record per workload (appended to the results file too).
 *
 * <p>Usage: {@code Bench <jdbc-server-url> <user> <password> <carillon.jar> <config.yml>
 * <results.jsonl> <workload> [--option=value ...]}; see bench/run.sh.
 */
public final class Bench {
  static final String HEAP = "-Xmx512m";

  /** Where the jobs of every system record their own runs. */
  static final String RUNS_TABLE =
      "CREATE TABLE bench_fire (job_group VARCHAR(200), job_name VARCHAR(200),"
          + " node VARCHAR(200), scheduled_at TIMESTAMP, started_at TIMESTAMP,"
          + " recovering BOOLEAN)";

  /** Client threads creating jobs, for every system. */
  static final int CLIENTS = 4;

  /** The application_name of the harness's client pools (left out of the profile's backends). */
  static final String CLIENT = "bench-client";

  /** What each workload name runs; "all" is every one but burst, which scaling includes. */
  private static final List<String> WORKLOADS =
      List.of("burst", "scaling", "steady", "runnow", "failover", "api");

  private static final List<String> ALL = List.of("scaling", "steady", "runnow", "failover", "api");

  private Bench() {}

  public static void main(String[] args) throws Exception {
    RawQuartzNode.quietLogging();
    String server = args[0];
    String user = args[1];
    String password = args[2];
    Path results = Path.of(args[5]).toAbsolutePath();
    String workload = args[6];
    if (workload.equals("help") || workload.equals("--help")) {
      System.out.println(
          "workloads: " + String.join(", ", WORKLOADS) + ", all (= " + ALL + ")\n" + Options.USAGE);
      return;
    }
    Options options = Options.parse(Arrays.asList(args).subList(7, args.length));
    List<String> selected = workload.equals("all") ? ALL : List.of(workload.split(","));
    if (!WORKLOADS.containsAll(selected)) {
      throw new IllegalArgumentException(
          "workload must be one of " + WORKLOADS + " or all, not " + workload);
    }
    // Interrupted or not, no node and no database outlives the harness.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  NodeProcess.killAll();
                  Pg.dropAll();
                },
                "bench-cleanup"));
    Path workDir = Files.createTempDirectory("carillon-bench");
    Settings settings = Settings.of(options.threads(), options.batch(), options.dbsPollMs());
    Launch launch =
        new Launch(
            Path.of(args[3]).toAbsolutePath(),
            Path.of(args[4]).toAbsolutePath(),
            workDir,
            ServiceJar.countingDriver(workDir),
            settings,
            options.store());
    System.out.println("# logs and recordings in " + workDir);
    System.out.println(
        "# "
            + workload
            + " "
            + selected
            + " on "
            + options.systems()
            + ", nodes="
            + options.nodes()
            + (options.store() == null ? "" : ", Carillon scheduler.store=" + options.store())
            + "; load "
            + Comparison.load());
    System.out.println(settings.describe());
    String prefix = "carillon_bench_" + ProcessHandle.current().pid();
    Map<String, Map<String, Map<String, Object>>> byWorkload = new LinkedHashMap<>();
    for (String name : selected) {
      if (name.equals("scaling")) {
        // Its burst on all the nodes is reported as the burst workload too, first.
        byWorkload.put("burst", new LinkedHashMap<>());
      }
      byWorkload.put(name, new LinkedHashMap<>());
    }
    if (selected.stream().anyMatch(w -> !w.equals("api"))) {
      for (String system : options.systems()) {
        boolean scaling = selected.contains("scaling") && options.nodes() > 1;
        try (Pg db = Pg.create(server, prefix + "_" + system.replace('-', '_'), user, password);
            Cluster cluster = open(system, db, launch, scaling ? 1 : options.nodes())) {
          runOn(cluster, selected, options, launch, byWorkload);
        }
      }
    }
    if (selected.contains("api") && options.systems().contains("carillon")) {
      try (Pg db = Pg.create(server, prefix + "_api", user, password);
          CarillonCluster cluster = new CarillonCluster(db, launch, options.nodes())) {
        report(new ApiWorkload(cluster, db, options).run(), results);
      }
    }
    for (Map.Entry<String, Map<String, Map<String, Object>>> result : byWorkload.entrySet()) {
      if (!result.getKey().equals("api")) {
        report(Comparison.of(result.getKey(), options, result.getValue()), results);
      }
    }
  }

  private static Cluster open(String system, Pg db, Launch launch, int nodes) throws Exception {
    return switch (system) {
      case "carillon" -> new CarillonCluster(db, launch, nodes);
      case "raw-quartz" -> new RawCluster(db, launch, nodes);
      default -> new DbSchedulerCluster(db, launch, nodes);
    };
  }

  private static void runOn(
      Cluster cluster,
      List<String> selected,
      Options options,
      Launch launch,
      Map<String, Map<String, Map<String, Object>>> out)
      throws Exception {
    String system = cluster.system();
    Path workDir = launch.workDir();
    Burst.warmUp(cluster, options.warmUp());
    Map<String, Object> single = null;
    if (cluster.nodes().size() < options.nodes()) {
      single = new Burst(cluster, options, workDir).run();
      progress(system, "burst at 1 node", single);
      cluster.growTo(options.nodes());
      Burst.warmUp(cluster, options.warmUp());
    }
    if (selected.contains("burst") || selected.contains("scaling")) {
      Map<String, Object> burst = new Burst(cluster, options, workDir).run();
      progress(
          system,
          "burst at " + options.nodes() + (options.nodes() == 1 ? " node" : " nodes"),
          burst);
      out.get("burst").put(system, burst);
      if (selected.contains("scaling")) {
        Map<String, Object> scaling = new LinkedHashMap<>();
        Map<String, Object> one = single == null ? burst : single;
        double perSecondOne = (double) one.get("jobsPerSecond");
        double perSecondN = (double) burst.get("jobsPerSecond");
        scaling.put("jobsPerSecond1", perSecondOne);
        scaling.put("jobsPerSecondN", perSecondN);
        scaling.put("growth", perSecondN / perSecondOne);
        scaling.put("oneNode", one);
        out.get("scaling").put(system, scaling);
      }
    }
    if (selected.contains("steady")) {
      out.get("steady").put(system, new Steady(cluster, options, launch.settings()).run());
      System.out.println("#   " + system + " steady done");
    }
    if (selected.contains("runnow")) {
      Map<String, Object> runNow = new RunNow(cluster, options).run();
      out.get("runnow").put(system, runNow);
      System.out.println("#   " + system + " run-now: " + runNow);
    }
    // Last: it kills a node.
    if (selected.contains("failover")) {
      Map<String, Object> failover = new Failover(cluster).run();
      out.get("failover").put(system, failover);
      System.out.println("#   " + system + " failover: " + failover);
    }
  }

  @SuppressWarnings("unchecked")
  private static void progress(String system, String what, Map<String, Object> burst) {
    System.out.printf(
        Locale.ROOT,
        "#   %s %s: %.0f jobs/s, %s duplicates, %s misses; %s%n",
        system,
        what,
        burst.get("jobsPerSecond"),
        burst.get("duplicates"),
        burst.get("misses"),
        Profiler.describe((Map<String, Object>) burst.get("profile")));
    Object statements = ((Map<String, Object>) burst.get("profile")).get("statementsByCost");
    if (statements instanceof List<?> lines) {
      lines.stream().limit(8).forEach(line -> System.out.printf("#     %s%n", line));
    }
  }

  private static void report(Map<String, Object> record, Path results) throws Exception {
    Object lines = record.remove("lines");
    record.put("at", Instant.now().toString());
    record.put("load", Files.readString(Path.of("/proc/loadavg")).trim());
    for (Object line : (List<?>) lines) {
      System.out.println(line);
    }
    String json = Json.write(record);
    System.out.println(json);
    Files.createDirectories(results.getParent());
    Files.writeString(results, json + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The schema comes from Carillon's own migrations, so both systems use the same tables. */
  static void migrate(Pg db, Launch launch) throws Exception {
    Path log = launch.workDir().resolve(db.name() + "-migrate.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                java(),
                "-jar",
                launch.jar().toString(),
                "db",
                "migrate",
                launch.config().toString())
            .directory(launch.workDir().toFile())
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
