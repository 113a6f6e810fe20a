package io.carillon.server.quartz.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.DatabaseMigrator;
import io.carillon.server.testing.PostgresDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.simpl.CascadingClassLoadHelper;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Set-based store instances on a migrated test database, with no scheduler around them: the test
 * calls the store as Quartz's scheduler thread would (acquire, fire, complete), so it decides
 * exactly what runs when. Each instance is a node of one cluster.
 */
final class StoreNodes implements AutoCloseable {
  private final HikariDataSource pool;
  private final String dataSource;
  private final List<SetBasedJobStore> running = new CopyOnWriteArrayList<>();

  StoreNodes(PostgresDatabase db, String dataSource, int poolSize) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(poolSize);
    this.pool = new HikariDataSource(config);
    this.dataSource = dataSource;
    new DatabaseMigrator(new Database(DatabaseDialect.POSTGRESQL, pool)).migrate();
    DBConnectionManager.getInstance()
        .addConnectionProvider(
            dataSource,
            new ConnectionProvider() {
              @Override
              public Connection getConnection() throws java.sql.SQLException {
                return pool.getConnection();
              }

              @Override
              public void shutdown() {}

              @Override
              public void initialize() {}
            });
  }

  /** A started store: node {@code instanceId} of cluster {@code scheduler}. */
  SetBasedJobStore start(String scheduler, String instanceId) throws Exception {
    SetBasedJobStore store = new SetBasedJobStore();
    store.setDataSource(dataSource);
    store.setTablePrefix("QRTZ_");
    store.setInstanceName(scheduler);
    store.setInstanceId(instanceId);
    store.setIsClustered(true);
    store.setDriverDelegateClass(SetBasedDelegate.class.getName());
    store.setUseProperties("true");
    CascadingClassLoadHelper loader = new CascadingClassLoadHelper();
    loader.initialize();
    store.initialize(loader, new QuietSignaler());
    store.schedulerStarted();
    running.add(store);
    return store;
  }

  /** Shuts the store down now (as its node stopping would); {@link #close} leaves it be. */
  void stop(SetBasedJobStore store) {
    if (running.remove(store)) {
      store.shutdown();
    }
  }

  @Override
  public void close() {
    running.forEach(this::stop);
    pool.close();
  }

  /** Quartz's scheduler would be told of changes and listeners; nothing listens here. */
  private static final class QuietSignaler implements SchedulerSignaler {
    @Override
    public void notifyTriggerListenersMisfired(Trigger trigger) {}

    @Override
    public void notifySchedulerListenersFinalized(Trigger trigger) {}

    @Override
    public void notifySchedulerListenersJobDeleted(JobKey jobKey) {}

    @Override
    public void signalSchedulingChange(long candidateNewNextFireTime) {}

    @Override
    public void notifySchedulerListenersError(String message, SchedulerException jpe) {}
  }
}
