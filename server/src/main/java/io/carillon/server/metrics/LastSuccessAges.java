package io.carillon.server.metrics;

import io.carillon.server.db.ExpectationListDao;
import io.carillon.server.db.ExpectationListDao.SuccessAge;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code carillon_job_last_success_age_seconds{group,name}}: per job, the seconds since its last
 * success (since its creation if it never succeeded), as the late-job check last saw it. One query
 * per scrape, cached for a few seconds; jobs come and go with the table, not with a registry.
 */
public final class LastSuccessAges implements MultiCollector {
  static final String NAME = "carillon_job_last_success_age_seconds";
  private static final Duration CACHE = Duration.ofSeconds(5);

  private final ExpectationListDao expectations;
  private final Clock clock;
  private List<SuccessAge> cached = List.of();
  private Instant loadedAt;

  public LastSuccessAges(ExpectationListDao expectations, Clock clock) {
    this.expectations = expectations;
    this.clock = clock;
  }

  @Override
  public MetricSnapshots collect() {
    Instant now = clock.instant();
    GaugeSnapshot.Builder gauge =
        GaugeSnapshot.builder()
            .name(NAME)
            .help("Seconds since the job last succeeded (since it was created, if never)");
    for (SuccessAge age : ages(now)) {
      gauge.dataPoint(
          GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(Labels.of("group", age.job().group(), "name", age.job().name()))
              .value(Math.max(0, Duration.between(age.since(), now).toMillis() / 1000.0))
              .build());
    }
    return MetricSnapshots.of(gauge.build());
  }

  private synchronized List<SuccessAge> ages(Instant now) {
    if (loadedAt == null || Duration.between(loadedAt, now).abs().compareTo(CACHE) > 0) {
      cached = expectations.successAges();
      loadedAt = now;
    }
    return cached;
  }
}
