package io.carillon.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.quartz.CarillonJobFactory;
import io.carillon.server.api.StrictJson;
import io.carillon.server.auth.AdminTaskGuard;
import io.carillon.server.auth.ApiKeys;
import io.carillon.server.auth.Authentication;
import io.carillon.server.auth.Authorization;
import io.carillon.server.auth.ClientAddresses;
import io.carillon.server.auth.FailedAttempts;
import io.carillon.server.auth.SecurityHeaders;
import io.carillon.server.auth.StartupKeys;
import io.carillon.server.cli.CarillonServerCommand;
import io.carillon.server.cli.ClientCommands;
import io.carillon.server.cli.ConfigCheckCommand;
import io.carillon.server.cli.DbCommand;
import io.carillon.server.common.PeriodicTask;
import io.carillon.server.common.StartupException;
import io.carillon.server.core.AuditLog;
import io.carillon.server.core.Backfills;
import io.carillon.server.core.Calendars;
import io.carillon.server.core.ClusterService;
import io.carillon.server.core.ConfigJobs;
import io.carillon.server.core.DeclaredJobs;
import io.carillon.server.core.Dependencies;
import io.carillon.server.core.DependencyRules;
import io.carillon.server.core.ExecutionService;
import io.carillon.server.core.FailoverSweeper;
import io.carillon.server.core.JobDocuments;
import io.carillon.server.core.JobRequests;
import io.carillon.server.core.JobService;
import io.carillon.server.core.LateJobs;
import io.carillon.server.core.Pauses;
import io.carillon.server.core.Reruns;
import io.carillon.server.core.schedule.SchedulePreview;
import io.carillon.server.db.CanaryDao;
import io.carillon.server.db.ClusterLock;
import io.carillon.server.db.ClusterLockHolderDao;
import io.carillon.server.db.Daos;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.DatabaseMigrator;
import io.carillon.server.db.ExpectationDao;
import io.carillon.server.db.PauseDao;
import io.carillon.server.db.RequestSessionNames;
import io.carillon.server.db.RunRequestDao;
import io.carillon.server.db.SchedulerStateDao;
import io.carillon.server.health.CanaryHealthCheck;
import io.carillon.server.health.CheckinHealthCheck;
import io.carillon.server.health.ClusterLockHealthCheck;
import io.carillon.server.health.DatabaseHealthCheck;
import io.carillon.server.health.DrainReadiness;
import io.carillon.server.health.SchedulerHealthCheck;
import io.carillon.server.health.SchedulerThreadHealthCheck;
import io.carillon.server.logging.SecretRedaction;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.LastSuccessAges;
import io.carillon.server.metrics.PrometheusExposition;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.metrics.SchedulerGauges;
import io.carillon.server.notify.Notifier;
import io.carillon.server.quartz.Canary;
import io.carillon.server.quartz.ManagedScheduler;
import io.carillon.server.quartz.QuartzFactory;
import io.carillon.server.resources.ApiDocument;
import io.carillon.server.resources.AuditResource;
import io.carillon.server.resources.BackfillsResource;
import io.carillon.server.resources.BodySizeLimit;
import io.carillon.server.resources.CalendarsResource;
import io.carillon.server.resources.CarillonExceptionMapper;
import io.carillon.server.resources.ClusterResource;
import io.carillon.server.resources.ExecutionsResource;
import io.carillon.server.resources.GroupsResource;
import io.carillon.server.resources.JobTypesResource;
import io.carillon.server.resources.JobsResource;
import io.carillon.server.resources.JsonProblemMapper;
import io.carillon.server.resources.KeysResource;
import io.carillon.server.resources.MeResource;
import io.carillon.server.resources.NoStore;
import io.carillon.server.resources.ParameterLimits;
import io.carillon.server.resources.ProblemErrorHandler;
import io.carillon.server.resources.SchedulerResource;
import io.carillon.server.resources.SchedulesResource;
import io.carillon.server.resources.UnexpectedProblemMapper;
import io.carillon.server.resources.WebApplicationProblemMapper;
import io.carillon.server.tasks.DrainTask;
import io.carillon.server.tasks.ResumeTask;
import io.carillon.server.tasks.StandbyTask;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carillon: a Dropwizard server around a clustered Quartz scheduler. Everything is wired here. */
public class CarillonApplication extends Application<CarillonConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(CarillonApplication.class);

  /**
   * Quartz stamps check-ins and fire times with the wall clock, so whatever judges them (liveness,
   * check-in and canary health, the failover sweeper) uses it too, not the app's injected clock.
   */
  private static final Clock QUARTZ_CLOCK = Clock.systemUTC();

  private final Clock clock;
  private volatile Scheduler scheduler;

  public CarillonApplication() {
    this(Clock.systemUTC());
  }

  public CarillonApplication(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) throws Exception {
    new CarillonApplication().run(args);
  }

  @Override
  public String getName() {
    return "carillon";
  }

  @Override
  public void initialize(Bootstrap<CarillonConfiguration> bootstrap) {
    // ${DATABASE_URL:-default} in config.yml; a variable referenced without a default must be set.
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
    bootstrap.addCommand(new DbCommand());
    ClientCommands.addTo(bootstrap);
    addDashboard(bootstrap);
    // JVM metrics (memory, GC, threads) in the registry for /metrics and /prometheus. Dropwizard
    // does this itself after initialize() when started from main(), but not under its test support.
    bootstrap.registerMetrics();
    // Instants on the wire as ISO-8601 text, not epoch numbers; a misspelt field is an error,
    // not silently dropped; no value is coerced from another JSON type (see StrictJson).
    StrictJson.configure(
        bootstrap
            .getObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    bootstrap.setConfigurationFactoryFactory(
        new DefaultConfigurationFactoryFactory<>() {
          // config.yml keeps YAML's loose scalars: "password: 1234" is text to a String field.
          @Override
          protected ObjectMapper configureObjectMapper(ObjectMapper mapper) {
            return StrictJson.lenient(super.configureObjectMapper(mapper));
          }
        });
  }

  /**
   * The web dashboard: static files from {@code /assets} in the jar, served at {@code /} (the API
   * is under {@code /api/}, so the two never overlap). It calls the API with the user's key.
   */
  private static void addDashboard(Bootstrap<CarillonConfiguration> bootstrap) {
    bootstrap.addBundle(new AssetsBundle("/assets/", "/", "index.html", "dashboard"));
  }

  @Override
  protected void addDefaultCommands(Bootstrap<CarillonConfiguration> bootstrap) {
    bootstrap.addCommand(new CarillonServerCommand(this));
    bootstrap.addCommand(new ConfigCheckCommand());
  }

  /** A failed command exits with its own code (the client's are documented in docs/cli.md). */
  @Override
  protected void onFatalError(Throwable error) {
    System.out.flush();
    System.err.flush();
    System.exit(ClientCommands.exitCode(error));
  }

  @Override
  public void run(CarillonConfiguration config, Environment environment) {
    Database database =
        config
            .getDatabase()
            .build(environment.metrics(), "carillon", config.getScheduler().sessionName());
    environment.lifecycle().manage(database);
    if (config.getDatabase().isMigrateOnStart()) {
      DatabaseMigrator.Report report = new DatabaseMigrator(database).migrate();
      LOG.info(
          "Database schema at version {} ({} migration(s) applied now)",
          report.schemaVersion(),
          report.migrationsApplied());
    }
    config.getDatabase().maintenance(database).ifPresent(environment.lifecycle()::manage);
    String cluster = config.getScheduler().getClusterName();
    Daos daos = Daos.of(database, cluster);

    JobTypeRegistry types = config.getJobTypes().build(config.getServerFactory());
    Notifier notifier =
        config
            .getNotifications()
            .build(
                config.getJobTypes().getSmtp().settings(),
                environment.metrics(),
                environment.getObjectMapper());
    environment.lifecycle().manage(notifier);
    LabelledMetrics metrics = new LabelledMetrics(environment.metrics());
    RunMetrics runMetrics = new RunMetrics(metrics);
    // Registered after the pool and the notifier, so it stops before either.
    ManagedScheduler managedScheduler =
        config.getScheduler().build(database, runMetrics, clock, notifier);
    environment.lifecycle().manage(managedScheduler);
    scheduler = managedScheduler.scheduler();
    setJobFactory(scheduler, new CarillonJobFactory(types));

    JobRequests requests =
        new JobRequests(
            types,
            clock,
            notifier.channelNames(),
            config.getScheduler().defaultZone(),
            config.getScheduler().misfireThresholdDuration());
    AuditLog audit = new AuditLog(daos.audit(), environment.getObjectMapper(), clock);
    JobService jobs =
        new JobService(
            requests,
            daos.jobs(),
            daos.jobList(),
            scheduler,
            daos.running(),
            daos.executions(),
            environment.getObjectMapper(),
            audit,
            clock,
            new DependencyRules(
                daos.dependencies(),
                id -> daos.jobs().find(id.group(), id.name()).isPresent(),
                environment.getObjectMapper()));
    DeclaredJobs declared = new DeclaredJobs(config.getConfigFile());
    JobDocuments documents =
        new JobDocuments(jobs, requests, declared, environment.getObjectMapper());
    new ClusterLock(database)
        .holding(
            ClusterLock.CONFIG_JOBS,
            () ->
                new ConfigJobs(jobs, requests, documents, declared.file())
                    .reconcile(config.getJobs(), config.isPruneJobs()));

    ExecutionService executions =
        new ExecutionService(daos.executionList(), daos.executions(), jobs, clock);
    environment
        .lifecycle()
        .manage(
            config.getExecutions().build(daos.executions(), clock, environment.getObjectMapper()));

    ApiKeys keys = new ApiKeys(daos.apiKeys(), clock);
    new ClusterLock(database)
        .holding(
            ClusterLock.API_KEYS,
            () ->
                new StartupKeys(keys, System.out, baseUrl(config))
                    .apply(config.getAuth().getKeys()));

    registerSecurity(environment, config, keys);
    Pauses pauses = new Pauses(jobs, daos.pauses(), audit, clock);
    String nodeId = instanceId(scheduler);
    PeriodicTask pauseEnds =
        new PeriodicTask(
            "carillon-pause-ends",
            config.getPauses().checkInterval(),
            "Could not resume the pauses that ended",
            () -> pauses.resumeEnded(nodeId));
    environment.lifecycle().manage(pauseEnds);
    metrics.gauge(
        "carillon_pause_checks",
        "Looks for ended pauses this node has completed since it started",
        pauseEnds::rounds);
    Backfills backfills =
        new Backfills(
            jobs, executions, daos.backfills(), clock, config.getBackfills().getMaxConcurrent());
    environment
        .lifecycle()
        .manage(
            new PeriodicTask(
                "carillon-backfills",
                config.getBackfills().checkInterval(),
                "Could not drive the backfills",
                backfills::drive));
    registerLateJobs(environment, config, daos, notifier, metrics);
    ClusterService clusterView =
        registerCluster(
            environment, config, database, daos, managedScheduler, metrics, runMetrics, audit);
    Dependencies dependencies =
        new Dependencies(
            jobs,
            daos.dependencies(),
            daos.runRequests(),
            instanceId(scheduler),
            () ->
                clusterView.cluster().nodes().stream()
                    .filter(node -> node.alive())
                    .map(node -> node.id())
                    .collect(java.util.stream.Collectors.toSet()),
            environment.getObjectMapper(),
            clock,
            config.getDependencies());
    PeriodicTask sweeper =
        new PeriodicTask(
            "carillon-dependencies",
            config.getDependencies().checkInterval(),
            "Could not dispatch dependent jobs",
            dependencies::drive);
    environment.lifecycle().manage(sweeper);
    metrics.gauge(
        "carillon_dependency_checks",
        "Looks for ended upstream runs to dispatch this node has completed since it started",
        sweeper::rounds);
    registerApi(
        environment.jersey(),
        config,
        jobs,
        pauses,
        executions,
        types,
        keys,
        audit,
        clusterView,
        daos.runRequests(),
        environment.getObjectMapper(),
        backfills,
        dependencies,
        documents,
        declared);
    environment.healthChecks().register("database", new DatabaseHealthCheck(database.dataSource()));
    environment
        .healthChecks()
        .register("scheduler", new SchedulerHealthCheck(scheduler, managedScheduler));
    registerObservability(environment, config, database, daos, managedScheduler, metrics);
    registerCanary(environment, config, database, daos.canary(), metrics);
  }

  /**
   * The late-job check on this node (every node runs it; one of them notifies each change), its
   * metrics: how many jobs are late, each job's last success age, and the checks this node made.
   */
  private void registerLateJobs(
      Environment environment,
      CarillonConfiguration config,
      Daos daos,
      Notifier notifier,
      LabelledMetrics metrics) {
    ExpectationDao expectations = daos.expectations();
    PauseDao pauses = daos.pauses();
    LateJobs late =
        new LateJobs(
            expectations,
            pauses,
            scheduler,
            environment.getObjectMapper(),
            notifier,
            instanceId(scheduler),
            clock,
            config.getLateJobs().checkInterval());
    environment.lifecycle().manage(late);
    metrics.cachedGauge(
        "carillon_jobs_late",
        "Jobs whose fire time passed without a start, or whose last success is too old",
        java.time.Duration.ofSeconds(1),
        () -> expectations.countLate());
    metrics.gauge(
        "carillon_late_checks",
        "Late-job checks this node has completed since it started",
        late::checks);
    metrics.collector(new LastSuccessAges(expectations, clock));
  }

  /**
   * The cluster's canary trigger (created by whichever node starts first), its health check and its
   * age gauge, and the check that this node's scheduler thread still runs.
   */
  private void registerCanary(
      Environment environment,
      CarillonConfiguration config,
      Database database,
      CanaryDao canary,
      LabelledMetrics metrics) {
    java.time.Duration interval = config.getScheduler().canaryInterval();
    new ClusterLock(database)
        .holding(
            ClusterLock.CANARY,
            () -> {
              Canary.ensure(scheduler, interval);
              return null;
            });
    environment
        .healthChecks()
        .register("canary", new CanaryHealthCheck(canary, interval, QUARTZ_CLOCK));
    metrics.cachedGauge(
        "carillon_canary_age_seconds",
        "Seconds since the cluster last fired its canary trigger, on any node",
        java.time.Duration.ofSeconds(1),
        () ->
            canary
                .find()
                .map(c -> c.age(QUARTZ_CLOCK.instant()).toMillis() / 1000.0)
                .orElse(Double.NaN));
    environment
        .healthChecks()
        .register(
            "scheduler-thread",
            new SchedulerThreadHealthCheck(
                QuartzFactory.schedulerThreadName(instanceId(scheduler))));
  }

  /**
   * The cluster view and stuck triggers (API, gauge), the drain/standby/resume admin tasks and
   * SIGTERM drain, and the sweeper that ends runs left RUNNING by dead nodes.
   */
  private ClusterService registerCluster(
      Environment environment,
      CarillonConfiguration config,
      Database database,
      Daos daos,
      ManagedScheduler node,
      LabelledMetrics metrics,
      RunMetrics runMetrics,
      AuditLog audit) {
    String name = config.getScheduler().getClusterName();
    boolean clustered = database.dialect().supportsClustering();
    java.time.Duration checkin = config.getScheduler().checkinInterval();
    ClusterService cluster =
        new ClusterService(
            daos.nodes(),
            daos.checkins(),
            daos.running(),
            daos.stuckTriggers(),
            audit,
            node,
            name,
            clustered,
            checkin,
            QUARTZ_CLOCK,
            daos.canary(),
            daos.expectations(),
            daos.pauses());
    environment.jersey().register(new ClusterResource(cluster));
    environment.admin().addTask(new DrainTask(node));
    environment.admin().addTask(new StandbyTask(node));
    environment.admin().addTask(new ResumeTask(node));
    node.drainOnSigterm();
    environment
        .servlets()
        .addFilter("drain-readiness", new DrainReadiness(node))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/health-check");
    if (clustered) {
      environment
          .lifecycle()
          .manage(
              new FailoverSweeper(
                  daos.running(),
                  daos.checkins(),
                  daos.nodes(),
                  runMetrics,
                  node,
                  checkin,
                  QUARTZ_CLOCK));
    }
    metrics.cachedGauge(
        "carillon_triggers_stuck",
        "Triggers in ERROR, or BLOCKED/ACQUIRED with no live owner: they need a repair",
        java.time.Duration.ofSeconds(5),
        () -> cluster.stuckTriggerCount());
    return cluster;
  }

  /** Gauges, the Prometheus exposition and the cluster check-in health check. */
  private void registerObservability(
      Environment environment,
      CarillonConfiguration config,
      Database database,
      Daos daos,
      ManagedScheduler managedScheduler,
      LabelledMetrics metrics) {
    boolean clustered = database.dialect().supportsClustering();
    SchedulerStateDao states = daos.checkins();
    SchedulerGauges.register(
        metrics,
        managedScheduler::running,
        config.getScheduler().getThreadCount(),
        daos.jobList(),
        states,
        clustered,
        () -> isTakingFires(scheduler),
        QUARTZ_CLOCK);
    PrometheusExposition.register(environment, metrics);
    registerClusterLockWatch(environment, config, database, daos.lockHolders(), metrics);
    // Registered on H2 as well, where it is always healthy, so that health: config fits both.
    environment
        .healthChecks()
        .register(
            "checkin",
            new CheckinHealthCheck(
                clustered ? states : null,
                () -> instanceId(scheduler),
                config.getScheduler().checkinInterval(),
                QUARTZ_CLOCK));
  }

  /**
   * Who holds Quartz's cluster lock and for how long: a check that names the holder (node and
   * request) past a threshold, and a gauge. On H2 (one node) there is nobody else to stall.
   */
  private static void registerClusterLockWatch(
      Environment environment,
      CarillonConfiguration config,
      Database database,
      ClusterLockHolderDao holders,
      LabelledMetrics metrics) {
    if (database.dialect() != DatabaseDialect.POSTGRESQL) {
      environment.healthChecks().register("cluster-lock", new ClusterLockHealthCheck(null, null));
      return;
    }
    environment
        .servlets()
        .addFilter("request-session-names", new RequestSessionNames())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
    environment
        .healthChecks()
        .register(
            "cluster-lock",
            new ClusterLockHealthCheck(holders, config.getScheduler().lockHeldThreshold()));
    metrics.cachedGauge(
        "carillon_cluster_lock_held_seconds",
        "How long the oldest transaction holding Quartz's cluster lock has held it (0: none)",
        java.time.Duration.ofSeconds(1),
        () -> holders.oldest().map(h -> h.held().toMillis() / 1000.0).orElse(0.0));
  }

  /** Where this server answers, for people: {@code http://localhost:8080}. */
  private static String baseUrl(CarillonConfiguration config) {
    if (config.getServerFactory() instanceof io.dropwizard.core.server.DefaultServerFactory server
        && !server.getApplicationConnectors().isEmpty()
        && server.getApplicationConnectors().get(0)
            instanceof io.dropwizard.jetty.HttpConnectorFactory http) {
      String host = http.getBindHost();
      boolean any = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::");
      String scheme = http instanceof io.dropwizard.jetty.HttpsConnectorFactory ? "https" : "http";
      return scheme
          + "://"
          + (any ? "localhost" : host)
          + ":"
          + (http.getPort() == 0 ? "PORT" : http.getPort());
    }
    return "http://localhost:8080";
  }

  private static boolean isTakingFires(Scheduler scheduler) {
    try {
      return scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
    } catch (SchedulerException e) {
      return false;
    }
  }

  private static String instanceId(Scheduler scheduler) {
    try {
      return scheduler.getSchedulerInstanceId();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every API request authenticated and authorised; admin tasks need an admin key; safe headers on
   * every response, Jetty's own error pages included; no credential in the log.
   */
  private void registerSecurity(
      Environment environment, CarillonConfiguration config, ApiKeys keys) {
    SecretRedaction.install();
    FailedAttempts attempts = config.getAuth().buildFailedAttempts(clock);
    ClientAddresses addresses = config.getAuth().buildClientAddresses();
    environment.jersey().register(new Authentication(keys, attempts, addresses));
    environment
        .admin()
        .addFilter(
            "admin-task-guard",
            new AdminTaskGuard(keys, attempts, addresses, environment.getObjectMapper()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/*");
    environment.jersey().register(new Authorization(Set.of(OpenApiResource.class)));
    environment
        .servlets()
        .addFilter("security-headers", new SecurityHeaders())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    environment.lifecycle().addEventListener(ProblemErrorHandler.installer());
  }

  private void registerApi(
      JerseyEnvironment jersey,
      CarillonConfiguration config,
      JobService jobs,
      Pauses pauses,
      ExecutionService executions,
      JobTypeRegistry types,
      ApiKeys keys,
      AuditLog audit,
      ClusterService cluster,
      RunRequestDao runRequests,
      ObjectMapper json,
      Backfills backfills,
      Dependencies dependencies,
      JobDocuments documents,
      DeclaredJobs declared) {
    jersey.register(new CarillonExceptionMapper());
    jersey.register(new JsonProblemMapper());
    jersey.register(new WebApplicationProblemMapper());
    jersey.register(new UnexpectedProblemMapper());
    jersey.register(new BodySizeLimit(config.getMaxRequestBytes()));
    jersey.register(new ParameterLimits());
    jersey.register(new NoStore());
    Reruns reruns = new Reruns(jobs, executions, runRequests, json, clock);
    jersey.register(
        new JobsResource(jobs, executions, audit, pauses, reruns, backfills, documents, declared));
    jersey.register(new ExecutionsResource(executions, reruns, dependencies, audit));
    jersey.register(new BackfillsResource(backfills, audit));
    jersey.register(new GroupsResource(pauses, audit));
    jersey.register(new SchedulerResource(pauses, audit, cluster));
    jersey.register(new KeysResource(keys, audit));
    jersey.register(new AuditResource(audit));
    jersey.register(new MeResource());
    jersey.register(new JobTypesResource(types));
    Calendars calendars = new Calendars(scheduler, json, clock);
    jersey.register(
        new SchedulesResource(
            new SchedulePreview(clock, config.getScheduler().defaultZone()), calendars));
    jersey.register(new CalendarsResource(calendars, audit));
    jersey.register(ApiDocument.resource(getClass().getPackage().getImplementationVersion()));
  }

  private static void setJobFactory(Scheduler scheduler, CarillonJobFactory factory) {
    try {
      scheduler.setJobFactory(factory);
    } catch (SchedulerException e) {
      throw new StartupException("cannot install Carillon's job factory: " + e.getMessage(), e);
    }
  }

  /** This node's Quartz scheduler, once {@link #run} has built it. */
  public Scheduler scheduler() {
    return scheduler;
  }
}
