package io.carillon.server.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One Prometheus metric family: its Dropwizard metrics, one per set of label values. */
final class MetricFamily {
  enum Kind {
    COUNTER,
    GAUGE,
    SUMMARY
  }

  private final String name;
  private final String help;
  private final Kind kind;
  private final Set<String> registeredNames;
  private final Map<Labels, Metric> metrics = new ConcurrentHashMap<>();

  /**
   * The same metrics by their label pairs as given: each run moves several metrics on, and building
   * Prometheus {@link Labels} validates and sorts the names every time.
   */
  private final Map<List<String>, Metric> byPairs = new ConcurrentHashMap<>();

  MetricFamily(String name, String help, Kind kind, Set<String> registeredNames) {
    this.name = name;
    this.help = help;
    this.kind = kind;
    this.registeredNames = registeredNames;
  }

  Kind kind() {
    return kind;
  }

  @SuppressWarnings("unchecked")
  <M extends Metric> M get(String[] pairs, Function<String, M> create) {
    // Arrays.asList keeps nulls (an unknown type), which List.of would refuse.
    List<String> key = Arrays.asList(pairs.clone());
    Metric known = byPairs.get(key);
    if (known != null) {
      return (M) known;
    }
    Labels labels = LabelledMetrics.labels(pairs);
    Metric metric =
        metrics.computeIfAbsent(
            labels,
            l -> {
              String dropwizardName = dropwizardName(l);
              registeredNames.add(dropwizardName);
              return create.apply(dropwizardName);
            });
    byPairs.putIfAbsent(key, metric);
    return (M) metric;
  }

  /** {@code carillon_runs} with group=g becomes {@code carillon.runs{group=g}}. */
  private String dropwizardName(Labels labels) {
    String base = name.replace('_', '.');
    if (labels.isEmpty()) {
      return base;
    }
    StringJoiner joined = new StringJoiner(",", base + "{", "}");
    for (Label label : labels) {
      joined.add(label.getName() + "=" + label.getValue());
    }
    return joined.toString();
  }

  MetricSnapshot snapshot() {
    return switch (kind) {
      case COUNTER -> counters();
      case GAUGE -> gauges();
      case SUMMARY -> summaries();
    };
  }

  private MetricSnapshot counters() {
    CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
    metrics.forEach(
        (labels, metric) ->
            builder.dataPoint(
                CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(labels)
                    .value(((Counter) metric).getCount())
                    .build()));
    return builder.build();
  }

  private MetricSnapshot gauges() {
    GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
    metrics.forEach(
        (labels, metric) -> {
          double number;
          try {
            number =
                ((Gauge<?>) metric).getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
          } catch (RuntimeException e) {
            // A gauge that reads the database has no value while the database is away.
            number = Double.NaN;
          }
          builder.dataPoint(
              GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(number).build());
        });
    return builder.build();
  }

  private MetricSnapshot summaries() {
    SummarySnapshot.Builder builder = SummarySnapshot.builder().name(name).help(help);
    metrics.forEach(
        (labels, metric) -> builder.dataPoint(((SummingTimer) metric).snapshot(labels)));
    return builder.build();
  }
}
