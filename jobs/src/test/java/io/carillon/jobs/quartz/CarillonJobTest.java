package io.carillon.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.jobs.InvalidParametersException;
import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ShellSettings;
import io.carillon.jobs.basic.NoopJobType;
import io.carillon.jobs.basic.SleepJobType;
import io.carillon.jobs.shell.ShellJobType;
import io.carillon.jobs.testing.Eventually;
import io.carillon.jobs.testing.ProcessIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.TriggerBuilder;
import org.quartz.simpl.SimpleJobFactory;

class CarillonJobTest {

  /** Writes what the context says about the execution, to check the job data is read right. */
  static final class ProbeJobType implements JobType {
    @Override
    public String name() {
      return "probe";
    }

    @Override
    public String description() {
      return "test";
    }

    @Override
    public List<ParameterSpec> parameters() {
      return List.of();
    }

    @Override
    public void run(JobContext context) {
      context
          .output()
          .line(
              "execution="
                  + context.executionId()
                  + " attempt="
                  + context.attempt()
                  + " scheduled="
                  + context.scheduledFireTime()
                  + " node="
                  + context.nodeId()
                  + " now="
                  + context.clock().instant());
      context.result(Map.of("attempt", context.attempt()));
    }
  }

  /** A job class of the server's own, which the factory must hand to the fallback. */
  public static final class PlainQuartzJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      context.setResult("plain");
    }
  }

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path temp;
  private RecordingScheduler quartz;

  @BeforeEach
  void start() throws Exception {
    JobTypeSettings settings =
        JobTypeSettings.builder()
            .shell(
                ShellSettings.builder()
                    .enabled(true)
                    .allowWithAnyArgs("/bin/sh", "-c")
                    .allowEnv("PIDS")
                    .build())
            .build();
    JobTypeRegistry registry =
        new JobTypeRegistry(
            List.of(new NoopJobType(), new SleepJobType(), new ShellJobType(), new ProbeJobType()),
            settings);
    quartz =
        RecordingScheduler.start(
            new CarillonJobFactory(
                registry, Clock.fixed(NOW, ZoneOffset.UTC), new SimpleJobFactory()));
  }

  @AfterEach
  void stop() throws Exception {
    quartz.close();
  }

  @Test
  void a_manual_run_records_its_overrides_at_the_head_of_its_output() throws Exception {
    JobDetail job = job("overridden", "noop", "{\"fail\": false}");
    job.getJobDataMap().put(JobDataKeys.OVERRIDES, "{\"fail\":false}");

    assertThat(quartz.runNow(job).outcome().output())
        .startsWith(
            "[carillon] manual run; parameters overridden for this run: {\"fail\":false}\n");
    assertThat(quartz.runNow(job("plain-run", "noop", "{}")).outcome().output())
        .doesNotContain("overridden");
  }

  private static JobDetail job(String name, String type, String paramsJson) {
    return JobBuilder.newJob(CarillonJob.class)
        .withIdentity(name)
        .usingJobData(JobDataKeys.TYPE, type)
        .usingJobData(JobDataKeys.PARAMS, paramsJson)
        .build();
  }

  @Test
  void a_successful_run_leaves_its_outcome_for_the_listener() throws Exception {
    RecordingScheduler.Finished finished = quartz.runNow(job("ok", "noop", "{}"));

    assertThat(finished.error()).isNull();
    assertThat(finished.outcome()).isEqualTo(new JobOutcome("", null, false));
  }

  @Test
  void execution_id_attempt_scheduled_time_and_node_come_from_the_job_data() throws Exception {
    JobDetail job =
        JobBuilder.newJob(CarillonJob.class)
            .withIdentity("probe")
            .usingJobData(JobDataKeys.TYPE, "probe")
            .usingJobData(JobDataKeys.EXECUTION_ID, "exec-42")
            .usingJobData(JobDataKeys.ATTEMPT, "3")
            .build();
    Date due = Date.from(Instant.now().plusMillis(50));

    RecordingScheduler.Finished finished =
        quartz.run(job, TriggerBuilder.newTrigger().startAt(due).build());

    assertThat(finished.outcome().output())
        .isEqualTo(
            "execution=exec-42 attempt=3 scheduled="
                + due.toInstant()
                + " node="
                + RecordingScheduler.NODE_ID
                + " now="
                + NOW
                + "\n");
    assertThat(finished.outcome().resultJson()).isEqualTo("{\"attempt\":3}");
  }

  @Test
  void without_an_execution_id_the_fire_instance_id_is_used_and_the_attempt_is_one()
      throws Exception {
    RecordingScheduler.Finished finished = quartz.runNow(job("probe", "probe", null));

    assertThat(finished.outcome().output())
        .startsWith("execution=" + finished.fireInstanceId() + " attempt=1 ");
  }

  @Test
  void a_failed_run_throws_with_the_real_cause_and_still_leaves_an_outcome() throws Exception {
    RecordingScheduler.Finished finished =
        quartz.runNow(
            job("failing", "shell", "{\"command\": [\"sh\", \"-c\", \"echo partial; exit 2\"]}"));

    assertThat(finished.error())
        .hasCauseInstanceOf(JobFailedException.class)
        .hasRootCauseMessage("command exited with status 2: partial");
    assertThat(finished.outcome().output()).isEqualTo("partial\n");
    assertThat(finished.outcome().resultJson()).isEqualTo("{\"exitCode\":2}");
  }

  @Test
  void stored_parameters_that_no_longer_validate_fail_the_run() throws Exception {
    RecordingScheduler.Finished finished =
        quartz.runNow(job("stale", "noop", "{\"colour\": \"red\"}"));

    assertThat(finished.error())
        .hasCauseInstanceOf(InvalidParametersException.class)
        .hasRootCauseMessage("params.colour unknown parameter");
    assertThat(finished.outcome()).isEqualTo(new JobOutcome("", null, false));
  }

  @Test
  void interrupting_a_shell_run_kills_its_process_tree_and_leaves_no_orphan() throws Exception {
    Path pidFile = temp.resolve("pids");
    String params =
        "{\"command\": [\"sh\", \"-c\", \""
            + ProcessIds.TREE_SCRIPT.replace("\"", "\\\"")
            + "\"], \"env\": {\"PIDS\": \""
            + pidFile
            + "\"}}";
    quartz.start(job("tree", "shell", params));
    Eventually.await(
        "the tree has started",
        Duration.ofSeconds(10),
        () -> Files.exists(pidFile) && ProcessIds.in(read(pidFile)).size() == 4);
    List<Long> pids = ProcessIds.in(read(pidFile));
    assertThat(pids).allMatch(ProcessIds::isAlive);

    assertThat(quartz.scheduler().interrupt(JobKey.jobKey("tree"))).isTrue();
    RecordingScheduler.Finished finished = quartz.next();

    assertThat(finished.error()).hasCauseInstanceOf(InterruptedException.class);
    assertThat(pids).noneMatch(ProcessIds::isAlive);
    assertThat(finished.outcome().output())
        .contains("interrupted: command and its child processes killed");
  }

  @Test
  void an_interrupt_does_not_leak_into_the_next_job_on_the_same_thread() throws Exception {
    quartz.start(job("long-sleep", "sleep", "{\"duration\": \"PT10M\"}"));
    Eventually.await(
        "the sleep is running",
        Duration.ofSeconds(10),
        () -> quartz.isRunning(JobKey.jobKey("long-sleep")));
    quartz.scheduler().interrupt(JobKey.jobKey("long-sleep"));
    assertThat(quartz.next().error()).hasCauseInstanceOf(InterruptedException.class);

    // The scheduler has one worker thread, so this runs where the interrupted job ran.
    RecordingScheduler.Finished next =
        quartz.runNow(job("short-sleep", "sleep", "{\"duration\": \"PT0.05S\"}"));

    assertThat(next.error()).isNull();
    assertThat(next.outcome().resultJson()).isEqualTo("{\"sleptMs\":50}");
  }

  @Test
  void the_non_concurrent_variant_runs_the_same_way_and_tells_quartz_not_to_overlap()
      throws Exception {
    JobDetail job =
        JobBuilder.newJob(NonConcurrentCarillonJob.class)
            .withIdentity("queued")
            .usingJobData(JobDataKeys.TYPE, "probe")
            .usingJobData(JobDataKeys.ATTEMPT, "2")
            .build();

    assertThat(job.isConcurrentExecutionDisallowed()).isTrue();
    assertThat(quartz.runNow(job).outcome().resultJson()).isEqualTo("{\"attempt\":2}");
  }

  @Test
  void other_job_classes_are_left_to_the_fallback_factory() throws Exception {
    JobDetail plain = JobBuilder.newJob(PlainQuartzJob.class).withIdentity("plain").build();

    assertThat(quartz.runNow(plain).result()).isEqualTo("plain");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
