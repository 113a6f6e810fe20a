package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.definition.NotifySpec;
import io.carillon.server.core.definition.RetrySpec;
import io.carillon.server.core.schedule.ScheduleSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation and defaults of job requests, on a fixed clock; no server, no database. */
class JobRequestsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final JobTypeRegistry TYPES = JobTypeRegistry.discover(JobTypeSettings.defaults());

  private final JobRequests requests =
      new JobRequests(
          TYPES, CLOCK, Set.of("ops"), ZoneId.of("Europe/Zurich"), Duration.ofSeconds(10));

  @Test
  void a_job_with_only_a_name_and_a_type_gets_the_default_group_and_is_enabled() {
    JobDefinition definition = requests.validate(job("nightly", null, null), null, null);

    assertThat(definition.group()).isEqualTo("default");
    assertThat(definition.name()).isEqualTo("nightly");
    assertThat(definition.enabled()).isTrue();
    assertThat(definition.schedule()).isNull();
  }

  @Test
  void a_cron_that_names_no_zone_takes_the_configured_default_zone() {
    JobDefinition definition =
        requests.validate(job("nightly", ScheduleSpec.cron("0 0 2 * * ?", null), null), null, null);

    assertThat(definition.normalised().schedule().timeZone()).isEqualTo("Europe/Zurich");
  }

  @Test
  void the_key_in_the_path_must_agree_with_the_body() {
    assertThatThrownBy(() -> requests.validate(job("nightly", null, null), "reports", "weekly"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(fields(e)).contains("name"));
  }

  @Test
  void the_internal_group_is_reserved_for_carillon() {
    assertThatThrownBy(
            () -> requests.validate(job("nightly", null, null), InternalJobs.GROUP, "nightly"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(fields(e)).contains("group"));
  }

  @Test
  void a_one_shot_in_the_past_is_refused_over_the_api_but_left_to_the_misfire_policy_in_config() {
    JobRequest past = job("once", ScheduleSpec.at(NOW.minus(Duration.ofHours(1))), null);

    assertThatThrownBy(() -> requests.validate(past, null, null))
        .isInstanceOf(InvalidInputException.class);
    assertThat(requests.validateDeclared(past).name()).isEqualTo("once");
  }

  @Test
  void a_one_shot_just_inside_the_misfire_threshold_still_runs() {
    JobRequest recent = job("once", ScheduleSpec.at(NOW.minus(Duration.ofSeconds(5))), null);

    assertThat(requests.validate(recent, null, null).name()).isEqualTo("once");
  }

  @Test
  void every_wrong_field_is_named_at_once() {
    JobRequest bad =
        new JobRequest(
            "bad group!",
            "nightly",
            "noop",
            null,
            null,
            null,
            null,
            null,
            null,
            new RetrySpec(0, null, null, null),
            null,
            null,
            new NotifySpec(List.of("nowhere"), null, null, null),
            null,
            null,
            null,
            null,
            null,
            null);

    assertThatThrownBy(() -> requests.validate(bad, null, null))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e ->
                assertThat(fields(e))
                    .contains("group", "retry.maxAttempts")
                    .anyMatch(field -> field.startsWith("notify")));
  }

  private static JobRequest job(String name, ScheduleSpec schedule, String group) {
    return Requests.job(group, name, "noop", null, schedule);
  }

  private static List<String> fields(Throwable e) {
    return ((InvalidInputException) e).errors().stream().map(FieldError::field).toList();
  }
}
