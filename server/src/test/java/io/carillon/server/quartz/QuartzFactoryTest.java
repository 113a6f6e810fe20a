package io.carillon.server.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.server.common.StartupException;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.quartz.store.SetBasedDelegate;
import io.carillon.server.quartz.store.SetBasedJobStore;
import io.dropwizard.util.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class QuartzFactoryTest {
  @Test
  void postgresql_runs_a_clustered_jdbc_store_with_the_configured_timings() {
    QuartzFactory factory = new QuartzFactory();
    factory.setClusterName("prod");
    factory.setThreadCount(7);
    factory.setCheckinInterval(Duration.seconds(3));
    factory.setMisfireThreshold(Duration.seconds(20));
    factory.setBatchSize(5);
    factory.setBatchTimeWindow(Duration.milliseconds(50));
    factory.setDbRetryInterval(Duration.milliseconds(1500));

    Properties p =
        factory.quartzProperties(new Database(DatabaseDialect.POSTGRESQL, null), "node-1", "ds");

    assertThat(p)
        .containsEntry("org.quartz.scheduler.instanceName", "prod")
        .containsEntry("org.quartz.scheduler.instanceId", "node-1")
        .containsEntry("org.quartz.jobStore.class", SetBasedJobStore.class.getName())
        .containsEntry("org.quartz.jobStore.driverDelegateClass", SetBasedDelegate.class.getName())
        .containsEntry("org.quartz.jobStore.dataSource", "ds")
        .containsEntry("org.quartz.jobStore.isClustered", "true")
        .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "3000")
        .containsEntry("org.quartz.jobStore.misfireThreshold", "20000")
        .containsEntry("org.quartz.jobStore.dbRetryInterval", "1500")
        .containsEntry("org.quartz.scheduler.threadName", "carillon-scheduler-node-1")
        .containsEntry("org.quartz.jobStore.acquireTriggersWithinLock", "true")
        .containsEntry("org.quartz.jobStore.useProperties", "true")
        .containsEntry("org.quartz.scheduler.idleWaitTime", "5000")
        .containsEntry("org.quartz.threadPool.threadCount", "7")
        .containsEntry("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "5")
        .containsEntry("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", "50");
    assertThat(p.stringPropertyNames()).noneMatch(key -> key.startsWith("org.quartz.dataSource."));
  }

  @Test
  void a_database_retry_interval_longer_than_the_check_in_interval_is_refused() {
    QuartzFactory factory = new QuartzFactory();
    factory.setCheckinInterval(Duration.seconds(5));

    factory.setDbRetryInterval(Duration.seconds(5));
    assertThat(factory.isDbRetryIntervalWithinCheckin()).isTrue();
    factory.setDbRetryInterval(Duration.seconds(6));
    assertThat(factory.isDbRetryIntervalWithinCheckin()).isFalse();
  }

  @Test
  void embedded_h2_is_a_single_node_store() {
    Properties p =
        new QuartzFactory()
            .quartzProperties(new Database(DatabaseDialect.H2, null), "node-1", "ds");

    assertThat(p)
        .containsEntry("org.quartz.jobStore.isClustered", "false")
        .containsEntry("org.quartz.jobStore.class", CarillonJobStore.class.getName())
        .containsEntry(
            "org.quartz.jobStore.driverDelegateClass",
            "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
  }

  @Test
  void the_stock_store_can_be_chosen_on_postgresql() {
    QuartzFactory factory = new QuartzFactory();
    factory.setStore(StoreChoice.of("stock"));

    Properties p =
        factory.quartzProperties(new Database(DatabaseDialect.POSTGRESQL, null), "node-1", "ds");

    assertThat(p)
        .containsEntry("org.quartz.jobStore.class", CarillonJobStore.class.getName())
        .containsEntry(
            "org.quartz.jobStore.driverDelegateClass",
            "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
  }

  @Test
  void the_set_based_store_on_h2_is_refused_at_startup() {
    QuartzFactory factory = new QuartzFactory();
    factory.setStore(StoreChoice.of("set-based"));

    assertThatThrownBy(
            () -> factory.quartzProperties(new Database(DatabaseDialect.H2, null), "n", "ds"))
        .isInstanceOf(StartupException.class)
        .hasMessage("scheduler.store: set-based needs PostgreSQL; use auto or stock");
  }

  @Test
  void an_unknown_store_names_the_choices() {
    assertThatThrownBy(() -> StoreChoice.of("fast"))
        .hasMessage("scheduler.store must be one of auto, stock, set-based, not 'fast'");
  }

  @Test
  void auto_instance_ids_differ_between_replicas_started_together() {
    String first = InstanceIds.resolve("AUTO");
    String second = InstanceIds.resolve("AUTO");

    assertThat(first).isNotEqualTo(second).matches("[a-z0-9._-]+-[0-9a-f]{8}");
  }

  @Test
  void a_configured_instance_id_is_kept() {
    assertThat(InstanceIds.resolve("node-7")).isEqualTo("node-7");
  }
}
