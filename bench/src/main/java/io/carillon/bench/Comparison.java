package io.carillon.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One workload's result lines and JSON record from every system's figures: each line shows the
 * systems side by side, then Carillon's ratio to each other system ("x" = Carillon / other; for
 * throughput higher is better for Carillon, for lag, statements and CPU lower is).
 */
final class Comparison {
  private Comparison() {}

  /** A figure of one system's result: its text, and the number the ratio is taken of (or null). */
  private record Metric(
      String label,
      Function<Map<String, Object>, String> text,
      Function<Map<String, Object>, Double> value) {}

  static Map<String, Object> of(
      String workload, Options options, Map<String, Map<String, Object>> bySystem) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("workload", workload);
    record.put("nodes", options.nodes());
    record.put("threads", options.threads());
    List<String> lines = new ArrayList<>();
    switch (workload) {
      case "burst" -> {
        String title =
            String.format(Locale.ROOT, "burst n=%d nodes=%d", options.jobs(), options.nodes());
        record.put("jobs", options.jobs());
        burstLines(title, bySystem, lines);
      }
      case "scaling" -> {
        String title = String.format(Locale.ROOT, "scaling n=%d", options.jobs());
        record.put("jobs", options.jobs());
        lines.add(
            row(
                title,
                new Metric(
                    "jobs/s at 1 node",
                    m -> number(m, "jobsPerSecond1", "%.0f"),
                    m -> d(m, "jobsPerSecond1")),
                bySystem));
        lines.add(
            row(
                title,
                new Metric(
                    "jobs/s at " + options.nodes() + " nodes",
                    m -> number(m, "jobsPerSecondN", "%.0f"),
                    m -> d(m, "jobsPerSecondN")),
                bySystem));
        lines.add(
            row(
                title,
                new Metric(
                    options.nodes() + " nodes / 1 node",
                    m -> number(m, "growth", "%.2f"),
                    m -> d(m, "growth")),
                bySystem));
      }
      case "steady" -> {
        for (int rate : options.rates()) {
          String title =
              String.format(
                  Locale.ROOT,
                  "steady R=%d/s D=%ds nodes=%d",
                  rate,
                  options.seconds(),
                  options.nodes());
          Map<String, Map<String, Object>> atRate = new LinkedHashMap<>();
          bySystem.forEach(
              (system, result) -> atRate.put(system, sub(result, Integer.toString(rate))));
          lines.add(
              row(
                  title,
                  new Metric(
                      "lag p50/p99/max ms",
                      m -> m.get("p50LagMs") + "/" + m.get("p99LagMs") + "/" + m.get("maxLagMs"),
                      m -> d(m, "p99LagMs")),
                  atRate));
          lines.add(
              row(
                  title,
                  new Metric(
                      "fires run/expected (duplicates)",
                      m ->
                          m.get("count")
                              + "/"
                              + m.get("expected")
                              + " ("
                              + m.get("duplicates")
                              + ")",
                      m -> null),
                  atRate));
          profileLines(title, atRate, lines);
        }
      }
      case "runnow" -> {
        String title =
            String.format(
                Locale.ROOT, "run-now samples=%d nodes=%d", options.samples(), options.nodes());
        lines.add(
            row(
                title,
                new Metric(
                    "lag p50/p99/max ms",
                    m -> m.get("p50LagMs") + "/" + m.get("p99LagMs") + "/" + m.get("maxLagMs"),
                    m -> d(m, "p99LagMs")),
                bySystem));
      }
      default -> {
        String title = String.format(Locale.ROOT, "failover nodes=%d", options.nodes());
        lines.add(
            row(
                title,
                new Metric(
                    "s from SIGKILL to re-run (killed -> re-run on)",
                    m ->
                        m.get("secondsToRerun")
                            + " ("
                            + m.get("killed")
                            + " -> "
                            + m.get("rerunOn")
                            + ")",
                    m -> d(m, "secondsToRerun")),
                bySystem));
      }
    }
    record.put("results", bySystem);
    record.put("lines", lines);
    return record;
  }

  private static void burstLines(
      String title, Map<String, Map<String, Object>> bySystem, List<String> lines) {
    lines.add(
        row(
            title,
            new Metric(
                "jobs/s", m -> number(m, "jobsPerSecond", "%.0f"), m -> d(m, "jobsPerSecond")),
            bySystem));
    lines.add(
        row(
            title,
            new Metric(
                "duplicates/misses", m -> m.get("duplicates") + "/" + m.get("misses"), m -> null),
            bySystem));
    lines.add(
        row(
            title,
            new Metric(
                "first/last run after due ms",
                m -> m.get("firstRunAfterMs") + "/" + m.get("lastRunAfterMs"),
                m -> null),
            bySystem));
    profileLines(title, bySystem, lines);
  }

  /** Statements, commits and CPU per fire, from each result's "profile". */
  private static void profileLines(
      String title, Map<String, Map<String, Object>> bySystem, List<String> lines) {
    Map<String, Map<String, Object>> profiles = new LinkedHashMap<>();
    bySystem.forEach((system, result) -> profiles.put(system, sub(result, "profile")));
    lines.add(
        row(
            title,
            new Metric(
                "statements/fire (JDBC)",
                m -> number(m, "jdbcStatementsPerFire", "%.1f"),
                m -> d(m, "jdbcStatementsPerFire")),
            profiles));
    lines.add(
        row(
            title,
            new Metric(
                "commits/fire JDBC|server",
                m ->
                    number(m, "jdbcCommitsPerFire", "%.2f")
                        + "|"
                        + number(m, "serverCommitsPerFire", "%.2f"),
                m -> d(m, "jdbcCommitsPerFire")),
            profiles));
    lines.add(
        row(
            title,
            new Metric(
                "CPU ms/fire nodes+PostgreSQL",
                m ->
                    number(m, "jvmCpuMsPerFire", "%.2f")
                        + "+"
                        + number(m, "pgCpuMsPerFire", "%.2f"),
                m -> sum(d(m, "jvmCpuMsPerFire"), d(m, "pgCpuMsPerFire"))),
            profiles));
  }

  /**
   * "title label: carillon A | raw-quartz B | db-scheduler C | carillon/raw-quartz 0.55x ...":
   * every system that ran, then Carillon's ratio to each where both have the number.
   */
  private static String row(
      String title, Metric metric, Map<String, Map<String, Object>> bySystem) {
    StringBuilder line = new StringBuilder(title).append("  ").append(metric.label()).append(':');
    String separator = " ";
    for (String system : Options.SYSTEMS) {
      Map<String, Object> result = bySystem.get(system);
      if (result != null) {
        line.append(separator).append(system).append(' ').append(metric.text().apply(result));
        separator = " | ";
      }
    }
    Map<String, Object> carillon = bySystem.get("carillon");
    Double mine = carillon == null ? null : metric.value().apply(carillon);
    for (String system : Options.SYSTEMS.subList(1, Options.SYSTEMS.size())) {
      Map<String, Object> other = bySystem.get(system);
      Double theirs = other == null ? null : metric.value().apply(other);
      if (mine != null && theirs != null && theirs != 0) {
        line.append(String.format(Locale.ROOT, " | carillon/%s %.3gx", system, mine / theirs));
      }
    }
    return line.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sub(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value instanceof Map<?, ?> inner ? (Map<String, Object>) inner : Map.of();
  }

  private static Double d(Map<String, Object> map, String key) {
    return map.get(key) instanceof Number n ? n.doubleValue() : null;
  }

  private static Double sum(Double a, Double b) {
    return a == null || b == null ? null : a + b;
  }

  private static String number(Map<String, Object> map, String key, String format) {
    Double value = d(map, key);
    return value == null ? "-" : String.format(Locale.ROOT, format, value);
  }

  static String load() {
    try {
      String[] parts =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
