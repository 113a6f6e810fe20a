package io.carillon.server.testing;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.server.api.StrictJson;
import io.carillon.server.core.AuditLog;
import io.carillon.server.core.DependencyRules;
import io.carillon.server.core.JobRequests;
import io.carillon.server.core.JobService;
import io.carillon.server.core.Pauses;
import io.carillon.server.db.Daos;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.DatabaseMigrator;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.notify.Notifier;
import io.carillon.server.quartz.QuartzFactory;
import io.carillon.server.quartz.SchedulerAssembly;
import io.dropwizard.jackson.Jackson;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.simpl.SimpleJobFactory;

/**
 * A node's store without its server: a migrated PostgreSQL database, its DAOs, and a Quartz
 * scheduler put together as the server puts its own ({@link SchedulerAssembly}) but never started,
 * so it stores jobs and triggers and never fires. Services that write both can be tested on it.
 */
public final class UnstartedNode implements AutoCloseable {
  private final HikariDataSource pool;
  private final Database database;
  private final Scheduler scheduler;
  private final String cluster;

  private UnstartedNode(
      HikariDataSource pool, Database database, Scheduler scheduler, String cluster) {
    this.pool = pool;
    this.database = database;
    this.scheduler = scheduler;
    this.cluster = cluster;
  }

  /** Migrates {@code db} and builds node {@code test-node} of cluster {@code cluster} on it. */
  public static UnstartedNode on(PostgresDatabase db, String cluster) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername(db.user());
    config.setPassword(db.password());
    // A change holds one connection for its transaction while Quartz writes on another.
    config.setMaximumPoolSize(6);
    HikariDataSource pool = new HikariDataSource(config);
    Database database = new Database(DatabaseDialect.POSTGRESQL, pool);
    new DatabaseMigrator(database).migrate();
    QuartzFactory quartz = new QuartzFactory();
    quartz.setClusterName(cluster);
    quartz.setInstanceId("test-node");
    MetricRegistry metrics = new MetricRegistry();
    Scheduler scheduler =
        new SchedulerAssembly(quartz)
            .build(
                database,
                new RunMetrics(new LabelledMetrics(metrics)),
                Clock.systemUTC(),
                Notifier.none(metrics),
                new SimpleJobFactory())
            .scheduler();
    return new UnstartedNode(pool, database, scheduler, cluster);
  }

  /** The JSON settings of the server's own object mapper (see {@code CarillonApplication}). */
  public static ObjectMapper json() {
    return StrictJson.configure(
        Jackson.newObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
  }

  /**
   * The server's JobService over this node's store, on {@code clock}: built as {@code Services}
   * builds it, with the built-in job types' default settings and UTC as the default zone.
   */
  public JobService jobs(Clock clock) {
    Daos daos = daos();
    ObjectMapper json = json();
    return new JobService(
        new JobRequests(
            JobTypeRegistry.discover(JobTypeSettings.defaults()),
            clock,
            Set.of(),
            ZoneOffset.UTC,
            Duration.ofSeconds(10)),
        daos.jobs(),
        daos.jobList(),
        scheduler,
        daos.running(),
        daos.executions(),
        json,
        new AuditLog(daos.audit(), json, clock),
        clock,
        new DependencyRules(
            daos.dependencies(), id -> daos.jobs().find(id.group(), id.name()).isPresent(), json));
  }

  /** The server's Pauses over this node's store and {@code jobs}, on {@code clock}. */
  public Pauses pauses(JobService jobs, Clock clock) {
    Daos daos = daos();
    return new Pauses(
        jobs,
        daos.jobs(),
        scheduler,
        daos.pauses(),
        new AuditLog(daos.audit(), json(), clock),
        clock);
  }

  /** No jobs in either store, no runs, no pauses and no audit entries. */
  public void empty(PostgresDatabase db) {
    try {
      scheduler.clear();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
    db.execute(
        "TRUNCATE carillon_job, carillon_job_label, carillon_job_revision, carillon_execution,"
            + " carillon_audit, carillon_pause CASCADE");
  }

  public Database database() {
    return database;
  }

  public Daos daos() {
    return Daos.of(database, cluster);
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    try {
      scheduler.shutdown();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    } finally {
      pool.close();
    }
  }
}
