package com.example.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.jobs.FieldError;
import io.carillon.jobs.InvalidParametersException;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.quartz.CarillonJob;
import io.carillon.jobs.quartz.CarillonJobFactory;
import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.jobs.quartz.JobOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.JobListenerSupport;

/** Loads this module's packaged jar from a plugin directory, as the server does, and runs it. */
class GreetingPluginIT {

  @TempDir Path temp;
  private Path plugins;

  @BeforeEach
  void installThePackagedJar() throws Exception {
    Path jar = Path.of(System.getProperty("greeting.plugin.jar"));
    plugins = Files.createDirectories(temp.resolve("plugins"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));
  }

  private JobTypeRegistry registry() {
    return JobTypeRegistry.discover(JobTypeSettings.builder().pluginDirectory(plugins).build());
  }

  @Test
  void the_plugin_is_not_on_the_class_path_so_only_the_directory_can_provide_it() {
    assertThatThrownBy(() -> Class.forName("com.example.greeting.GreetingJobType"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void the_greeting_type_is_discovered_from_the_plugin_directory_next_to_the_built_ins() {
    JobTypeRegistry registry = registry();

    JobType greeting = registry.find("greeting").orElseThrow();
    assertThat(greeting.getClass().getProtectionDomain().getCodeSource().getLocation().getPath())
        .startsWith(plugins.toUri().getPath());
    assertThat(registry.types())
        .extracting(JobType::name)
        .contains("greeting", "shell", "http", "cleanup", "mail", "noop", "sleep");
  }

  @Test
  void its_schema_is_enforced_like_any_built_in_type() {
    assertThatThrownBy(() -> registry().validate("greeting", Map.of("language", "it")))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError("params.name", "is required"),
                        new FieldError("params.language", "must be one of en, fr, de")));
  }

  @Test
  void a_scheduled_greeting_runs_in_quartz_and_leaves_its_outcome() throws Exception {
    JobTypeRegistry registry = registry();
    String params = registry.validate("greeting", Map.of("name", "Ada", "language", "fr")).toJson();
    BlockingQueue<Object> results = new LinkedBlockingQueue<>();
    Scheduler scheduler = scheduler(registry, results);
    try {
      scheduler.scheduleJob(
          JobBuilder.newJob(CarillonJob.class)
              .withIdentity("greet-ada")
              .usingJobData(JobDataKeys.TYPE, "greeting")
              .usingJobData(JobDataKeys.PARAMS, params)
              .usingJobData(JobDataKeys.ATTEMPT, "2")
              .build(),
          TriggerBuilder.newTrigger().startNow().build());

      Object result = results.poll(30, TimeUnit.SECONDS);

      assertThat(result)
          .isEqualTo(
              new JobOutcome("Bonjour, Ada!\n", "{\"attempt\":2,\"greeted\":\"Ada\"}", false));
    } finally {
      scheduler.shutdown(true);
    }
  }

  private static Scheduler scheduler(JobTypeRegistry registry, BlockingQueue<Object> results)
      throws Exception {
    Properties props = new Properties();
    props.setProperty("org.quartz.scheduler.instanceName", "greeting-" + UUID.randomUUID());
    props.setProperty("org.quartz.threadPool.threadCount", "1");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
    scheduler.setJobFactory(new CarillonJobFactory(registry));
    scheduler
        .getListenerManager()
        .addJobListener(
            new JobListenerSupport() {
              @Override
              public String getName() {
                return "results";
              }

              @Override
              public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
                results.add(error == null ? context.getResult() : error);
              }
            });
    scheduler.start();
    return scheduler;
  }
}
