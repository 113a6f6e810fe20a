package io.carillon.server.metrics;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Serves the application's registry as Prometheus text at the admin port's {@code /prometheus}
 * ({@code /metrics} there is Dropwizard's JSON). Carillon's own metrics come labelled through
 * {@link LabelledMetrics}; the rest (HikariCP, JVM, Jetty, Jersey) through the generic bridge.
 */
public final class PrometheusExposition {
  public static final String PATH = "/prometheus";

  private PrometheusExposition() {}

  public static PrometheusRegistry register(Environment environment, LabelledMetrics labelled) {
    PrometheusRegistry registry = build(environment.metrics(), labelled);
    environment
        .admin()
        .addServlet("prometheus", new PrometheusMetricsServlet(registry))
        .addMapping(PATH);
    return registry;
  }

  /** A registry of its own, never Prometheus's global default: one per application. */
  static PrometheusRegistry build(MetricRegistry metrics, LabelledMetrics labelled) {
    PrometheusRegistry registry = new PrometheusRegistry();
    // The bridge registers only into a registry: give it one of its own, renamed on the way out.
    PrometheusRegistry bridge = new PrometheusRegistry();
    DropwizardExports.builder()
        .dropwizardRegistry(metrics)
        .metricFilter(
            (name, metric) ->
                labelled.notLabelled().matches(name, metric)
                    && ResourceTimers.excluded().matches(name, metric))
        .register(bridge);
    registry.register(new SnakeCaseNames(bridge::scrape));
    registry.register(labelled);
    registry.register(new ResourceTimers(metrics));
    return registry;
  }
}
