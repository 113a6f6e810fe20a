package io.carillon.server.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The generic Dropwizard bridge's series under names {@code promtool check metrics} accepts:
 * snake_case ({@code carillon_pool_ActiveConnections} is {@code carillon_pool_active_connections})
 * and no {@code _count} suffix on what is not a summary or histogram ({@code
 * jvm_threads_blocked_count} is {@code jvm_threads_blocked}).
 */
final class SnakeCaseNames implements MultiCollector {
  private static final Pattern HUMP = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern ACRONYM = Pattern.compile("([A-Z]+)([A-Z][a-z])");

  private final MultiCollector bridge;

  SnakeCaseNames(MultiCollector bridge) {
    this.bridge = bridge;
  }

  @Override
  public MetricSnapshots collect() {
    MetricSnapshots.Builder renamed = MetricSnapshots.builder();
    for (MetricSnapshot snapshot : bridge.collect()) {
      renamed.metricSnapshot(rename(snapshot));
    }
    return renamed.build();
  }

  /** {@code carillon.pool.ActiveConnections} style names as Prometheus wants them. */
  static String snakeCase(String name, boolean distribution) {
    // Dropwizard's names keep their dots here; the exposition would turn them into underscores.
    String snake = ACRONYM.matcher(name.replaceAll("[^A-Za-z0-9_:]", "_")).replaceAll("$1_$2");
    snake = HUMP.matcher(snake).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    snake = snake.replaceAll("__+", "_");
    if (!distribution && snake.endsWith("_count") && snake.length() > "_count".length()) {
      snake = snake.substring(0, snake.length() - "_count".length());
    }
    return snake;
  }

  private static MetricSnapshot rename(MetricSnapshot snapshot) {
    MetricMetadata old = snapshot.getMetadata();
    boolean distribution =
        snapshot instanceof SummarySnapshot || snapshot instanceof HistogramSnapshot;
    String name = snakeCase(old.getName(), distribution);
    if (name.equals(old.getName())) {
      return snapshot;
    }
    MetricMetadata metadata =
        old.hasUnit()
            ? new MetricMetadata(name, old.getHelp(), old.getUnit())
            : new MetricMetadata(name, old.getHelp());
    if (snapshot instanceof GaugeSnapshot gauge) {
      return new GaugeSnapshot(metadata, gauge.getDataPoints());
    } else if (snapshot instanceof CounterSnapshot counter) {
      return new CounterSnapshot(metadata, counter.getDataPoints());
    } else if (snapshot instanceof SummarySnapshot summary) {
      return new SummarySnapshot(metadata, summary.getDataPoints());
    } else if (snapshot instanceof HistogramSnapshot histogram) {
      return new HistogramSnapshot(
          histogram.isGaugeHistogram(), metadata, histogram.getDataPoints());
    } else if (snapshot instanceof InfoSnapshot info) {
      return new InfoSnapshot(metadata, info.getDataPoints());
    } else if (snapshot instanceof StateSetSnapshot states) {
      return new StateSetSnapshot(metadata, states.getDataPoints());
    } else if (snapshot instanceof UnknownSnapshot unknown) {
      return new UnknownSnapshot(metadata, unknown.getDataPoints());
    }
    return snapshot;
  }
}
