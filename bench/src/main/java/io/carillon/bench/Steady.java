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
    for (long[] row :
        cluster
            .db()
            .rows(
                "SELECT scheduled_at, started_at FROM " + cluster.runs() + due,
                group,
                java.sql.Timestamp.from(end))) {
      lags.add(row[1] - row[0]);
    }
    Map<String, Object> out = new LinkedHashMap<>(Percentiles.of(lags, "LagMs"));
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
}
