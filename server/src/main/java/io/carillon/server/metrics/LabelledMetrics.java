package io.carillon.server.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Dropwizard metrics that Prometheus sees as one family with labels ({@code
 * carillon_runs_total{group="g",type="noop",status="succeeded"}}) rather than one mangled name per
 * label value. Each metric lives in the application's registry under {@code
 * carillon.runs{group=g,type=noop,status=succeeded}}, so the JSON {@code /metrics} shows it too;
 * this class exports those names itself and {@link #notLabelled()} keeps the generic bridge away
 * from them.
 */
public final class LabelledMetrics implements MultiCollector {
  private final MetricRegistry registry;
  private final Map<String, MetricFamily> families = new ConcurrentHashMap<>();
  private final Set<String> registeredNames = ConcurrentHashMap.newKeySet();
  private final List<MultiCollector> others = new CopyOnWriteArrayList<>();

  public LabelledMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  /** A counter in family {@code name} (exported as {@code name_total}); labels as name, value. */
  public Counter counter(String name, String help, String... labels) {
    return family(name, help, MetricFamily.Kind.COUNTER)
        .get(labels, dropwizardName -> registry.counter(dropwizardName));
  }

  /** A timer exported as a summary in seconds, with quantiles, count and sum. */
  public SummingTimer timer(String name, String help, String... labels) {
    return family(name, help, MetricFamily.Kind.SUMMARY)
        .get(labels, dropwizardName -> registry.register(dropwizardName, new SummingTimer()));
  }

  /** A gauge of a number read at each scrape. */
  public void gauge(String name, String help, Gauge<Number> gauge, String... labels) {
    family(name, help, MetricFamily.Kind.GAUGE)
        .get(labels, dropwizardName -> registry.register(dropwizardName, gauge));
  }

  /**
   * A gauge whose value costs a query: read at most once per {@code period}, however often the
   * metrics are scraped and by however many scrapers.
   */
  public void cachedGauge(
      String name, String help, Duration period, Supplier<? extends Number> value) {
    gauge(
        name,
        help,
        new CachedGauge<Number>(period.toMillis(), TimeUnit.MILLISECONDS) {
          @Override
          protected Number loadValue() {
            return value.get();
          }
        });
  }

  /**
   * A family whose label sets come and go (one per job, say), collected at each scrape by {@code
   * collector} itself rather than kept as Dropwizard metrics.
   */
  public void collector(MultiCollector collector) {
    others.add(collector);
  }

  /** For the generic bridge: every metric of the registry but the ones exported here. */
  public MetricFilter notLabelled() {
    return (name, metric) -> !registeredNames.contains(name);
  }

  @Override
  public MetricSnapshots collect() {
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    families.values().forEach(family -> snapshots.metricSnapshot(family.snapshot()));
    others.forEach(collector -> collector.collect().forEach(snapshots::metricSnapshot));
    return snapshots.build();
  }

  private MetricFamily family(String name, String help, MetricFamily.Kind kind) {
    MetricFamily family =
        families.computeIfAbsent(name, n -> new MetricFamily(n, help, kind, registeredNames));
    if (family.kind() != kind) {
      throw new IllegalArgumentException(name + " is already a " + family.kind());
    }
    return family;
  }

  static Labels labels(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come as name, value pairs");
    }
    String[] names = new String[pairs.length / 2];
    String[] values = new String[pairs.length / 2];
    for (int i = 0; i < names.length; i++) {
      names[i] = pairs[2 * i];
      values[i] = pairs[2 * i + 1] == null ? "" : pairs[2 * i + 1];
    }
    return Labels.of(names, values);
  }
}
