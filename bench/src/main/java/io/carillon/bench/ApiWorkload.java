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
 * With many jobs stored (--stored, 100,000 by default): the latency of one page of the job list, of
 * one job, and of creating one, each over HTTP from one client, one request at a time; then creates
 * per second from {@value Bench#CLIENTS} clients at once, spread over the nodes as a load balancer
 * would; and the node's resident memory.
 *
 * <p>Seeding: {@value #THROUGH_API} jobs are created through the API (four clients at once); the
 * rest are copies of those rows, made in SQL row for row (every row a job creation wrote, in every
 * table it wrote to, the audit log included, with only the name changed), in a few seconds rather
 * than the hour 100,000 API calls take on this machine. The copy is checked, not assumed: every
 * table the API creations grew must be one the copy fills, and a copied job must read back through
 * the API exactly as its original does, but for its name.
 */
final class ApiWorkload {
  static final int THROUGH_API = 500;

  private static final String SCHEDULE = CarillonCluster.NEVER;

  /** The tables whose rows the copy repeats, with the column holding the job or trigger name. */
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

  private static final String AUDIT = "carillon_audit";

  private final CarillonCluster cluster;
  private final Pg db;
  private final Options options;

  ApiWorkload(CarillonCluster cluster, Pg db, Options options) {
    this.cluster = cluster;
    this.db = db;
    this.options = options;
  }

  Map<String, Object> run() throws Exception {
    int jobs = options.stored();
    int api = Math.min(THROUGH_API, jobs);
    Instant start = Instant.now();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < api; i++) {
      names.add(String.format(Locale.ROOT, "a%05d", i));
    }
    Map<String, Long> rowsBefore = rowCounts();
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
    double apiSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    checkCopyCovers(rowsBefore, rowCounts());
    int copies = (jobs - 1) / api;
    for (String table : TABLES) {
      copy(table, copies);
    }
    copyAudit(copies);
    db.execute("ANALYZE");
    long stored = db.number("SELECT count(*) FROM carillon_job");
    double seedSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    if (copies > 0) {
      checkCopyReadsBack(names.get(api / 2), copies);
    }
    int samples = options.samples();
    Random random = new Random(42);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobsStored", stored);
    out.put("seededThroughApi", api);
    out.put("seedApiCreatesPerSecond", api / apiSeconds);
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
    out.put("concurrentCreate", concurrentCreates(options.creates()));
    out.put("residentMb", cluster.nodes().get(0).residentKb() / 1024);
    out.put("heapLimit", Bench.HEAP);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("workload", "api");
    record.put("nodes", options.nodes());
    record.putAll(out);
    record.put("lines", List.of(line(out, options.nodes())));
    return record;
  }

  /**
   * {@code count} creates from {@value Bench#CLIENTS} clients at once, the i-th sent to node i mod
   * nodes: jobs per second over the whole, and each request's latency.
   */
  private Map<String, Object> concurrentCreates(int count) throws Exception {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      indexes.add(i);
    }
    List<Long> nanos = java.util.Collections.synchronizedList(new ArrayList<>());
    long begin = System.nanoTime();
    Bench.inParallel(
        indexes,
        i -> {
          long sent = System.nanoTime();
          cluster.send(
              i % cluster.nodes().size(),
              "POST",
              "/jobs",
              CarillonCluster.job("apiload", "c" + i, SCHEDULE, "noop", "", false));
          nanos.add(System.nanoTime() - sent);
        });
    double seconds = (System.nanoTime() - begin) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>(Percentiles.ofNanos(nanos));
    out.put("clients", Bench.CLIENTS);
    out.put("jobsPerSecond", count / seconds);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static String line(Map<String, Object> out, int nodes) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "api nodes=%d: %s jobs stored, p50/p99 ms",
                nodes,
                out.get("jobsStored")));
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
    Map<String, Object> load = (Map<String, Object>) out.get("concurrentCreate");
    line.append(
        String.format(
            Locale.ROOT,
            "  | POST /jobs from %s clients: %.0f jobs/s (p50/p99 %.1f/%.1f ms)",
            load.get("clients"),
            load.get("jobsPerSecond"),
            load.get("p50Ms"),
            load.get("p99Ms")));
    line.append(String.format(Locale.ROOT, "  | node RSS %s MB", out.get("residentMb")));
    return line.toString();
  }

  /** Rows per table of the schema. */
  private Map<String, Long> rowCounts() throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String table : db.strings("SELECT relname FROM pg_stat_user_tables ORDER BY relname")) {
      out.put(table, db.number("SELECT count(*) FROM " + table));
    }
    return out;
  }

  /** Every table the API creations wrote to must be one the copy repeats. */
  private static void checkCopyCovers(Map<String, Long> before, Map<String, Long> after) {
    for (Map.Entry<String, Long> table : after.entrySet()) {
      boolean grew = table.getValue() > before.getOrDefault(table.getKey(), 0L);
      if (grew && !TABLES.contains(table.getKey()) && !table.getKey().equals(AUDIT)) {
        throw new IllegalStateException(
            "POST /jobs wrote to "
                + table.getKey()
                + ", which the seeding copy does not repeat: add it to ApiWorkload.TABLES");
      }
    }
  }

  /** A copied job reads back through the API exactly as its original, but for its name. */
  private void checkCopyReadsBack(String original, int copy) throws Exception {
    String copied = original + "c" + copy;
    String expected =
        cluster
            .send("GET", "/jobs/api/" + original, null)
            .replace("\"" + original + "\"", "\"" + copied + "\"");
    String actual = cluster.send("GET", "/jobs/api/" + copied, null);
    if (!expected.equals(actual)) {
      throw new IllegalStateException(
          "a copied job differs from its original:\n" + expected + "\n" + actual);
    }
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

  /** Copies the seeded jobs' creation entries of the audit log, as the API would have written. */
  private void copyAudit(int copies) throws Exception {
    db.execute(
        "INSERT INTO "
            + AUDIT
            + " (sched_name, at, actor_id, actor_name, action, target, before_json, after_json)"
            + " SELECT sched_name, at, actor_id, actor_name, action, target || 'c' || k,"
            + " before_json, replace(after_json, '\"' || split_part(target, '/', 2) || '\"',"
            + " '\"' || split_part(target, '/', 2) || 'c' || k || '\"') FROM "
            + AUDIT
            + ", generate_series(1, "
            + copies
            + ") AS k WHERE action = 'job.create' AND target ~ '^job:api/a[0-9]{5}$'");
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
