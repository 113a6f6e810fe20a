package io.carillon.server.health;

import com.codahale.metrics.health.HealthCheck;
import java.sql.Connection;
import javax.sql.DataSource;

/** Healthy when a pooled connection answers a validity check within a few seconds. */
public final class DatabaseHealthCheck extends HealthCheck {
  private static final int TIMEOUT_SECONDS = 3;

  private final DataSource dataSource;

  public DatabaseHealthCheck(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  protected Result check() throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(TIMEOUT_SECONDS)
          ? Result.healthy()
          : Result.unhealthy("the database did not answer within " + TIMEOUT_SECONDS + "s");
    }
  }
}
