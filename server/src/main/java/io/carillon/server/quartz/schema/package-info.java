/**
 * Carillon's SQL against Quartz's {@code QRTZ_*} tables outside the job store: the schema contract
 * any job store must keep. Whole DAOs where a class reads only Quartz's tables (check-ins, fired
 * triggers, the canary's trigger, who holds a cluster lock), the statements behind a DAO of {@code
 * db} that owns the transaction ({@link io.carillon.server.quartz.schema.StuckTriggerSql}), and the
 * pieces Carillon's own statements join Quartz's rows with ({@link
 * io.carillon.server.quartz.schema.JobInQuartz}, {@link
 * io.carillon.server.quartz.schema.StoredSchedule}). The job store's own SQL is in {@code
 * quartz.store}; nothing outside {@code io.carillon.server.quartz} names these tables
 * (QuartzSqlPlacementTest).
 *
 * <p>Unlike the rest of {@code quartz}, which sits above {@code core} and {@code db}, this package
 * sits below them: it depends on {@code common} and the JDBC helper in {@code jdbc} only, so that
 * {@code db}, {@code core} and {@code health} can read through it without a package cycle
 * (ArchitectureTest).
 */
package io.carillon.server.quartz.schema;
