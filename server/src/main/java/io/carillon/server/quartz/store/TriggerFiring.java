package io.carillon.server.quartz.store;

import io.carillon.server.db.FoldedRuns;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.TriggerKey;
import org.quartz.impl.JobDetailImpl;
import org.quartz.spi.OperableTrigger;

/**
 * The statements that fire a batch of acquired triggers, in three round trips whatever the batch
 * size: lock the batch's non-concurrent jobs, read (and lock) the triggers' current state with
 * their jobs, then write every trigger's new fire times and state, its fired-trigger row as
 * EXECUTING, the BLOCKED state of its non-concurrent job's other triggers and, when Carillon folds
 * them in, its runs' RUNNING rows in one statement.
 *
 * <p>Locks are taken in one order, each step sorted: job rows, then trigger rows. Holding the job
 * row is what makes "block the siblings" and "unblock them on completion" one step each for a job
 * that must not run twice at once: they ran under Quartz's global lock, here under the job's.
 */
final class TriggerFiring {
  private static final String LOCK_JOBS =
      "SELECT 1 FROM qrtz_job_details j WHERE j.sched_name = ? AND j.is_nonconcurrent"
          + " AND (j.job_name, j.job_group) IN (SELECT * FROM unnest(?::text[], ?::text[]))"
          + " ORDER BY j.job_name, j.job_group FOR NO KEY UPDATE";

  private static final String READ =
      "SELECT k.ord, t.trigger_state, j.job_name, j.job_group, j.description, j.job_class_name,"
          + " j.is_durable, j.is_nonconcurrent, j.requests_recovery, j.job_data"
          + " FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(name, grp, ord)"
          + " JOIN qrtz_triggers t ON t.sched_name = ? AND t.trigger_name = k.name"
          + " AND t.trigger_group = k.grp"
          + " JOIN qrtz_job_details j ON j.sched_name = t.sched_name AND j.job_name = t.job_name"
          + " AND j.job_group = t.job_group"
          + " ORDER BY t.trigger_name, t.trigger_group FOR NO KEY UPDATE OF t";

  /**
   * A batch acquired in an earlier transaction is ACQUIRED with fired rows to update; a held one
   * (acquired in this transaction) is still WAITING, under this transaction's row locks, and gets
   * its fired rows here: each row is written once.
   */
  private static final String WRITE_WITH =
      "WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[],"
          + " ?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bool[],"
          + " ?::bool[], ?::int[]) AS v(name, grp, next_fire, prev_fire, state, times, entry_id,"
          + " sched_time, job_name, job_group, nonconcurrent, recovery, priority)),"
          + " t AS (UPDATE qrtz_triggers x SET next_fire_time = v.next_fire,"
          + " prev_fire_time = v.prev_fire, trigger_state = v.state FROM v"
          + " WHERE x.sched_name = ? AND x.trigger_name = v.name AND x.trigger_group = v.grp"
          + " AND x.trigger_state = CASE WHEN ? THEN 'WAITING' ELSE 'ACQUIRED' END"
          + " RETURNING x.trigger_name, x.trigger_group),"
          + " fired AS (SELECT v.* FROM v JOIN t ON t.trigger_name = v.name"
          + " AND t.trigger_group = v.grp),"
          + " s AS (UPDATE qrtz_simple_triggers x SET times_triggered = f.times FROM fired f"
          + " WHERE f.times IS NOT NULL AND x.sched_name = ? AND x.trigger_name = f.name"
          + " AND x.trigger_group = f.grp),"
          + " e AS (UPDATE qrtz_fired_triggers x SET instance_name = ?, fired_time = ?,"
          + " sched_time = f.sched_time, state = 'EXECUTING', job_name = f.job_name,"
          + " job_group = f.job_group, is_nonconcurrent = f.nonconcurrent,"
          + " requests_recovery = f.recovery FROM fired f"
          + " WHERE NOT ? AND x.sched_name = ? AND x.entry_id = f.entry_id),"
          + " ei AS (INSERT INTO qrtz_fired_triggers (sched_name, entry_id, trigger_name,"
          + " trigger_group, instance_name, fired_time, sched_time, priority, state, job_name,"
          + " job_group, is_nonconcurrent, requests_recovery)"
          + " SELECT ?, f.entry_id, f.name, f.grp, ?, ?, f.sched_time, f.priority, 'EXECUTING',"
          + " f.job_name, f.job_group, f.nonconcurrent, f.recovery FROM fired f WHERE ?),"
          // Quartz blocks WAITING and ACQUIRED siblings and turns PAUSED ones PAUSED_BLOCKED.
          + " b AS (UPDATE qrtz_triggers x SET trigger_state = CASE x.trigger_state"
          + "   WHEN 'PAUSED' THEN 'PAUSED_BLOCKED' ELSE 'BLOCKED' END"
          + " FROM (SELECT DISTINCT job_name, job_group FROM fired WHERE nonconcurrent) j"
          + " WHERE x.sched_name = ? AND x.job_name = j.job_name AND x.job_group = j.job_group"
          + " AND x.trigger_state IN ('WAITING', 'ACQUIRED', 'PAUSED')"
          + " AND (x.trigger_name, x.trigger_group) NOT IN (SELECT name, grp FROM v))";

  private static final String WRITE = WRITE_WITH + " SELECT trigger_name, trigger_group FROM t";

  /** The fires {@link #WRITE_WITH} wrote, for the RUNNING rows of a {@link FoldedRuns.Starting}. */
  static final String FIRED_IDS = "(SELECT entry_id FROM fired)";

  /** What a batch's write did: the triggers fired, and the fire ids of the run starts written. */
  record Written(Set<TriggerKey> triggers, Set<String> started) {}

  private final String scheduler;
  private final String instanceId;

  TriggerFiring(String scheduler, String instanceId) {
    this.scheduler = scheduler;
    this.instanceId = instanceId;
  }

  /** A trigger's row as firing found it: its state and its job, or null job if it is gone. */
  record Current(String state, JobDetailImpl job, Exception unreadableJob) {}

  /** Locks the non-concurrent jobs among {@code triggers}' jobs, in key order. */
  void lockNonConcurrentJobs(Connection conn, List<OperableTrigger> triggers) throws SQLException {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    for (OperableTrigger trigger : triggers) {
      if (seen.add(trigger.getJobKey().getGroup() + '\0' + trigger.getJobKey().getName())) {
        names.add(trigger.getJobKey().getName());
        groups.add(trigger.getJobKey().getGroup());
      }
    }
    try (PreparedStatement statement = conn.prepareStatement(LOCK_JOBS)) {
      statement.setString(1, scheduler);
      statement.setArray(2, texts(conn, names));
      statement.setArray(3, texts(conn, groups));
      statement.executeQuery().close();
    }
  }

  /** The current state and job of each trigger, by key; triggers since deleted are absent. */
  Map<TriggerKey, Current> read(
      Connection conn, List<OperableTrigger> triggers, SetBasedDelegate delegate)
      throws SQLException {
    List<String> names = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    for (OperableTrigger trigger : triggers) {
      names.add(trigger.getKey().getName());
      groups.add(trigger.getKey().getGroup());
    }
    Map<TriggerKey, Current> current = new HashMap<>();
    try (PreparedStatement statement = conn.prepareStatement(READ)) {
      statement.setArray(1, texts(conn, names));
      statement.setArray(2, texts(conn, groups));
      statement.setString(3, scheduler);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          TriggerKey key = triggers.get(rs.getInt(1) - 1).getKey();
          JobDetailImpl job = null;
          Exception unreadable = null;
          try {
            job = delegate.job(rs);
          } catch (Exception e) {
            unreadable = e;
          }
          current.put(key, new Current(rs.getString(2), job, unreadable));
        }
      }
    }
    return current;
  }

  /** One fired trigger's new values, computed by {@code OperableTrigger.triggered}. */
  record Fired(
      OperableTrigger trigger,
      String state,
      long scheduledTime,
      Long timesTriggered,
      boolean nonConcurrent,
      boolean requestsRecovery) {}

  /**
   * Writes the batch; {@code held}: acquired in this transaction (see {@link #WRITE_WITH}). With
   * {@code starting} (null: none), the RUNNING rows of the fires written go into the same
   * statement. Returns the keys actually fired (the others changed since they were acquired) and
   * the starts written.
   */
  Written write(
      Connection conn, List<Fired> fired, long now, boolean held, FoldedRuns.Starting starting)
      throws SQLException {
    int n = fired.size();
    Object[] names = new Object[n];
    Object[] groups = new Object[n];
    Object[] next = new Object[n];
    Object[] previous = new Object[n];
    Object[] states = new Object[n];
    Object[] times = new Object[n];
    Object[] entries = new Object[n];
    Object[] scheduled = new Object[n];
    Object[] jobNames = new Object[n];
    Object[] jobGroups = new Object[n];
    Object[] nonConcurrent = new Object[n];
    Object[] recovery = new Object[n];
    Object[] priorities = new Object[n];
    for (int i = 0; i < n; i++) {
      Fired f = fired.get(i);
      OperableTrigger trigger = f.trigger();
      names[i] = trigger.getKey().getName();
      groups[i] = trigger.getKey().getGroup();
      next[i] = trigger.getNextFireTime() == null ? null : trigger.getNextFireTime().getTime();
      previous[i] =
          trigger.getPreviousFireTime() == null ? -1L : trigger.getPreviousFireTime().getTime();
      states[i] = f.state();
      times[i] = f.timesTriggered();
      entries[i] = trigger.getFireInstanceId();
      scheduled[i] = f.scheduledTime();
      jobNames[i] = trigger.getJobKey().getName();
      jobGroups[i] = trigger.getJobKey().getGroup();
      nonConcurrent[i] = f.nonConcurrent();
      recovery[i] = f.requestsRecovery();
      priorities[i] = trigger.getPriority();
    }
    Set<TriggerKey> written = new HashSet<>();
    Set<String> started = new HashSet<>();
    String sql =
        starting == null
            ? WRITE
            : WRITE_WITH
                + ", "
                + starting.with()
                + " SELECT trigger_name, trigger_group, NULL::text FROM t"
                + " UNION ALL SELECT NULL, NULL, started.fire_id FROM ("
                + starting.select()
                + ") started";
    try (PreparedStatement statement = conn.prepareStatement(sql)) {
      int i = 1;
      statement.setArray(i++, conn.createArrayOf("text", names));
      statement.setArray(i++, conn.createArrayOf("text", groups));
      statement.setArray(i++, conn.createArrayOf("bigint", next));
      statement.setArray(i++, conn.createArrayOf("bigint", previous));
      statement.setArray(i++, conn.createArrayOf("text", states));
      statement.setArray(i++, conn.createArrayOf("bigint", times));
      statement.setArray(i++, conn.createArrayOf("text", entries));
      statement.setArray(i++, conn.createArrayOf("bigint", scheduled));
      statement.setArray(i++, conn.createArrayOf("text", jobNames));
      statement.setArray(i++, conn.createArrayOf("text", jobGroups));
      statement.setArray(i++, conn.createArrayOf("bool", nonConcurrent));
      statement.setArray(i++, conn.createArrayOf("bool", recovery));
      statement.setArray(i++, conn.createArrayOf("integer", priorities));
      statement.setString(i++, scheduler);
      statement.setBoolean(i++, held);
      statement.setString(i++, scheduler);
      statement.setString(i++, instanceId);
      statement.setLong(i++, now);
      statement.setBoolean(i++, held);
      statement.setString(i++, scheduler);
      statement.setString(i++, scheduler);
      statement.setString(i++, instanceId);
      statement.setLong(i++, now);
      statement.setBoolean(i++, held);
      statement.setString(i++, scheduler);
      if (starting != null) {
        starting.bind(conn, statement, i);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1) != null) {
            written.add(TriggerKey.triggerKey(rs.getString(1), rs.getString(2)));
          } else {
            started.add(rs.getString(3));
          }
        }
      }
    }
    return new Written(written, started);
  }

  static Array texts(Connection conn, List<String> values) throws SQLException {
    return conn.createArrayOf("text", values.toArray());
  }
}
