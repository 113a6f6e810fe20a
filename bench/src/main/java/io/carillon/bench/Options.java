package io.carillon.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload options from {@code --name=value} arguments, with defaults sized so that {@code all}
 * finishes in about ten minutes on a 2-core machine.
 */
record Options(
    int n,
    int nodes,
    int threads,
    List<Integer> rates,
    int durationSeconds,
    int apiJobs,
    int apiSamples,
    boolean jfr) {

  static final String USAGE =
      "options: --n=2000 (burst jobs) --nodes=3 --threads=10 --rates=50,100,200 (steady fires/s)"
          + " --duration=20 (steady seconds per rate) --api-jobs=100000 --api-samples=200"
          + " --jfr (record node 0 of each system with Java Flight Recorder during burst)";

  static Options parse(List<String> args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("not an option: " + arg + "\n" + USAGE);
      }
      int equals = arg.indexOf('=');
      values.put(
          equals < 0 ? arg.substring(2) : arg.substring(2, equals),
          equals < 0 ? "true" : arg.substring(equals + 1));
    }
    List<Integer> rates = new ArrayList<>();
    for (String rate : values.getOrDefault("rates", "50,100,200").split(",")) {
      rates.add(Integer.parseInt(rate.trim()));
    }
    Options options =
        new Options(
            number(values, "n", 2000),
            number(values, "nodes", 3),
            number(values, "threads", 10),
            List.copyOf(rates),
            number(values, "duration", 20),
            number(values, "api-jobs", 100_000),
            number(values, "api-samples", 200),
            Boolean.parseBoolean(values.getOrDefault("jfr", "false")));
    values
        .keySet()
        .removeAll(
            List.of(
                "n", "nodes", "threads", "rates", "duration", "api-jobs", "api-samples", "jfr"));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + values.keySet() + "\n" + USAGE);
    }
    return options;
  }

  private static int number(Map<String, String> values, String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  /** Connections per node: the Quartz threads, its three own threads, and two for the API. */
  int poolSize() {
    return threads + 5;
  }
}
