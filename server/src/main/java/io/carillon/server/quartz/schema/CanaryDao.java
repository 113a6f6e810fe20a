package io.carillon.server.quartz.schema;

import io.carillon.server.common.CarillonException;
import io.carillon.server.common.InternalJobs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the canary's row in {@code qrtz_triggers}: when the cluster last fired it. */
public final class CanaryDao {
  private final DataSource dataSource;
  private final String cluster;

  public CanaryDao(DataSource dataSource, String cluster) {
    this.dataSource = dataSource;
    this.cluster = cluster;
  }

  /**
   * The canary's trigger: {@code lastFire} is the fire time of its last firing on any node (null
   * before the first), {@code since} when its schedule began.
   */
  public record CanaryTrigger(Instant lastFire, Instant since, String state) {
    /** The fire time the next firing will supersede: the last one, or the schedule's start. */
    public Instant lastProof() {
      return lastFire != null ? lastFire : since;
    }

    /** How long ago the cluster last proved it schedules (never negative). */
    public Duration age(Instant now) {
      Duration age = Duration.between(lastProof(), now);
      return age.isNegative() ? Duration.ZERO : age;
    }
  }

  public Optional<CanaryTrigger> find() {
    String sql =
        "SELECT prev_fire_time, start_time, trigger_state FROM qrtz_triggers"
            + " WHERE sched_name = ? AND trigger_group = ? AND trigger_name = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, cluster);
      statement.setString(2, InternalJobs.GROUP);
      statement.setString(3, InternalJobs.CANARY);
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return Optional.empty();
        }
        long previous = result.getLong(1);
        // Quartz writes -1 (or NULL) for "never fired".
        Instant lastFire =
            result.wasNull() || previous <= 0 ? null : Instant.ofEpochMilli(previous);
        return Optional.of(
            new CanaryTrigger(
                lastFire, Instant.ofEpochMilli(result.getLong(2)), result.getString(3)));
      }
    } catch (SQLException e) {
      throw new CarillonException("cannot read the canary trigger: " + e.getMessage(), e);
    }
  }
}
