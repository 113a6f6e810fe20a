package io.carillon.server.metrics;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Dropwizard timer that also keeps the sum of what it timed, so that Prometheus gets {@code _sum}
 * and an average can be taken across replicas (quantiles cannot be aggregated).
 */
public final class SummingTimer extends Timer {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99};

  private final LongAdder sumNanos = new LongAdder();

  @Override
  public void update(Duration duration) {
    long nanos = Math.max(0, duration.toNanos());
    update(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void update(long duration, TimeUnit unit) {
    if (duration >= 0) {
      sumNanos.add(unit.toNanos(duration));
    }
    super.update(duration, unit);
  }

  SummarySnapshot.SummaryDataPointSnapshot snapshot(Labels labels) {
    return summary(this, labels, sumNanos.sum() / NANOS_PER_SECOND);
  }

  /** Any Dropwizard timer as a Prometheus summary point in seconds; sum NaN: none is known. */
  static SummarySnapshot.SummaryDataPointSnapshot summary(
      Timer timer, Labels labels, double sumSeconds) {
    Snapshot snapshot = timer.getSnapshot();
    Quantile[] quantiles = new Quantile[QUANTILES.length];
    for (int i = 0; i < QUANTILES.length; i++) {
      quantiles[i] = new Quantile(QUANTILES[i], snapshot.getValue(QUANTILES[i]) / NANOS_PER_SECOND);
    }
    SummarySnapshot.SummaryDataPointSnapshot.Builder point =
        SummarySnapshot.SummaryDataPointSnapshot.builder()
            .labels(labels)
            .quantiles(Quantiles.of(quantiles))
            .count(timer.getCount());
    if (!Double.isNaN(sumSeconds)) {
      point.sum(sumSeconds);
    }
    return point.build();
  }
}
