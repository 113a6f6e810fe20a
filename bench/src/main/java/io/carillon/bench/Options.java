package io.carillon.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload options from {@code --name=value} arguments, with defaults sized so that {@code all}
 * finishes within about a quarter of an hour on a 2-core machine.
 */
record Options(
    List<String> systems,
    int nodes,
    int threads,
    int batch,
    int jobs,
    List<Integer> rates,
    int seconds,
    int samples,
    int stored,
    int creates,
    int dbsPollMs,
    String store,
    boolean jfr,
    int warmUp) {

  static final List<String> SYSTEMS = List.of("carillon", "raw-quartz", "db-scheduler");

  static final String USAGE =
      """
      options (defaults in brackets):
        --systems=carillon,raw-quartz,db-scheduler   which systems to run [all three]
        --nodes=3          node processes per system (scaling: 1, then this many)
        --threads=10       worker threads per node; database pool = threads + 10
        --batch=10         Quartz batchTriggerAcquisitionMaxCount (raw Quartz and Carillon)
        --jobs=1000        burst: one-shot jobs all due at once
        --rate=50,200      steady: fires per second, one run per rate
        --seconds=15       steady: seconds per rate
        --samples=50       run-now requests; api: sequential requests per kind
        --stored=100000    api: jobs stored before measuring
        --creates=1000     api: POST /jobs from 4 clients, timed for jobs/s
        --dbs-poll=MS      db-scheduler pollingInterval [= Quartz idleWaitTime, 5000]
        --store=NAME       Carillon only: passed as -Ddw.scheduler.store=NAME (not passed unless given)
        --jfr              burst: Java Flight Recording of node 0 of each system
        --warmup=2000      one-shot jobs run on each cluster before it is measured
      """;

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
    for (String rate : values.getOrDefault("rate", "50,200").split(",")) {
      rates.add(Integer.parseInt(rate.trim()));
    }
    List<String> systems =
        List.of(values.getOrDefault("systems", String.join(",", SYSTEMS)).split(","));
    if (!SYSTEMS.containsAll(systems)) {
      throw new IllegalArgumentException("--systems: each one of " + SYSTEMS + "\n" + USAGE);
    }
    Options options =
        new Options(
            SYSTEMS.stream().filter(systems::contains).toList(),
            number(values, "nodes", 3),
            number(values, "threads", 10),
            number(values, "batch", 10),
            number(values, "jobs", 1000),
            List.copyOf(rates),
            number(values, "seconds", 15),
            number(values, "samples", 50),
            number(values, "stored", 100_000),
            number(values, "creates", 1000),
            number(values, "dbs-poll", 0),
            values.get("store"),
            Boolean.parseBoolean(values.getOrDefault("jfr", "false")),
            number(values, "warmup", 2000));
    values
        .keySet()
        .removeAll(
            List.of(
                "systems",
                "nodes",
                "threads",
                "batch",
                "jobs",
                "rate",
                "seconds",
                "samples",
                "stored",
                "creates",
                "dbs-poll",
                "store",
                "jfr",
                "warmup"));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + values.keySet() + "\n" + USAGE);
    }
    return options;
  }

  private static int number(Map<String, String> values, String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }
}
