package io.carillon.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * R fires per second for D seconds: R no-op jobs each firing every second, their start times spread
 * evenly over the first second; fire lag (the run's own start minus its scheduled fire time) p50,
 * p99 and max, how many of the R x D fires ran at all, and the profile of the fires.
 */
final class Steady {
  // The p99 target: a fire later than this counts as late in the per-second breakdown.
  private static final long LATE_MS = 50;
  private static final int WORST_SECONDS = 6;

  private static final Duration INTERVAL = Duration.ofSeconds(1);

  /** How long after the last due fire the fires still running late are waited for. */
  private static final Duration GRACE = Duration.ofSeconds(60);

  private final Cluster cluster;
  private final Options options;
  private final Settings settings;

  Steady(Cluster cluster, Options options, Settings settings) {
    this.cluster = cluster;
    this.options = options;
    this.settings = settings;
  }

  Map<String, Object> run() throws Exception {
    long perJobMicros = Burst.writeMicrosPerJob(cluster);
    Map<String, Object> out = new LinkedHashMap<>();
    for (int rate : options.rates()) {
      out.put(Integer.toString(rate), atRate(rate, perJobMicros));
    }
    return out;
  }

  private Map<String, Object> atRate(int rate, long perJobMicros) throws Exception {
    String group = "steady-" + rate;
    int seconds = options.seconds();
    // Written ahead, with room to spare over the write time measured on this cluster, and then
    // one idle wait (polling interval) more, so that every node has looked for work since: a node
    // learns of jobs another process wrote only when it looks.
    Instant start =
        Instant.now()
            .plusNanos(perJobMicros * 1000 * rate * 2)
            .plusMillis(settings.idleWaitMs())
            .plusSeconds(1);
    Instant end = start.plusSeconds(seconds);
    List<Instant> startAts = new ArrayList<>();
    for (int i = 0; i < rate; i++) {
      startAts.add(start.plusMillis(i * INTERVAL.toMillis() / rate));
    }
    cluster.createRepeating(group, Burst.names("r-", rate), startAts, INTERVAL, end);
    cluster.analyze();
    boolean overran = Instant.now().isAfter(start);
    Bench.sleepUntil(start.minusMillis(200));
    Profiler profiler = new Profiler(cluster);
    Bench.sleepUntil(end);
    long expected = (long) rate * seconds;
    String due = " WHERE job_group = ? AND scheduled_at < ?";
    boolean complete = true;
    try {
      cluster
          .db()
          .awaitCount(
              "SELECT count(*) FROM " + cluster.runs() + due,
              expected,
              GRACE,
              group,
              java.sql.Timestamp.from(end));
    } catch (IllegalStateException e) {
      complete = false;
    }
    profiler.stopSampling();
    // A system that fell behind would carry its backlog into the next rate.
    cluster.stopGroup(group);
    Thread.sleep(Burst.STATS_FLUSH.toMillis());
    List<Long> lags = new ArrayList<>();
    List<long[]> scheduledAndLag = new ArrayList<>();
    for (long[] row :
        cluster
            .db()
            .rows(
                "SELECT scheduled_at, started_at FROM " + cluster.runs() + due,
                group,
                java.sql.Timestamp.from(end))) {
      lags.add(row[1] - row[0]);
      scheduledAndLag.add(new long[] {row[0], row[1] - row[0]});
    }
    Map<String, Object> out = new LinkedHashMap<>(Percentiles.of(lags, "LagMs"));
    out.put("lateBySecond", lateBySecond(scheduledAndLag, start, cluster.system()));
    out.put("expected", expected);
    // A fire is a job and its scheduled time: any second run of one is a duplicate.
    out.put(
        "duplicates",
        cluster
            .db()
            .number(
                "SELECT count(*) - count(DISTINCT (job_name, scheduled_at)) FROM "
                    + cluster.runs()
                    + due,
                group,
                java.sql.Timestamp.from(end)));
    out.put("complete", complete);
    out.put("writeOverranStart", overran);
    if ((long) out.get("duplicates") > 0) {
      for (String run :
          cluster
              .db()
              .strings(
                  "SELECT job_name || ' ' || scheduled_at || ' ' || node || ' ' || started_at FROM "
                      + cluster.runs()
                      + " WHERE job_group = ? AND (job_name, scheduled_at) IN (SELECT job_name,"
                      + " scheduled_at FROM "
                      + cluster.runs()
                      + due
                      + " GROUP BY job_name, scheduled_at HAVING count(*) > 1)"
                      + " ORDER BY job_name, scheduled_at, started_at LIMIT 20",
                  group,
                  group,
                  java.sql.Timestamp.from(end))) {
        System.out.println("#     duplicate run: " + run);
      }
    }
    out.put("profile", profiler.end(lags.size()));
    return out;
  }

  /**
   * Where the tail is: for each second of the run (by scheduled time, from the start), the fires
   * later than {@value #LATE_MS} ms and the worst lag, the {@value #WORST_SECONDS} worst seconds
   * printed. A tail spread over every second is load; one in a few seconds is a stall, and their
   * spacing hints at what stalls (a 5 s period: check-ins, maintenance, the misfire scan).
   */
  static List<Map<String, Object>> lateBySecond(
      List<long[]> scheduledAndLag, Instant start, String system) {
    Map<Long, long[]> bySecond = new java.util.TreeMap<>();
    for (long[] fire : scheduledAndLag) {
      long second = Math.floorDiv(fire[0] - start.toEpochMilli(), 1000);
      long[] counts = bySecond.computeIfAbsent(second, s -> new long[3]);
      counts[0]++;
      if (fire[1] > LATE_MS) {
        counts[1]++;
      }
      counts[2] = Math.max(counts[2], fire[1]);
    }
    List<Map<String, Object>> seconds = new ArrayList<>();
    bySecond.forEach(
        (second, counts) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("second", second);
          entry.put("fires", counts[0]);
          entry.put("late", counts[1]);
          entry.put("maxLagMs", counts[2]);
          seconds.add(entry);
        });
    StringBuilder line =
        new StringBuilder(
            "#   "
                + system
                + ": fires later than "
                + LATE_MS
                + " ms by second of the run, worst "
                + WORST_SECONDS
                + ":");
    seconds.stream()
        .sorted(
            java.util.Comparator.comparingLong((Map<String, Object> m) -> (long) m.get("late"))
                .reversed())
        .limit(WORST_SECONDS)
        .forEach(
            m ->
                line.append(
                    String.format(
                        java.util.Locale.ROOT,
                        " +%ds %d/%d (max %d ms)",
                        m.get("second"),
                        m.get("late"),
                        m.get("fires"),
                        m.get("maxLagMs"))));
    System.out.println(line);
    return seconds;
  }
}
