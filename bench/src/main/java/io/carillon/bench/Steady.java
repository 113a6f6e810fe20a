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
 * p99 and max, and how many of the R x D fires ran at all.
 */
final class Steady {
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final Cluster cluster;
  private final Options options;

  Steady(Cluster cluster, Options options) {
    this.cluster = cluster;
    this.options = options;
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int rate : options.rates()) {
      out.put(Integer.toString(rate), atRate(rate));
    }
    return out;
  }

  private Map<String, Object> atRate(int rate) throws Exception {
    String group = "steady-" + rate;
    int seconds = options.durationSeconds();
    // Written ahead: about 40 ms a job is well above what either system needs here.
    Instant start = Instant.now().plusMillis(40L * rate).plusSeconds(6);
    Instant end = start.plusSeconds(seconds);
    List<Instant> startAts = new ArrayList<>();
    for (int i = 0; i < rate; i++) {
      startAts.add(start.plusMillis(i * INTERVAL.toMillis() / rate));
    }
    cluster.createRepeating(group, Burst.names("r-", rate), startAts, INTERVAL, end);
    boolean overran = Instant.now().isAfter(start);
    Bench.sleepUntil(end.plusSeconds(2));
    long expected = (long) rate * seconds;
    String due = " WHERE job_group = ? AND scheduled_at < ?";
    try {
      cluster
          .db()
          .awaitCount(
              "SELECT count(*) FROM " + cluster.runs() + due,
              expected,
              Duration.ofSeconds(60),
              group,
              java.sql.Timestamp.from(end));
    } catch (IllegalStateException e) {
      // Reported below as fewer runs than expected.
    }
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
    out.put("writeOverranStart", overran);
    return out;
  }
}
