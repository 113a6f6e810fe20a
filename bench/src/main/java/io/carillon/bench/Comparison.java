package io.carillon.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One workload's result line and JSON record from Carillon's and raw Quartz's figures. */
final class Comparison {
  private Comparison() {}

  static Map<String, Object> of(
      String workload, Options options, Map<String, Object> carillon, Map<String, Object> raw) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("workload", workload);
    record.put("nodes", options.nodes());
    record.put("threads", options.threads());
    String setup =
        String.format(Locale.ROOT, "nodes=%d threads=%d", options.nodes(), options.threads());
    String line =
        switch (workload) {
          case "burst" -> burst(options, carillon, raw, record, setup);
          case "steady" -> steady(options, carillon, raw, record, setup);
          default -> failover(carillon, raw, record, setup);
        };
    record.put("carillon", carillon);
    record.put("rawQuartz", raw);
    record.put("line", line + "  (load " + load() + ")");
    return record;
  }

  private static String burst(
      Options options,
      Map<String, Object> carillon,
      Map<String, Object> raw,
      Map<String, Object> record,
      String setup) {
    double c = (double) carillon.get("jobsPerSecond");
    double r = (double) raw.get("jobsPerSecond");
    record.put("n", options.n());
    record.put("ratio", c / r);
    return String.format(
        Locale.ROOT,
        "burst: n=%d %s  carillon %.0f jobs/s  raw-quartz %.0f jobs/s  ratio %.2f"
            + "  duplicates %s/%s  misses %s/%s",
        options.n(),
        setup,
        c,
        r,
        c / r,
        carillon.get("duplicates"),
        raw.get("duplicates"),
        carillon.get("misses"),
        raw.get("misses"));
  }

  @SuppressWarnings("unchecked")
  private static String steady(
      Options options,
      Map<String, Object> carillon,
      Map<String, Object> raw,
      Map<String, Object> record,
      String setup) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "steady: %s D=%ds  lag p50/p99/max ms, runs/expected",
                setup,
                options.durationSeconds()));
    Map<String, Object> ratios = new LinkedHashMap<>();
    for (int rate : options.rates()) {
      Map<String, Object> c = (Map<String, Object>) carillon.get(Integer.toString(rate));
      Map<String, Object> r = (Map<String, Object>) raw.get(Integer.toString(rate));
      double ratio =
          ((Number) c.get("p99LagMs")).doubleValue()
              / Math.max(1, ((Number) r.get("p99LagMs")).doubleValue());
      ratios.put(Integer.toString(rate), ratio);
      line.append(
          String.format(
              Locale.ROOT,
              "  | R=%d/s: carillon %s/%s/%s (%s/%s)  raw-quartz %s/%s/%s (%s/%s)  p99 ratio %.2f",
              rate,
              c.get("p50LagMs"),
              c.get("p99LagMs"),
              c.get("maxLagMs"),
              c.get("count"),
              c.get("expected"),
              r.get("p50LagMs"),
              r.get("p99LagMs"),
              r.get("maxLagMs"),
              r.get("count"),
              r.get("expected"),
              ratio));
    }
    record.put("durationSeconds", options.durationSeconds());
    record.put("p99LagRatio", ratios);
    return line.toString();
  }

  private static String failover(
      Map<String, Object> carillon,
      Map<String, Object> raw,
      Map<String, Object> record,
      String setup) {
    return String.format(
        Locale.ROOT,
        "failover: %s  recoverable job re-run after SIGKILL of its node: carillon %s s (%s -> %s)"
            + "  raw-quartz %s s (%s -> %s)",
        setup,
        carillon.get("secondsToRerun"),
        carillon.get("killed"),
        carillon.get("rerunOn"),
        raw.get("secondsToRerun"),
        raw.get("killed"),
        raw.get("rerunOn"));
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
