package io.carillon.server.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.DatabaseMigrator;
import io.carillon.server.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.TriggerUtils;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.jobs.NoOpJob;
import org.quartz.spi.OperableTrigger;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Every schedule form stored in and loaded from Quartz's JDBC job store on real PostgreSQL, by a
 * scheduler that is never started (it stores, it never fires).
 */
class ScheduleJdbcStoreIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ScheduleJdbcStoreIT.class);

  static final Instant NOW = Instant.parse("2027-01-15T10:00:00Z");
  static final JobKey JOB = JobKey.jobKey("listening-patterns", "reports");
  static final TriggerFactory TRIGGERS = new TriggerFactory(Clock.fixed(NOW, ZoneOffset.UTC));

  private static HikariDataSource dataSource;
  private static Scheduler store;

  @BeforeAll
  static void createStore() throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(DB.url());
    pool.setUsername(DB.user());
    pool.setPassword(DB.password());
    pool.setMaximumPoolSize(4); // the migrator holds one for its lock
    dataSource = new HikariDataSource(pool);
    new DatabaseMigrator(new Database(DatabaseDialect.POSTGRESQL, dataSource)).migrate();
    DBConnectionManager.getInstance().addConnectionProvider("schedule-it", new Pool());

    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "schedule-it");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "1");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        DatabaseDialect.POSTGRESQL.quartzDelegateClass());
    p.setProperty(
        "org.quartz.jobStore.driverDelegateInitString",
        CalendarTrueTriggerPersistenceDelegate.DRIVER_DELEGATE_INIT_STRING);
    p.setProperty("org.quartz.jobStore.dataSource", "schedule-it");
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    store = new StdSchedulerFactory(p).getScheduler();
    JobDetail job = JobBuilder.newJob(NoOpJob.class).withIdentity(JOB).storeDurably().build();
    store.addJob(job, false);
  }

  @AfterAll
  static void closeStore() throws Exception {
    store.shutdown();
    dataSource.close();
  }

  private static Trigger storeAndLoad(String name, Schedule schedule, MisfirePolicy misfire)
      throws Exception {
    TriggerKey key = TriggerKey.triggerKey(name, "reports");
    store.scheduleJob(TRIGGERS.build(key, JOB, schedule, misfire));
    return store.getTrigger(key);
  }

  @Test
  void every_schedule_form_and_misfire_policy_reads_back_from_postgresql() throws Exception {
    Instant end = NOW.plus(Duration.ofDays(400));
    List<Schedule> schedules =
        List.of(
            new CronSchedule("0 0 */6 * * ?", ZoneId.of("Europe/Zurich")),
            new IntervalSchedule(new FixedInterval(Duration.ofMinutes(15)), NOW, end),
            new IntervalSchedule(new CalendarInterval(3, ChronoUnit.MONTHS), NOW, null),
            new IntervalSchedule(
                new CalendarInterval(1, ChronoUnit.MONTHS),
                Instant.parse("2027-01-31T09:00:00Z"),
                end),
            new IntervalSchedule(
                new CalendarInterval(1, ChronoUnit.YEARS),
                Instant.parse("2028-02-29T09:00:00Z"),
                null),
            new OneShotSchedule(NOW.plusSeconds(60)));
    int n = 0;
    for (Schedule schedule : schedules) {
      for (MisfirePolicy misfire : MisfirePolicy.values()) {
        Trigger loaded = storeAndLoad("form-" + n++, schedule, misfire);
        assertThat(TRIGGERS.scheduleOf(loaded)).as("%s", schedule).isEqualTo(schedule);
        assertThat(TRIGGERS.misfireOf(loaded)).as("%s %s", schedule, misfire).isEqualTo(misfire);
      }
    }
  }

  @Test
  void a_monthly_trigger_from_the_31st_is_a_readable_row_that_loads_back_calendar_true()
      throws Exception {
    Schedule monthly =
        new IntervalSchedule(
            new CalendarInterval(1, ChronoUnit.MONTHS),
            Instant.parse("2027-01-31T09:00:00Z"),
            null);
    Trigger loaded = storeAndLoad("month-end", monthly, MisfirePolicy.SKIP);

    assertThat(loaded).isInstanceOf(CalendarTrueIntervalTrigger.class);
    assertThat(
            TriggerUtils.computeFireTimes((OperableTrigger) loaded, null, 3).stream()
                .map(d -> d.toInstant().toString()))
        .containsExactly("2027-01-31T09:00:00Z", "2027-02-28T09:00:00Z", "2027-03-31T09:00:00Z");
    assertThat(
            DB.strings("SELECT trigger_type FROM qrtz_triggers WHERE trigger_name = 'month-end'"))
        .containsExactly(CalendarTrueTriggerPersistenceDelegate.TYPE);
    assertThat(DB.number("SELECT count(*) FROM qrtz_blob_triggers")).isZero();
  }

  /** The test's own pool, handed to Quartz as the application hands it its Hikari pool. */
  private static final class Pool implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
