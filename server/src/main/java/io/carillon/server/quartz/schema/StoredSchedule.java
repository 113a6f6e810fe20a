package io.carillon.server.quartz.schema;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A job's schedule trigger as Quartz stored it, read with the job's row in one statement: what its
 * fire times follow. The two stock forms Carillon writes most (a cron trigger, a simple trigger:
 * fixed intervals and one-shots) come with their properties; any other form (a jittered cron, a
 * months-or-years interval) only with its type, for the caller to read through Quartz.
 *
 * @param type Quartz's trigger type ({@link #CRON}, {@link #SIMPLE}, or another)
 * @param startMillis the trigger's start
 * @param endMillis its end; null: none
 * @param cronExpression a cron trigger's expression
 * @param timeZone a cron trigger's time zone id
 * @param repeatCount a simple trigger's repeat count (-1: for ever)
 * @param repeatIntervalMillis a simple trigger's interval
 * @param timesTriggered how often a simple trigger has fired
 * @param complete whether the row carries everything its fire times depend on: a cron or simple
 *     trigger whose own row was found (else the caller reads the trigger through Quartz)
 */
public record StoredSchedule(
    String type,
    long startMillis,
    Long endMillis,
    String cronExpression,
    String timeZone,
    int repeatCount,
    long repeatIntervalMillis,
    int timesTriggered,
    boolean complete) {

  /** Quartz's {@code Constants.TTYPE_CRON}. */
  public static final String CRON = "CRON";

  /** Quartz's {@code Constants.TTYPE_SIMPLE}. */
  public static final String SIMPLE = "SIMPLE";

  /**
   * Joins the job row {@code j} to its schedule trigger and that trigger's cron or simple row (as
   * {@code st}, {@code sc}, {@code ss}); no trigger, nulls. Goes with {@link #COLUMNS}.
   */
  public static final String JOINS =
      " LEFT JOIN qrtz_triggers st ON st.sched_name = j.sched_name"
          + " AND st.trigger_group = j.job_group AND st.trigger_name = j.job_name"
          + " LEFT JOIN qrtz_cron_triggers sc ON sc.sched_name = st.sched_name"
          + " AND sc.trigger_name = st.trigger_name AND sc.trigger_group = st.trigger_group"
          + " LEFT JOIN qrtz_simple_triggers ss ON ss.sched_name = st.sched_name"
          + " AND ss.trigger_name = st.trigger_name AND ss.trigger_group = st.trigger_group";

  /** The columns {@link #of} reads, from {@link #JOINS}. */
  public static final String COLUMNS =
      "st.trigger_type AS st_type, st.start_time AS st_start, st.end_time AS st_end,"
          + " sc.cron_expression AS st_cron, sc.time_zone_id AS st_zone,"
          + " ss.repeat_count AS st_repeat_count, ss.repeat_interval AS st_repeat_interval,"
          + " ss.times_triggered AS st_times";

  /** The schedule in the current row, null when the job has no schedule trigger. */
  public static StoredSchedule of(ResultSet row) throws SQLException {
    String type = row.getString("st_type");
    if (type == null) {
      return null;
    }
    long end = row.getLong("st_end");
    String cron = row.getString("st_cron");
    boolean simpleRow = row.getObject("st_repeat_interval") != null;
    return new StoredSchedule(
        type,
        row.getLong("st_start"),
        end > 0 ? end : null,
        cron,
        row.getString("st_zone"),
        row.getInt("st_repeat_count"),
        row.getLong("st_repeat_interval"),
        row.getInt("st_times"),
        (CRON.equals(type) && cron != null) || (SIMPLE.equals(type) && simpleRow));
  }
}
