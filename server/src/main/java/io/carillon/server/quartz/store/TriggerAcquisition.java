package io.carillon.server.quartz.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.quartz.TriggerKey;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.spi.OperableTrigger;

/**
 * Acquires a batch of due triggers in one statement: it locks WAITING triggers with {@code FOR NO
 * KEY UPDATE SKIP LOCKED} (so nodes acquiring at once take disjoint rows and never wait for each
 * other) and returns them with every column a trigger is rebuilt from.
 *
 * <p>What it writes depends on the batch, decided in the same statement. A batch to be fired in
 * this very transaction (held: due by {@code holdUntil}, no job that must not run twice at once)
 * writes nothing: the row locks alone keep other nodes off until firing writes each trigger once,
 * and its fired row once, as EXECUTING. Any other batch is committed before Quartz fires it, so the
 * statement marks its triggers ACQUIRED and inserts their fired rows, as Quartz does.
 *
 * <p>It keeps Quartz's acquisition rules (JobStoreSupport.acquireNextTrigger): only WAITING
 * triggers due by {@code noLaterThan + timeWindow}, none past the misfire threshold unless its
 * instruction ignores misfires, in next-fire-time then priority order; the first must be due by
 * {@code noLaterThan}, the rest within {@code timeWindow} of max(first, now); at most one trigger
 * per {@code @DisallowConcurrentExecution} job. Fired rows carry no job columns yet, as Quartz's
 * acquired rows do; firing fills them in.
 *
 * <p>A row another node fired and committed while this statement ran is locked in its new version
 * (PostgreSQL re-checks a row it waited for, or found changed, against the new version), but the
 * statement's other reads see the old one: such a trigger is read again, or it would be fired for
 * the time the other node has just fired (a repeating trigger, twice for one fire time). In a held
 * batch, one whose new fire time is past {@code holdUntil} is left out: nothing was written for it.
 */
final class TriggerAcquisition {
  private static final String SQL =
      "WITH cand AS ("
          + " SELECT t.sched_name, t.trigger_name, t.trigger_group, t.job_name, t.job_group,"
          + " t.next_fire_time, t.priority, t.xmin AS locked_xmin FROM qrtz_triggers t"
          + " WHERE t.sched_name = ? AND t.trigger_state = 'WAITING' AND t.next_fire_time <= ?"
          + " AND (t.misfire_instr = -1 OR t.next_fire_time >= ?)"
          + " ORDER BY t.next_fire_time, t.priority DESC LIMIT ?"
          + " FOR NO KEY UPDATE OF t SKIP LOCKED),"
          // Row locks and window functions cannot share a query level, hence the second step.
          + " ranked AS (SELECT c.*, j.is_nonconcurrent AS job_nonconcurrent,"
          // The job as firing needs it: a batch fired in this transaction is not read again.
          + " j.description AS j_description, j.job_class_name AS j_class,"
          + " j.is_durable AS j_durable, j.requests_recovery AS j_recovery, j.job_data AS j_data,"
          + " min(c.next_fire_time) OVER () AS first_fire,"
          + " row_number() OVER (PARTITION BY j.is_nonconcurrent,"
          + "   CASE WHEN j.is_nonconcurrent THEN c.job_name ELSE c.trigger_name END,"
          + "   CASE WHEN j.is_nonconcurrent THEN c.job_group ELSE c.trigger_group END"
          + "   ORDER BY c.next_fire_time, c.priority DESC) AS nth_of_job"
          + " FROM cand c JOIN qrtz_job_details j ON j.sched_name = c.sched_name"
          + " AND j.job_name = c.job_name AND j.job_group = c.job_group),"
          + " pick AS (SELECT r.*, (?::text[])[row_number() OVER"
          + "   (ORDER BY r.next_fire_time, r.priority DESC)] AS entry_id FROM ranked r"
          + " WHERE r.nth_of_job = 1 AND r.first_fire <= ?"
          + " AND r.next_fire_time <= GREATEST(r.first_fire, ?) + ?),"
          // Held: fired in this transaction, so nothing needs writing now (see the class comment).
          + " hold AS (SELECT COALESCE(min(next_fire_time) <= ? AND NOT bool_or(job_nonconcurrent),"
          + "   false) AS held FROM pick),"
          + " acquired AS (UPDATE qrtz_triggers t SET trigger_state = 'ACQUIRED' FROM pick p"
          + " WHERE NOT (SELECT held FROM hold) AND t.sched_name = p.sched_name"
          + " AND t.trigger_name = p.trigger_name AND t.trigger_group = p.trigger_group"
          + " RETURNING t.trigger_name, t.trigger_group),"
          + " fired AS (INSERT INTO qrtz_fired_triggers (sched_name, entry_id, trigger_name,"
          + " trigger_group, instance_name, fired_time, sched_time, priority, state,"
          + " is_nonconcurrent, requests_recovery)"
          + " SELECT p.sched_name, p.entry_id, p.trigger_name, p.trigger_group, ?, ?,"
          + " p.next_fire_time, p.priority, 'ACQUIRED', false, false"
          + " FROM pick p JOIN acquired a ON a.trigger_name = p.trigger_name"
          + " AND a.trigger_group = p.trigger_group RETURNING entry_id)"
          + " SELECT b.*, p.entry_id, p.job_nonconcurrent, p.j_description, p.j_class,"
          + " p.j_durable, p.j_recovery, p.j_data, h.held, s.xmin = p.locked_xmin AS fresh"
          + " FROM pick p CROSS JOIN hold h"
          + " JOIN (%s WHERE T.SCHED_NAME = ?) b"
          + " ON b.trigger_name = p.trigger_name AND b.trigger_group = p.trigger_group"
          + " JOIN qrtz_triggers s ON s.sched_name = p.sched_name"
          + " AND s.trigger_name = p.trigger_name AND s.trigger_group = p.trigger_group"
          + " WHERE h.held OR p.entry_id IN (SELECT entry_id FROM fired)"
          + " ORDER BY b.next_fire_time, b.priority DESC";

  private final SetBasedDelegate delegate;
  private final String scheduler;
  private final String instanceId;
  private final String sql;

  TriggerAcquisition(SetBasedDelegate delegate, String scheduler, String instanceId) {
    this.delegate = delegate;
    this.scheduler = scheduler;
    this.instanceId = instanceId;
    this.sql = String.format(SQL, delegate.triggersWithProperties());
  }

  /**
   * What to acquire; {@code entryIds} holds one fresh fired-trigger id per possible trigger; a
   * batch due by {@code holdUntil} is held (see the class comment).
   */
  record Request(
      long noLaterThan,
      long timeWindow,
      long misfireTime,
      long now,
      long holdUntil,
      List<String> entryIds) {}

  /**
   * The acquired triggers in firing order, each with its fire instance id set; whether the batch is
   * held, to be fired in this transaction; and, for a held batch, each trigger's row as locked here
   * (WAITING, with its job), which firing need not read again.
   */
  record Acquired(
      List<OperableTrigger> triggers,
      boolean held,
      Map<TriggerKey, TriggerFiring.Current> current) {}

  /** Acquires on {@code conn}; the caller commits. */
  Acquired acquire(Connection conn, Request request) throws Exception {
    try (PreparedStatement statement = conn.prepareStatement(sql)) {
      int i = 1;
      statement.setString(i++, scheduler);
      statement.setLong(i++, request.noLaterThan() + request.timeWindow());
      statement.setLong(i++, request.misfireTime());
      statement.setInt(i++, request.entryIds().size());
      statement.setArray(i++, conn.createArrayOf("text", request.entryIds().toArray()));
      statement.setLong(i++, request.noLaterThan());
      statement.setLong(i++, request.now());
      statement.setLong(i++, request.timeWindow());
      statement.setLong(i++, request.holdUntil());
      statement.setString(i++, instanceId);
      statement.setLong(i++, request.now());
      statement.setString(i, scheduler);
      List<OperableTrigger> acquired = new ArrayList<>();
      Map<TriggerKey, TriggerFiring.Current> current = new HashMap<>();
      boolean held = false;
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          held = rs.getBoolean("held");
          OperableTrigger trigger = delegate.lockedTrigger(conn, rs);
          if (trigger == null
              || (held && trigger.getNextFireTime().getTime() > request.holdUntil())) {
            continue;
          }
          trigger.setFireInstanceId(rs.getString("entry_id"));
          acquired.add(trigger);
          if (held) {
            current.put(trigger.getKey(), job(rs, trigger));
          }
        }
      }
      return new Acquired(acquired, held, current);
    } catch (SQLException e) {
      throw new SQLException("cannot acquire triggers: " + e.getMessage(), e.getSQLState(), e);
    }
  }

  private TriggerFiring.Current job(ResultSet rs, OperableTrigger trigger) throws SQLException {
    try {
      return new TriggerFiring.Current(
          Constants.STATE_WAITING,
          delegate.job(
              rs,
              trigger.getJobKey(),
              new SetBasedDelegate.JobColumns(
                  "j_description", "j_class", "j_durable", "j_recovery", "j_data")),
          null);
    } catch (IOException | ClassNotFoundException e) {
      return new TriggerFiring.Current(Constants.STATE_WAITING, null, e);
    }
  }
}
