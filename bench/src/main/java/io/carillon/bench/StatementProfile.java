package io.carillon.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which statements a workload's database ran, from PostgreSQL's own {@code pg_stat_statements}:
 * calls and execution time per statement between two snapshots, per fire. The counting driver says
 * how many statements each system sends; this says which ones, and what each costs the server.
 *
 * <p>Optional: the extension must be loaded ({@code shared_preload_libraries}) and created in the
 * {@code postgres} database, which a machine set up only for the tests does not have. Without it,
 * {@link #take} returns null and the profile says so.
 */
final class StatementProfile {
  /** Statements listed per workload: the rest are summed into one line. */
  private static final int TOP = 30;

  /**
   * {@code millis}: execution time; {@code planMillis}: planning, 0 unless track_planning is on.
   */
  private record Counter(long calls, double millis, double planMillis, long rows, String query) {}

  private final Map<Long, Counter> before;
  private final Pg db;
  private Map<Long, Counter> after;

  private StatementProfile(Pg db, Map<Long, Counter> before) {
    this.db = db;
    this.before = before;
  }

  /** The "before" snapshot, or null when pg_stat_statements cannot be read here. */
  static StatementProfile take(Pg db) {
    try {
      return new StatementProfile(db, read(db));
    } catch (SQLException e) {
      return null;
    }
  }

  /** The "after" snapshot: the end of the window. */
  void stop() throws SQLException {
    after = read(db);
  }

  /** The statements run between {@link #take} and {@link #stop}, most expensive first, per fire. */
  List<String> perFire(long fires) {
    List<Counter> deltas = new ArrayList<>();
    for (Map.Entry<Long, Counter> entry : after.entrySet()) {
      Counter now = entry.getValue();
      Counter was = before.getOrDefault(entry.getKey(), new Counter(0, 0, 0, 0, now.query()));
      if (now.calls() > was.calls()) {
        deltas.add(
            new Counter(
                now.calls() - was.calls(),
                now.millis() - was.millis(),
                now.planMillis() - was.planMillis(),
                now.rows() - was.rows(),
                now.query()));
      }
    }
    deltas.sort(Comparator.comparingDouble((Counter c) -> c.millis() + c.planMillis()).reversed());
    List<String> out = new ArrayList<>();
    double restCalls = 0;
    double restMillis = 0;
    for (int i = 0; i < deltas.size(); i++) {
      Counter c = deltas.get(i);
      if (i < TOP) {
        out.add(
            String.format(
                Locale.ROOT,
                "%.3f calls %.4f ms (plan %.4f) %.2f rows: %s",
                c.calls() / (double) fires,
                c.millis() / fires,
                c.planMillis() / fires,
                c.rows() / (double) fires,
                shorten(c.query())));
      } else {
        restCalls += c.calls();
        restMillis += c.millis() + c.planMillis();
      }
    }
    if (restCalls > 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "%.3f calls %.4f ms: %d other statements",
              restCalls / fires,
              restMillis / fires,
              deltas.size() - TOP));
    }
    return out;
  }

  private static String shorten(String query) {
    String flat = query.replaceAll("\\s+", " ").trim();
    return flat.length() <= 140 ? flat : flat.substring(0, 140) + "…";
  }

  private static Map<Long, Counter> read(Pg db) throws SQLException {
    Map<Long, Counter> out = new HashMap<>();
    try (Connection admin = db.admin();
        PreparedStatement statement =
            admin.prepareStatement(
                "SELECT queryid, calls, total_exec_time, total_plan_time, rows, query FROM pg_stat_statements"
                    + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = ?)"
                    + " AND queryid IS NOT NULL")) {
      statement.setString(1, db.name());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          out.merge(
              rows.getLong(1),
              new Counter(
                  rows.getLong(2),
                  rows.getDouble(3),
                  rows.getDouble(4),
                  rows.getLong(5),
                  rows.getString(6)),
              (a, b) ->
                  new Counter(
                      a.calls() + b.calls(),
                      a.millis() + b.millis(),
                      a.planMillis() + b.planMillis(),
                      a.rows() + b.rows(),
                      a.query()));
        }
      }
    }
    return new LinkedHashMap<>(out);
  }
}
