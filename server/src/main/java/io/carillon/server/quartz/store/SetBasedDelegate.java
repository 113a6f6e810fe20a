package io.carillon.server.quartz.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.JobDetailImpl;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate;
import org.quartz.impl.jdbcjobstore.TriggerPersistenceDelegate.TriggerPropertyBundle;
import org.quartz.impl.jdbcjobstore.Util;
import org.quartz.spi.OperableTrigger;

/**
 * Quartz's PostgreSQL delegate, plus the readers the set-based store needs to turn rows it fetched
 * in bulk into triggers and job details. Quartz has the same code, but private and fed by its
 * one-row-per-query SELECTs; these read whatever row the caller's statement produced, as long as it
 * carries Quartz's column names.
 */
public class SetBasedDelegate extends PostgreSQLDelegate {

  /**
   * Quartz's SELECT of triggers joined with every trigger-type table (its "bulk" form), without a
   * WHERE clause. Rows from it, or with the same columns, are what {@link #trigger} reads.
   */
  String triggersWithProperties() {
    return rtp(SELECT_BULK_TRIGGERS_BASE);
  }

  /**
   * The trigger in the current row. Rows of a type without inlined properties (a serialized BLOB
   * trigger) are read again by key, as Quartz would.
   */
  OperableTrigger trigger(Connection conn, ResultSet rs)
      throws SQLException, IOException, ClassNotFoundException, JobPersistenceException {
    TriggerKey key =
        TriggerKey.triggerKey(rs.getString(COL_TRIGGER_NAME), rs.getString(COL_TRIGGER_GROUP));
    String type = rs.getString(COL_TRIGGER_TYPE);
    TriggerPersistenceDelegate persistence =
        TTYPE_BLOB.equals(type) ? null : findTriggerPersistenceDelegate(type);
    if (persistence == null || !persistence.hasInlinedResultSetProperties()) {
      return selectTrigger(conn, key);
    }
    TriggerPropertyBundle properties =
        persistence.loadExtendedTriggerPropertiesFromResultSet(rs, key);
    long end = rs.getLong(COL_END_TIME);
    TriggerBuilder<?> builder =
        TriggerBuilder.newTrigger()
            .withDescription(rs.getString(COL_DESCRIPTION))
            .withPriority(rs.getInt(COL_PRIORITY))
            .startAt(new Date(rs.getLong(COL_START_TIME)))
            .endAt(end > 0 ? new Date(end) : null)
            .withIdentity(key)
            .modifiedByCalendar(rs.getString(COL_CALENDAR_NAME))
            .withSchedule(properties.getScheduleBuilder())
            .forJob(JobKey.jobKey(rs.getString(COL_JOB_NAME), rs.getString(COL_JOB_GROUP)));
    Map<?, ?> data = jobData(rs);
    if (data != null) {
      builder.usingJobData(new JobDataMap(data));
    }
    OperableTrigger trigger = (OperableTrigger) builder.build();
    trigger.setMisfireInstruction(rs.getInt(COL_MISFIRE_INSTRUCTION));
    long next = rs.getLong(COL_NEXT_FIRE_TIME);
    trigger.setNextFireTime(next > 0 ? new Date(next) : null);
    long previous = rs.getLong(COL_PREV_FIRE_TIME);
    trigger.setPreviousFireTime(previous > 0 ? new Date(previous) : null);
    if (properties.getStatePropertyNames() != null) {
      Util.setBeanProps(
          trigger, properties.getStatePropertyNames(), properties.getStatePropertyValues());
    }
    return trigger;
  }

  /**
   * The trigger in the current row of a statement that row-locked it, whose {@code fresh} column
   * says whether the version locked is the one the statement read. A trigger another node changed
   * (fired it, say) after the statement began is locked in its new version, while the statement's
   * other reads, and its joins, still see the old one: such a trigger is read again by key, by a
   * new statement, which sees the row this transaction has locked.
   */
  OperableTrigger lockedTrigger(Connection conn, ResultSet rs)
      throws SQLException, IOException, ClassNotFoundException, JobPersistenceException {
    if (rs.getBoolean("fresh")) {
      return trigger(conn, rs);
    }
    return selectTrigger(
        conn,
        TriggerKey.triggerKey(rs.getString(COL_TRIGGER_NAME), rs.getString(COL_TRIGGER_GROUP)));
  }

  /**
   * The job details in the current row, which carries {@code qrtz_job_details}' columns under their
   * own names (and no other {@code job_data} column).
   */
  JobDetailImpl job(ResultSet rs) throws SQLException, IOException, ClassNotFoundException {
    return job(
        rs,
        JobKey.jobKey(rs.getString(COL_JOB_NAME), rs.getString(COL_JOB_GROUP)),
        JobColumns.QUARTZ);
  }

  /** The names under which a row carries {@code qrtz_job_details}' columns. */
  record JobColumns(
      String description, String jobClass, String durable, String recovery, String data) {
    static final JobColumns QUARTZ =
        new JobColumns(
            COL_DESCRIPTION, COL_JOB_CLASS, COL_IS_DURABLE, COL_REQUESTS_RECOVERY, COL_JOB_DATAMAP);
  }

  /** The job {@code key}'s details in the current row, under the names {@code columns} gives. */
  JobDetailImpl job(ResultSet rs, JobKey key, JobColumns columns)
      throws SQLException, IOException, ClassNotFoundException {
    JobDetailImpl job = new JobDetailImpl();
    job.setName(key.getName());
    job.setGroup(key.getGroup());
    job.setDescription(rs.getString(columns.description()));
    job.setDurability(rs.getBoolean(columns.durable()));
    job.setJobClass(classLoadHelper.loadClass(rs.getString(columns.jobClass()), Job.class));
    job.setRequestsRecovery(rs.getBoolean(columns.recovery()));
    Map<?, ?> data = jobData(rs, columns.data());
    if (data != null) {
      job.setJobDataMap(new JobDataMap(data));
    }
    return job;
  }

  /** The persistence delegate of a trigger's type; null for types stored as a BLOB. */
  TriggerPersistenceDelegate persistenceOf(OperableTrigger trigger) {
    return findTriggerPersistenceDelegate(trigger);
  }

  private Map<?, ?> jobData(ResultSet rs) throws SQLException, IOException, ClassNotFoundException {
    return jobData(rs, COL_JOB_DATAMAP);
  }

  private Map<?, ?> jobData(ResultSet rs, String column)
      throws SQLException, IOException, ClassNotFoundException {
    if (!canUseProperties()) {
      return (Map<?, ?>) getObjectFromBlob(rs, column);
    }
    try (InputStream in = (InputStream) getJobDataFromBlob(rs, column)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      return convertFromProperty(properties);
    }
  }
}
