package io.carillon.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N one-shot no-op jobs all due at one instant F: jobs per second from the first start to the last
 * (N - 1 intervals), how long after F the first and the last started, with duplicates and misses
 * counted from the runs the jobs recorded themselves.
 *
 * <p>The jobs are written before F with F as their fire time (no pause and resume, which would time
 * Quartz's one-transaction resume of N triggers and each node's idle wait instead), far enough
 * ahead that the writing is over and its statistics are published before F; the nodes see them
 * through their ordinary acquisition look-ahead (idleWaitTime), so every node is at work at F.
 */
final class Burst {
  /** PostgreSQL backends publish their counters at most ten seconds after going idle. */
  static final Duration STATS_FLUSH = Duration.ofSeconds(11);

  private final Cluster cluster;
  private final Options options;
  private final Path workDir;

  Burst(Cluster cluster, Options options, Path workDir) {
    this.cluster = cluster;
    this.options = options;
    this.workDir = workDir;
  }

  /**
   * Runs {@code jobs} one-shot jobs first, so that every system is measured with its code compiled
   * and its pools full. A few hundred are not enough: with 300, the JIT compiler threads still took
   * half of Carillon's node CPU during a burst of 5,000 that followed (0.75 of 1.67 ms per fire).
   */
  static void warmUp(Cluster cluster, int jobs) throws Exception {
    Instant start = Instant.now();
    // A group per warm-up: a grown cluster warms up again, and Carillon keeps one-shot jobs.
    String group = "warmup-" + cluster.nodes().size();
    cluster.createOneShots(group, names("w-", jobs), start.plusSeconds(1));
    cluster.awaitRuns(group, jobs, Duration.ofMinutes(10));
    System.out.printf(
        "#   %s warmed up: %d jobs written and run in %d ms%n",
        cluster.system(), jobs, Duration.between(start, Instant.now()).toMillis());
  }

  static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + i);
    }
    return names;
  }

  /**
   * Microseconds per job of writing one-shot jobs on this cluster (four clients), from a sample of
   * 100 written and run in a group of their own.
   */
  static long writeMicrosPerJob(Cluster cluster) throws Exception {
    String group = "sample-" + System.nanoTime();
    Instant start = Instant.now();
    cluster.createOneShots(group, names("s-", 100), Instant.now().plusSeconds(1));
    long micros = Duration.between(start, Instant.now()).toNanos() / 1000 / 100;
    cluster.awaitRuns(group, 100, Duration.ofMinutes(2));
    return micros;
  }

  Map<String, Object> run() throws Exception {
    int n = options.jobs();
    String group = "burst-" + cluster.nodes().size();
    List<String> names = names("b-", n);
    long perJobMicros = writeMicrosPerJob(cluster);
    Instant writeStart = Instant.now();
    Instant due =
        writeStart.plusNanos(perJobMicros * 1000 * n * 3 / 2).plus(STATS_FLUSH).plusSeconds(1);
    cluster.createOneShots(group, names, due);
    cluster.analyze();
    Instant written = Instant.now();
    boolean overran = written.isAfter(due.minus(STATS_FLUSH));
    Bench.sleepUntil(due.minusMillis(300));
    Profiler profiler = new Profiler(cluster);
    Jfr jfr = options.jfr() ? Jfr.start(cluster.nodes().get(0), workDir) : null;
    boolean complete = true;
    try {
      cluster.awaitRuns(group, n, Duration.ofMinutes(5));
    } catch (IllegalStateException e) {
      complete = false;
    }
    profiler.stopSampling();
    Map<String, Object> jfrSummary = jfr == null ? null : jfr.stop();
    // Late duplicates would show within the flush wait.
    Thread.sleep(STATS_FLUSH.toMillis());
    List<long[]> runs =
        cluster
            .db()
            .rows(
                "SELECT count(*), count(DISTINCT job_name), min(started_at), max(started_at) FROM "
                    + cluster.runs()
                    + " WHERE job_group = ?",
                group);
    long all = runs.get(0)[0];
    long distinct = runs.get(0)[1];
    long first = runs.get(0)[2];
    long last = runs.get(0)[3];
    // From the first start to the last: a system that polls without looking ahead (db-scheduler)
    // starts up to one polling interval after F, which is a start latency, reported on its own.
    double seconds = Math.max(0.001, (last - first) / 1000.0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodes", cluster.nodes().size());
    out.put("jobsPerSecond", Math.max(0, distinct - 1) / seconds);
    out.put("seconds", seconds);
    out.put("firstRunAfterMs", first - due.toEpochMilli());
    out.put("lastRunAfterMs", last - due.toEpochMilli());
    out.put("duplicates", all - distinct);
    out.put("misses", n - distinct);
    out.put("complete", complete);
    out.put("writeSeconds", Duration.between(writeStart, written).toMillis() / 1000.0);
    out.put("writeOverranDue", overran);
    out.put("writeMicrosPerJob", perJobMicros);
    out.put("profile", profiler.end(all));
    if (jfrSummary != null) {
      out.put("jfr", jfrSummary);
    }
    return out;
  }
}
