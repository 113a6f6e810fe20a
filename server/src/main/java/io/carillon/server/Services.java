package io.carillon.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.server.auth.ApiKeys;
import io.carillon.server.core.AuditLog;
import io.carillon.server.core.Backfills;
import io.carillon.server.core.Calendars;
import io.carillon.server.core.ClusterService;
import io.carillon.server.core.DeclaredJobs;
import io.carillon.server.core.Dependencies;
import io.carillon.server.core.DependencyRules;
import io.carillon.server.core.ExecutionService;
import io.carillon.server.core.JobDocuments;
import io.carillon.server.core.JobRequests;
import io.carillon.server.core.JobRuns;
import io.carillon.server.core.JobService;
import io.carillon.server.core.Pauses;
import io.carillon.server.core.Reruns;
import io.carillon.server.core.schedule.SchedulePreview;
import io.carillon.server.db.Daos;
import io.carillon.server.notify.Notifier;
import io.carillon.server.quartz.ManagedScheduler;
import java.time.Clock;
import java.util.stream.Collectors;

/** The services over Quartz and the store, each built once, for the resources and the tasks. */
record Services(
    JobRequests requests,
    AuditLog audit,
    JobService jobs,
    JobRuns runs,
    DeclaredJobs declared,
    JobDocuments documents,
    ExecutionService executions,
    ApiKeys keys,
    Pauses pauses,
    Backfills backfills,
    ClusterService cluster,
    Dependencies dependencies,
    Reruns reruns,
    Calendars calendars,
    SchedulePreview preview) {

  static Services build(
      CarillonConfiguration config,
      Daos daos,
      ManagedScheduler node,
      boolean clustered,
      JobTypeRegistry types,
      Notifier notifier,
      ObjectMapper json,
      Clock clock) {
    JobRequests requests =
        new JobRequests(
            types,
            clock,
            notifier.channelNames(),
            config.getScheduler().defaultZone(),
            config.getScheduler().misfireThresholdDuration());
    AuditLog audit = new AuditLog(daos.audit(), json, clock);
    DependencyRules rules =
        new DependencyRules(
            daos.dependencies(), id -> daos.jobs().find(id.group(), id.name()).isPresent(), json);
    JobService jobs =
        new JobService(
            requests,
            daos.jobs(),
            daos.jobList(),
            node.scheduler(),
            daos.running(),
            daos.executions(),
            json,
            audit,
            clock,
            rules);
    JobRuns runs = new JobRuns(requests, daos.jobs(), node.scheduler(), json, clock);
    DeclaredJobs declared = new DeclaredJobs(config.getConfigFile());
    ExecutionService executions =
        new ExecutionService(daos.executionList(), daos.executions(), jobs, audit, clock);
    ClusterService cluster =
        new ClusterService(
            daos.nodes(),
            daos.checkins(),
            daos.running(),
            daos.stuckTriggers(),
            audit,
            node,
            config.getScheduler().getClusterName(),
            clustered,
            config.getScheduler().checkinInterval(),
            CarillonApplication.QUARTZ_CLOCK,
            daos.canary(),
            daos.expectationList(),
            daos.pauses());
    Dependencies dependencies =
        new Dependencies(
            jobs,
            runs,
            daos.dependencyRuns(),
            daos.runRequests(),
            node.id(),
            () ->
                cluster.cluster().nodes().stream()
                    .filter(n -> n.alive())
                    .map(n -> n.id())
                    .collect(Collectors.toSet()),
            json,
            clock,
            config.getDependencies());
    return new Services(
        requests,
        audit,
        jobs,
        runs,
        declared,
        new JobDocuments(jobs, requests, declared, json),
        executions,
        new ApiKeys(daos.apiKeys(), audit, clock),
        new Pauses(jobs, daos.jobs(), node.scheduler(), daos.pauses(), audit, clock),
        new Backfills(
            jobs,
            runs,
            executions,
            daos.backfills(),
            audit,
            clock,
            config.getBackfills().getMaxConcurrent()),
        cluster,
        dependencies,
        new Reruns(
            jobs, runs, executions, daos.runRequests(), daos.revisions(), json, audit, clock),
        new Calendars(node.scheduler(), daos.jobs(), json, audit, clock),
        new SchedulePreview(clock, config.getScheduler().defaultZone()));
  }
}
