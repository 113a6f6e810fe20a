package io.carillon.server.quartz.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.quartz.SimpleTrigger;
import org.quartz.impl.jdbcjobstore.Constants;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate;
import org.quartz.spi.OperableTrigger;

/**
 * The statements of misfire handling without the global lock: take a batch of WAITING triggers past
 * the misfire threshold with {@code SKIP LOCKED} (two nodes handle different ones, and the firing
 * path, which only locks triggers it has acquired or blocks, is never kept waiting long), then
 * write their new fire times back in one statement. What a misfire does to each trigger is Quartz's
 * own {@code updateAfterMisfire}, computed by the caller between the two.
 */
final class MisfireHandling {
  private static final String SELECT =
      "%s WHERE T.SCHED_NAME = ? AND T.TRIGGER_STATE = 'WAITING' AND T.MISFIRE_INSTR <> -1"
          + " AND T.NEXT_FIRE_TIME < ? ORDER BY T.NEXT_FIRE_TIME, T.PRIORITY DESC LIMIT ?"
          + " FOR NO KEY UPDATE OF T SKIP LOCKED";

  /** Firing changes fire times only; a misfire may also move the start and the state. */
  private static final String WRITE =
      "UPDATE qrtz_triggers x SET next_fire_time = v.next_fire, prev_fire_time = v.prev_fire,"
          + " start_time = v.start_time, trigger_state = v.state"
          + " FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[])"
          + " AS v(name, grp, next_fire, prev_fire, start_time, state)"
          + " WHERE x.sched_name = ? AND x.trigger_name = v.name AND x.trigger_group = v.grp"
          + " AND x.trigger_state = 'WAITING'";

  /** Some simple-trigger instructions restart the count (RESCHEDULE_NOW_WITH_...). */
  private static final String WRITE_SIMPLE =
      "UPDATE qrtz_simple_triggers x SET repeat_count = v.repeat_count,"
          + " times_triggered = v.times FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[])"
          + " AS v(name, grp, repeat_count, times)"
          + " WHERE x.sched_name = ? AND x.trigger_name = v.name AND x.trigger_group = v.grp";

  /** A trigger's misfire: as it was locked (listeners read the missed time), and after. */
  record Misfire(OperableTrigger before, OperableTrigger after) {}

  private final SetBasedDelegate delegate;
  private final String scheduler;
  private final String select;

  MisfireHandling(SetBasedDelegate delegate, String scheduler) {
    this.delegate = delegate;
    this.scheduler = scheduler;
    String triggers = delegate.triggersWithProperties();
    if (!triggers.startsWith("SELECT ")) {
      throw new IllegalStateException("unexpected trigger query: " + triggers);
    }
    // Whether the row locked is the one the statement read (see lockMisfired).
    this.select =
        String.format(
            SELECT,
            "SELECT T.xmin = (SELECT s.xmin FROM qrtz_triggers s WHERE s.sched_name = T.sched_name"
                + " AND s.trigger_name = T.trigger_name AND s.trigger_group = T.trigger_group)"
                + " AS fresh, "
                + triggers.substring("SELECT ".length()));
  }

  /**
   * Up to {@code limit} misfired triggers, locked for this transaction, oldest first. A trigger
   * another node changed after this statement began is locked in its new version, but its
   * trigger-type row (a simple trigger's count) was read as it was: such a trigger is read again.
   */
  List<OperableTrigger> lockMisfired(Connection conn, long misfireTime, int limit)
      throws Exception {
    try (PreparedStatement statement = conn.prepareStatement(select)) {
      statement.setString(1, scheduler);
      statement.setLong(2, misfireTime);
      statement.setInt(3, limit);
      List<OperableTrigger> triggers = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          OperableTrigger trigger = delegate.lockedTrigger(conn, rs);
          if (trigger != null) {
            triggers.add(trigger);
          }
        }
      }
      return triggers;
    }
  }

  /**
   * Writes the triggers as {@code updateAfterMisfire} left them: WAITING, or COMPLETE if done. A
   * simple trigger's counts are written only where the instruction changed them: a one-shot that
   * fires now (the usual misfire of a long burst) keeps its counts, and rewriting its row anyway
   * was a row version and its WAL per misfire.
   */
  void write(Connection conn, List<Misfire> misfires) throws Exception {
    int n = misfires.size();
    Object[] names = new Object[n];
    Object[] groups = new Object[n];
    Object[] next = new Object[n];
    Object[] previous = new Object[n];
    Object[] start = new Object[n];
    Object[] states = new Object[n];
    List<Object> simpleNames = new ArrayList<>();
    List<Object> simpleGroups = new ArrayList<>();
    List<Object> repeats = new ArrayList<>();
    List<Object> times = new ArrayList<>();
    List<OperableTrigger> others = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Misfire misfire = misfires.get(i);
      OperableTrigger trigger = misfire.after();
      names[i] = trigger.getKey().getName();
      groups[i] = trigger.getKey().getGroup();
      next[i] = trigger.getNextFireTime() == null ? null : trigger.getNextFireTime().getTime();
      previous[i] =
          trigger.getPreviousFireTime() == null ? -1L : trigger.getPreviousFireTime().getTime();
      start[i] = trigger.getStartTime().getTime();
      states[i] =
          trigger.getNextFireTime() == null ? Constants.STATE_COMPLETE : Constants.STATE_WAITING;
      TriggerPersistenceDelegate persistence = delegate.persistenceOf(trigger);
      String type = persistence == null ? null : persistence.getHandledTriggerTypeDiscriminator();
      if (Constants.TTYPE_SIMPLE.equals(type) && trigger instanceof SimpleTrigger simple) {
        if (!countsChanged(misfire.before(), simple)) {
          continue;
        }
        simpleNames.add(names[i]);
        simpleGroups.add(groups[i]);
        repeats.add((long) simple.getRepeatCount());
        times.add((long) simple.getTimesTriggered());
      } else if (!Constants.TTYPE_CRON.equals(type)) {
        others.add(trigger);
      }
    }
    try (PreparedStatement statement = conn.prepareStatement(WRITE)) {
      statement.setArray(1, conn.createArrayOf("text", names));
      statement.setArray(2, conn.createArrayOf("text", groups));
      statement.setArray(3, conn.createArrayOf("bigint", next));
      statement.setArray(4, conn.createArrayOf("bigint", previous));
      statement.setArray(5, conn.createArrayOf("bigint", start));
      statement.setArray(6, conn.createArrayOf("text", states));
      statement.setString(7, scheduler);
      statement.executeUpdate();
    }
    if (!simpleNames.isEmpty()) {
      try (PreparedStatement statement = conn.prepareStatement(WRITE_SIMPLE)) {
        statement.setArray(1, conn.createArrayOf("text", simpleNames.toArray()));
        statement.setArray(2, conn.createArrayOf("text", simpleGroups.toArray()));
        statement.setArray(3, conn.createArrayOf("bigint", repeats.toArray()));
        statement.setArray(4, conn.createArrayOf("bigint", times.toArray()));
        statement.setString(5, scheduler);
        statement.executeUpdate();
      }
    }
    for (OperableTrigger trigger : others) {
      String state =
          trigger.getNextFireTime() == null ? Constants.STATE_COMPLETE : Constants.STATE_WAITING;
      delegate.updateTrigger(conn, trigger, state, null);
    }
  }

  private static boolean countsChanged(OperableTrigger before, SimpleTrigger after) {
    return !(before instanceof SimpleTrigger was)
        || was.getRepeatCount() != after.getRepeatCount()
        || was.getTimesTriggered() != after.getTimesTriggered();
  }
}
