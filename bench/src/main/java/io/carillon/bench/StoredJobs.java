package io.carillon.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fills a Carillon database with many jobs, fast and as the API would: {@value #THROUGH_API} jobs
 * (group "api", names a00000...) are created through the API (four clients at once); the rest are
 * copies of those rows, made in SQL row for row (every row a job creation wrote, in every table it
 * wrote to, the audit log included, with only the name changed: a00000c1, a00000c2, ...), in a few
 * seconds rather than the hour 100,000 API calls take on this machine.
 *
 * <p>The copy is checked, not assumed: every table the API creations grew must be one the copy
 * fills, and a copied job must read back through the API exactly as its original, but for its name.
 */
final class StoredJobs {
  static final int THROUGH_API = 500;

  /** The tables whose rows the copy repeats. */
  private static final List<String> TABLES =
      List.of(
          "qrtz_job_details",
          "qrtz_triggers",
          "qrtz_cron_triggers",
          "qrtz_simple_triggers",
          "qrtz_simprop_triggers",
          "qrtz_blob_triggers",
          "carillon_job",
          "carillon_job_label",
          "carillon_job_revision");

  private static final String AUDIT = "carillon_audit";

  /** What was seeded: the originals' names, copies of each, jobs now stored, how fast. */
  record Seeded(
      List<String> names, int copies, long stored, double apiCreatesPerSecond, double seconds) {}

  private final CarillonCluster cluster;
  private final Pg db;

  StoredJobs(CarillonCluster cluster, Pg db) {
    this.cluster = cluster;
    this.db = db;
  }

  /** Seeds about {@code jobs} jobs that never fire (a multiple of the originals). */
  Seeded seed(int jobs) throws Exception {
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
                    CarillonCluster.NEVER,
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
    if (copies > 0) {
      checkCopyReadsBack(names.get(api / 2), copies);
    }
    return new Seeded(
        names,
        copies,
        db.number("SELECT count(*) FROM carillon_job"),
        api / apiSeconds,
        Duration.between(start, Instant.now()).toMillis() / 1000.0);
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
