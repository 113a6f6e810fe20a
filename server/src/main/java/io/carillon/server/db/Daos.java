package io.carillon.server.db;

import io.carillon.server.quartz.schema.CanaryDao;
import io.carillon.server.quartz.schema.ClusterLockHolderDao;
import io.carillon.server.quartz.schema.SchedulerStateDao;
import javax.sql.DataSource;

/**
 * The DAOs of one cluster over the application's pool, each built once at start-up and shared by
 * whatever needs it. Quartz's own listeners build theirs in {@code SchedulerAssembly}.
 */
public record Daos(
    JobDao jobs,
    JobListDao jobList,
    ExecutionDao executions,
    ExecutionListDao executionList,
    RunningExecutionDao running,
    RunRequestDao runRequests,
    JobRevisionDao revisions,
    AuditDao audit,
    ApiKeyDao apiKeys,
    PauseDao pauses,
    BackfillDao backfills,
    ExpectationDao expectations,
    ExpectationListDao expectationList,
    SchedulerStateDao checkins,
    NodeDao nodes,
    StuckTriggerDao stuckTriggers,
    CanaryDao canary,
    ClusterLockHolderDao lockHolders,
    DependencyDao dependencies,
    DependencyRunDao dependencyRuns) {

  public static Daos of(Database database, String cluster) {
    DataSource pool = database.dataSource();
    return new Daos(
        new JobDao(pool, cluster),
        new JobListDao(pool, cluster),
        new ExecutionDao(pool, cluster),
        new ExecutionListDao(pool),
        new RunningExecutionDao(pool, cluster),
        new RunRequestDao(pool, cluster),
        new JobRevisionDao(pool, cluster),
        new AuditDao(pool, cluster),
        new ApiKeyDao(pool, cluster),
        new PauseDao(pool, cluster),
        new BackfillDao(pool, cluster),
        new ExpectationDao(pool, cluster),
        new ExpectationListDao(pool, cluster),
        new SchedulerStateDao(pool, cluster),
        new NodeDao(pool, cluster),
        new StuckTriggerDao(pool, cluster, database.dialect() == DatabaseDialect.POSTGRESQL),
        new CanaryDao(pool, cluster),
        new ClusterLockHolderDao(pool, cluster),
        new DependencyDao(pool, cluster),
        new DependencyRunDao(pool, cluster));
  }
}
