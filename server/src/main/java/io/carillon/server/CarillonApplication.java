package io.carillon.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.quartz.CarillonJobFactory;
import io.carillon.server.api.StrictJson;
import io.carillon.server.cli.CarillonServerCommand;
import io.carillon.server.cli.ClientCommands;
import io.carillon.server.cli.ConfigCheckCommand;
import io.carillon.server.cli.DbCommand;
import io.carillon.server.cli.UsageErrors;
import io.carillon.server.db.ClusterLock;
import io.carillon.server.db.Daos;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseMigrator;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.notify.Notifier;
import io.carillon.server.quartz.ManagedScheduler;
import io.carillon.server.quartz.SchedulerAssembly;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.JarLocation;
import java.time.Clock;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carillon: a Dropwizard server around a clustered Quartz scheduler. {@link #run} wires it by hand,
 * one layer at a time: the pool, the scheduler, the {@link Services}, what runs once at start-up
 * ({@link StartupJobs}) and in the background ({@link BackgroundTasks}), the {@link HttpApi}, the
 * {@link NodeControls} and the {@link Observability}.
 */
public class CarillonApplication extends Application<CarillonConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(CarillonApplication.class);

  /**
   * Quartz stamps check-ins and fire times with the wall clock, so whatever judges them (liveness,
   * check-in and canary health, the failover sweeper) uses it too, not the app's injected clock.
   */
  static final Clock QUARTZ_CLOCK = Clock.systemUTC();

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

  /**
   * As Dropwizard's own, but a command line that does not parse is one line naming what is wrong
   * ({@link UsageErrors}) and exit 2, not Dropwizard's message followed by the usage page.
   */
  @Override
  public void run(String... arguments) throws Exception {
    Bootstrap<CarillonConfiguration> bootstrap = new Bootstrap<>(this);
    addDefaultCommands(bootstrap);
    initialize(bootstrap);
    bootstrap.registerMetrics();
    Optional<ArgumentParserException> usage = UsageErrors.check(bootstrap.getCommands(), arguments);
    if (usage.isPresent()) {
      System.err.println(UsageErrors.line(usage.get()));
      onFatalError(usage.get());
      return;
    }
    new Cli(new JarLocation(getClass()), bootstrap, System.out, System.err)
        .run(arguments)
        .ifPresent(this::onFatalError);
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
    Database database = openDatabase(config, environment);
    boolean clustered = database.dialect().supportsClustering();
    Daos daos = Daos.of(database, config.getScheduler().getClusterName());
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
    ManagedScheduler node =
        new SchedulerAssembly(config.getScheduler())
            .build(database, runMetrics, clock, notifier, new CarillonJobFactory(types));
    scheduler = node.scheduler();
    Services services =
        Services.build(
            config, daos, node, clustered, types, notifier, environment.getObjectMapper(), clock);
    // Managed before the scheduler: config.yml's jobs are in place before its first fire, and it
    // stops before the pool and the notifier.
    environment
        .lifecycle()
        .manage(StartupJobs.of(config, new ClusterLock(database), services, scheduler));
    environment.lifecycle().manage(node);
    BackgroundTasks.register(
        environment.lifecycle(),
        config,
        services,
        daos,
        node,
        clustered,
        notifier,
        metrics,
        runMetrics,
        environment.getObjectMapper(),
        clock);
    HttpApi.register(environment, config, services, types, version(), clock);
    NodeControls.register(environment, node);
    Observability.register(environment, config, database, daos, node, services.cluster(), metrics);
  }

  /** The pool, migrated to the current schema when so configured, and its table maintenance. */
  private static Database openDatabase(CarillonConfiguration config, Environment environment) {
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
    return database;
  }

  private String version() {
    return getClass().getPackage().getImplementationVersion();
  }

  /** This node's Quartz scheduler, once {@link #run} has built it. */
  public Scheduler scheduler() {
    return scheduler;
  }
}
