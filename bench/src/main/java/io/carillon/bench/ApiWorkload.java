package io.carillon.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * With many jobs stored (--stored, 100,000 by default; seeded by {@link StoredJobs}): the latency
 * of one page of the job list, of one job, and of creating one, each over HTTP from one client, one
 * request at a time; then creates per second from {@value Bench#CLIENTS} clients at once, spread
 * over the nodes as a load balancer would, in two rounds of --creates each (the first one warms the
 * nodes up); then pause-all and resume-all over every stored trigger, a few rounds, each call timed
 * (the set-based store holds its exclusive lock, which stops every node's firing, only inside such
 * a call, so its latency bounds that stop); and the node's resident memory.
 */
final class ApiWorkload {
  private static final String SCHEDULE = CarillonCluster.NEVER;

  /** Rounds of pause-all then resume-all; the first is timed like the others. */
  private static final int PAUSE_ROUNDS = 5;

  private final CarillonCluster cluster;
  private final Pg db;
  private final Options options;

  ApiWorkload(CarillonCluster cluster, Pg db, Options options) {
    this.cluster = cluster;
    this.db = db;
    this.options = options;
  }

  Map<String, Object> run() throws Exception {
    int jobs = options.stored();
    StoredJobs.Seeded seeded = new StoredJobs(cluster, db).seed(jobs);
    List<String> names = seeded.names();
    int api = names.size();
    int copies = seeded.copies();
    int samples = options.samples();
    Random random = new Random(42);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobsStored", seeded.stored());
    out.put("seededThroughApi", api);
    out.put("seedApiCreatesPerSecond", seeded.apiCreatesPerSecond());
    out.put("seedSeconds", seeded.seconds());
    out.put("list", time(samples, i -> cluster.send("GET", "/jobs?limit=50", null)));
    out.put(
        "listFiltered",
        time(samples, i -> cluster.send("GET", "/jobs?limit=50&label=team:t3", null)));
    out.put(
        "get",
        time(
            samples,
            i -> {
              String name = names.get(random.nextInt(api));
              int copy = random.nextInt(copies + 1);
              cluster.send("GET", "/jobs/api/" + (copy == 0 ? name : name + "c" + copy), null);
            }));
    out.put(
        "create",
        time(
            samples,
            i ->
                cluster.send(
                    "POST",
                    "/jobs",
                    CarillonCluster.job(
                        "apinew",
                        "n" + i + "-" + System.nanoTime(),
                        SCHEDULE,
                        "noop",
                        "",
                        false))));
    // Twice: the first round also pays for compiling the create path in every node's JIT (half of
    // a node's CPU while it lasts); the second is what a server that has been up a while does.
    out.put("concurrentCreateFirst", concurrentCreates("apiwarm", options.creates()));
    out.put("concurrentCreate", concurrentCreates("apiload", options.creates()));
    out.put("pauseAll", pauseRounds());
    out.put("residentMb", cluster.nodes().get(0).residentKb() / 1024);
    out.put("heapLimit", Bench.HEAP);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("workload", "api");
    record.put("nodes", options.nodes());
    record.putAll(out);
    record.put("lines", List.of(line(out, options.nodes())));
    return record;
  }

  /**
   * {@code count} creates from {@value Bench#CLIENTS} clients at once, the i-th sent to node i mod
   * nodes: jobs per second over the whole, and each request's latency.
   */
  private Map<String, Object> concurrentCreates(String group, int count) throws Exception {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      indexes.add(i);
    }
    List<Long> nanos = java.util.Collections.synchronizedList(new ArrayList<>());
    long begin = System.nanoTime();
    Bench.inParallel(
        indexes,
        i -> {
          long sent = System.nanoTime();
          cluster.send(
              i % cluster.nodes().size(),
              "POST",
              "/jobs",
              CarillonCluster.job(group, "c" + i, SCHEDULE, "noop", "", false));
          nanos.add(System.nanoTime() - sent);
        });
    double seconds = (System.nanoTime() - begin) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>(Percentiles.ofNanos(nanos));
    out.put("clients", Bench.CLIENTS);
    out.put("jobsPerSecond", count / seconds);
    return out;
  }

  /**
   * {@value #PAUSE_ROUNDS} rounds of {@code POST /scheduler/pause-all} then {@code resume-all},
   * each through the next node, with every stored trigger (checked: all of them PAUSED after each
   * pause-all, none after each resume-all): the latency of each call.
   */
  private Map<String, Object> pauseRounds() throws Exception {
    List<Long> pauses = new ArrayList<>();
    List<Long> resumes = new ArrayList<>();
    // Carillon's own triggers (InternalJobs.GROUP: the canary) are never paused; every other is.
    String jobs = "SELECT count(*) FROM qrtz_triggers WHERE trigger_group <> 'carillon.internal'";
    long triggers = db.number(jobs);
    String paused = jobs + " AND trigger_state = 'PAUSED'";
    for (int round = 0; round < PAUSE_ROUNDS; round++) {
      int node = round % cluster.nodes().size();
      long begin = System.nanoTime();
      cluster.send(node, "POST", "/scheduler/pause-all", "{\"reason\":\"bench\"}");
      pauses.add(System.nanoTime() - begin);
      if (db.number(paused) != triggers) {
        throw new IllegalStateException("pause-all left triggers unpaused: " + db.number(paused));
      }
      begin = System.nanoTime();
      cluster.send(node, "POST", "/scheduler/resume-all", null);
      resumes.add(System.nanoTime() - begin);
      if (db.number(paused) != 0) {
        throw new IllegalStateException("resume-all left triggers paused: " + db.number(paused));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("triggers", triggers);
    out.put("rounds", PAUSE_ROUNDS);
    out.put("pauseAllMs", pauses.stream().map(n -> n / 1_000_000).toList());
    out.put("resumeAllMs", resumes.stream().map(n -> n / 1_000_000).toList());
    return out;
  }

  @SuppressWarnings("unchecked")
  private static String line(Map<String, Object> out, int nodes) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "api nodes=%d: %s jobs stored, p50/p99 ms",
                nodes,
                out.get("jobsStored")));
    for (String name : List.of("list", "listFiltered", "get", "create")) {
      Map<String, Object> t = (Map<String, Object>) out.get(name);
      line.append(
          String.format(
              Locale.ROOT,
              "  %s %.1f/%.1f",
              name.equals("listFiltered") ? "list-by-label" : name,
              t.get("p50Ms"),
              t.get("p99Ms")));
    }
    Map<String, Object> first = (Map<String, Object>) out.get("concurrentCreateFirst");
    Map<String, Object> load = (Map<String, Object>) out.get("concurrentCreate");
    line.append(
        String.format(
            Locale.ROOT,
            "  | POST /jobs from %s clients: %.0f jobs/s (p50/p99 %.1f/%.1f ms),"
                + " first round %.0f jobs/s",
            load.get("clients"),
            load.get("jobsPerSecond"),
            load.get("p50Ms"),
            load.get("p99Ms"),
            first.get("jobsPerSecond")));
    Map<String, Object> pause = (Map<String, Object>) out.get("pauseAll");
    line.append(
        String.format(
            Locale.ROOT,
            "  | over %s triggers, ms per call: pause-all %s, resume-all %s",
            pause.get("triggers"),
            pause.get("pauseAllMs"),
            pause.get("resumeAllMs")));
    line.append(String.format(Locale.ROOT, "  | node RSS %s MB", out.get("residentMb")));
    return line.toString();
  }

  /** Warms up with a tenth as many calls, then times {@code samples} calls one at a time. */
  private static Map<String, Object> time(int samples, Bench.ThrowingConsumer<Integer> call)
      throws Exception {
    for (int i = 0; i < Math.max(10, samples / 10); i++) {
      call.accept(-1 - i);
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      long begin = System.nanoTime();
      call.accept(i);
      nanos.add(System.nanoTime() - begin);
    }
    return Percentiles.ofNanos(nanos);
  }
}
