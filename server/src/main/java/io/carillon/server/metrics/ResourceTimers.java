package io.carillon.server.metrics;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timers {@code @Timed} puts on API methods, as two labelled families. Jersey's instrumentation
 * names them {@code Resource.method} and {@code Resource.method.total}; the generic bridge would
 * turn both into {@code Resource_method} (Prometheus drops a {@code _total} suffix) and fail the
 * scrape with "duplicate metric name".
 */
final class ResourceTimers implements MultiCollector {
  private static final Pattern NAME =
      Pattern.compile(
          "io\\.carillon\\.server\\.resources\\.([A-Za-z0-9_$]+)\\.([A-Za-z0-9_$]+)(\\.total)?");
  private static final String METHOD = "carillon_api_method_seconds";
  private static final String REQUEST = "carillon_api_request_seconds";

  private final MetricRegistry registry;

  ResourceTimers(MetricRegistry registry) {
    this.registry = registry;
  }

  /** For the generic bridge: every metric but these timers. */
  static boolean isResourceTimer(String name, Metric metric) {
    return metric instanceof Timer && NAME.matcher(name).matches();
  }

  @Override
  public MetricSnapshots collect() {
    SummarySnapshot.Builder methods =
        SummarySnapshot.builder().name(METHOD).help("Time in API resource methods");
    SummarySnapshot.Builder requests =
        SummarySnapshot.builder().name(REQUEST).help("Time of whole API requests, by method");
    for (Map.Entry<String, Timer> timer :
        registry.getTimers(ResourceTimers::isResourceTimer).entrySet()) {
      parse(timer.getKey())
          .ifPresent(
              m -> {
                Labels labels = Labels.of("resource", m.group(1), "method", m.group(2));
                SummarySnapshot.SummaryDataPointSnapshot point =
                    SummingTimer.summary(timer.getValue(), labels, Double.NaN);
                (m.group(3) == null ? methods : requests).dataPoint(point);
              });
    }
    return MetricSnapshots.of(methods.build(), requests.build());
  }

  static MetricFilter excluded() {
    return (name, metric) -> !isResourceTimer(name, metric);
  }

  private static Optional<Matcher> parse(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches() ? Optional.of(m) : Optional.empty();
  }
}
