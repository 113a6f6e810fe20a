package io.carillon.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * With many jobs stored, the latency of one page of the job list, of one job, and of creating one,
 * each over HTTP from one client, one request at a time; and the node's resident memory.
 *
 * <p>Seeding: {@value #THROUGH_API} jobs are created through the API (four clients at once); the
 * rest are copies of those rows, made in SQL row for row (every QRTZ_* and carillon_* row of a job,
 * with only the name changed), so the database holds exactly what the API would have written, in a
 * few seconds rather than the half hour 100,000 API calls take on this machine.
 */
final class ApiWorkload {
  static final int THROUGH_API = 500;

  /** Far in the future, so that none of the stored jobs fires while latencies are measured. */
  private static final String SCHEDULE = "{\"cron\":\"0 0 3 1 1 ? 2099\",\"timeZone\":\"UTC\"}";

  private static final List<String> TABLES =
      List.of(
          "qrtz_job_details",
          "qrtz_triggers",
          "qrtz_cron_triggers",
          "qrtz_simple_triggers",
          "qrtz_simprop_triggers",
          "qrtz_blob_triggers",
          "carillon_job",
          "carillon_job_label");

  private final CarillonCluster cluster;
  private final Pg db;
  private final Options options;

  ApiWorkload(CarillonCluster cluster, Pg db, Options options) {
    this.cluster = cluster;
    this.db = db;
    this.options = options;
  }

  Map<String, Object> run() throws Exception {
    int jobs = options.apiJobs();
    int api = Math.min(THROUGH_API, jobs);
    Instant start = Instant.now();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < api; i++) {
      names.add(String.format(Locale.ROOT, "a%05d", i));
    }
    Bench.inParallel(
        names,
        name ->
            cluster.send(
                "POST",
                "/jobs",
                CarillonCluster.job(
                    "api",
                    name,
                    SCHEDULE,
                    "noop",
                    ",\"description\":\"seeded job "
                        + name
                        + "\",\"labels\":{\"team\":\"t"
                        + (name.hashCode() % 10)
                        + "\"}",
                    false)));
    int copies = (jobs - 1) / api;
    for (String table : TABLES) {
      copy(table, copies);
    }
    db.execute("ANALYZE");
    long stored = db.number("SELECT count(*) FROM carillon_job");
    double seedSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    int samples = options.apiSamples();
    Random random = new Random(42);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobsStored", stored);
    out.put("seededThroughApi", api);
    out.put("seedSeconds", seedSeconds);
    out.put("list", time(samples, i -> cluster.send("GET", "/jobs?limit=50", null)));
    out.put(
        "listFiltered",
        time(samples, i -> cluster.send("GET", "/jobs?limit=50&label=team:t3", null)));
    out.put(
        "get",
        time(
            samples,
            i -> {
              String name = names.get(random.nextInt(api));
              int copy = random.nextInt(copies + 1);
              cluster.send("GET", "/jobs/api/" + (copy == 0 ? name : name + "c" + copy), null);
            }));
    out.put(
        "create",
        time(
            samples,
            i ->
                cluster.send(
                    "POST",
                    "/jobs",
                    CarillonCluster.job(
                        "apinew",
                        "n" + i + "-" + System.nanoTime(),
                        SCHEDULE,
                        "noop",
                        "",
                        false))));
    out.put("residentMb", cluster.nodes().get(0).residentKb() / 1024);
    out.put("heapLimit", Bench.HEAP);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("workload", "api");
    record.put("nodes", options.nodes());
    record.putAll(out);
    record.put("line", line(out));
    return record;
  }

  @SuppressWarnings("unchecked")
  private static String line(Map<String, Object> out) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "api: %s jobs stored, p50/p99 ms", out.get("jobsStored")));
    for (String name : List.of("list", "listFiltered", "get", "create")) {
      Map<String, Object> t = (Map<String, Object>) out.get(name);
      line.append(
          String.format(
              Locale.ROOT,
              "  %s %.1f/%.1f",
              name.equals("listFiltered") ? "list-by-label" : name,
              t.get("p50Ms"),
              t.get("p99Ms")));
    }
    line.append(String.format(Locale.ROOT, "  node RSS %s MB", out.get("residentMb")));
    return line.toString();
  }

  /** Warms up with a tenth as many calls, then times {@code samples} calls one at a time. */
  private static Map<String, Object> time(int samples, Bench.ThrowingConsumer<Integer> call)
      throws Exception {
    for (int i = 0; i < Math.max(10, samples / 10); i++) {
      call.accept(-1 - i);
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      long begin = System.nanoTime();
      call.accept(i);
      nanos.add(System.nanoTime() - begin);
    }
    return Percentiles.ofNanos(nanos);
  }

  /**
   * Copies the seeded jobs' rows of one table {@code copies} times, suffixing every job and trigger
   * name (and the name inside the stored definition) with "c" and the copy's number.
   */
  private void copy(String table, int copies) throws Exception {
    List<String> columns =
        db.strings(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                + " ORDER BY ordinal_position",
            table);
    String group = columns.contains("job_group") ? "job_group" : "trigger_group";
    String name = columns.contains("job_name") ? "job_name" : "trigger_name";
    List<String> select = new ArrayList<>();
    for (String column : columns) {
      select.add(
          switch (column) {
            case "job_name", "trigger_name" -> column + " || 'c' || k";
            case "definition" ->
                "replace(definition, '\"' || job_name || '\"', '\"' || job_name || 'c' || k"
                    + " || '\"')";
            default -> column;
          });
    }
    // Planned on fresh statistics: on the stale ones of a 500-row table, copying 100,000 rows ran
    // for minutes instead of seconds.
    db.execute("ANALYZE");
    db.execute(
        "INSERT INTO "
            + table
            + " ("
            + String.join(", ", columns)
            + ") SELECT "
            + String.join(", ", select)
            + " FROM "
            + table
            + ", generate_series(1, "
            + copies
            + ") AS k WHERE "
            + group
            + " = 'api' AND "
            + name
            + " ~ '^a[0-9]{5}$'");
  }
}
