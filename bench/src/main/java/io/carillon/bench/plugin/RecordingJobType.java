package io.carillon.bench.plugin;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobType;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * The benchmark's job on Carillon, loaded as a plugin: like raw Quartz's job it records its own run
 * in {@code bench_fire} (one INSERT), so that both systems' duplicates, misses and fire lag are
 * counted from what the jobs themselves wrote, not from Carillon's bookkeeping.
 */
public final class RecordingJobType implements JobType {
  private static volatile HikariDataSource pool;

  @Override
  public String name() {
    return "bench-record";
  }

  @Override
  public String description() {
    return "Benchmark: records its run (group, name, node, scheduled and start time) in bench_fire.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.required("group", ParameterType.STRING, "The job's group."),
        ParameterSpec.required("name", ParameterType.STRING, "The job's name."));
  }

  @Override
  public void run(JobContext context) {
    long started = System.currentTimeMillis();
    try (Connection connection = pool().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO bench_fire (job_group, job_name, node, scheduled_at, started_at,"
                    + " recovering) VALUES (?, ?, ?, ?, ?, false)")) {
      insert.setString(1, context.params().string("group"));
      insert.setString(2, context.params().string("name"));
      insert.setString(3, System.getenv("CARILLON_NODE_ID"));
      insert.setTimestamp(4, Timestamp.from(context.scheduledFireTime()));
      insert.setTimestamp(5, new Timestamp(started));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new JobFailedException("could not record the run: " + e.getMessage());
    }
  }

  /** Its own small pool: a job type has no access to Carillon's. */
  private static HikariDataSource pool() {
    if (pool == null) {
      synchronized (RecordingJobType.class) {
        if (pool == null) {
          HikariConfig config = new HikariConfig();
          config.setJdbcUrl(System.getenv("DATABASE_URL"));
          config.setUsername(System.getenv("DATABASE_USER"));
          config.setPassword(System.getenv("DATABASE_PASSWORD"));
          config.setMaximumPoolSize(Integer.parseInt(System.getenv("BENCH_RECORD_POOL")));
          config.setPoolName("bench-record");
          config.setMinimumIdle(1);
          pool = new HikariDataSource(config);
        }
      }
    }
    return pool;
  }
}
