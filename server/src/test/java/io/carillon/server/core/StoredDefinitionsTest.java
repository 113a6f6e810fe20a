package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.server.api.StrictJson;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.Source;
import io.carillon.server.common.StoredJob;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.schedule.ScheduleSpec;
import io.dropwizard.jackson.Jackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A job as carillon_job stores it: what is read back is the request as validated (defaults filled
 * in), the schedule's kind is its own column, and a job too large for the column is a 400 naming
 * its parameters. On a fixed clock, with the server's JSON settings; no database.
 */
class StoredDefinitionsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final String URL = "https://example.com/import";
  private static final ObjectMapper JSON =
      StrictJson.configure(
          Jackson.newObjectMapper()
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

  private final JobRequests requests =
      new JobRequests(
          JobTypeRegistry.discover(JobTypeSettings.defaults()),
          Clock.fixed(NOW, ZoneOffset.UTC),
          Set.of(),
          ZoneId.of("Europe/Zurich"),
          Duration.ofSeconds(10));
  private final StoredDefinitions definitions = new StoredDefinitions(JSON);

  @Test
  void a_stored_job_reads_back_as_the_request_it_was_validated_to() {
    JobDefinition definition =
        requests.validate(
            job(
                "nightly",
                ScheduleSpec.cron("0 0 2 * * ?", null),
                Map.of("url", URL, "body", "rows=5")),
            null,
            null);

    StoredJob stored =
        definitions.stored(definition, 3, Source.API, NOW, NOW.plusSeconds(1), "incarnation-1");

    assertThat(stored.group()).isEqualTo("default");
    assertThat(stored.version()).isEqualTo(3);
    assertThat(stored.scheduleKind()).isEqualTo("cron");
    assertThat(stored.incarnation()).isEqualTo("incarnation-1");
    JobRequest read = definitions.read(stored);
    assertThat(read).isEqualTo(JSON.convertValue(definition.normalised(), JobRequest.class));
    assertThat(read.params()).containsEntry("body", "rows=5");
    assertThat(read.schedule().timeZone())
        .as("the default zone is stored, so a later change of default does not move the job")
        .isEqualTo("Europe/Zurich");
  }

  @Test
  void the_schedule_kind_column_says_cron_every_at_or_nothing() {
    assertThat(kindOf(ScheduleSpec.every("PT5M"))).isEqualTo("every");
    assertThat(kindOf(ScheduleSpec.at(NOW.plusSeconds(3600)))).isEqualTo("at");
    assertThat(kindOf(null)).isNull();
  }

  @Test
  void a_job_too_large_for_its_column_is_refused_naming_its_params() {
    JobDefinition huge =
        requests.validate(
            job(
                "huge",
                null,
                Map.of("url", URL, "body", "x".repeat(StoredDefinitions.MAX_DEFINITION_CHARS))),
            null,
            null);

    assertThatThrownBy(() -> definitions.stored(huge, 1, Source.API, NOW, NOW, "i"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).errors().get(0).field())
                    .isEqualTo("params"));
  }

  private String kindOf(ScheduleSpec schedule) {
    return definitions
        .stored(
            requests.validate(job("j", schedule, null), null, null), 1, Source.API, NOW, NOW, "i")
        .scheduleKind();
  }

  private static JobRequest job(String name, ScheduleSpec schedule, Map<String, Object> params) {
    return Requests.job(null, name, params == null ? "noop" : "http", params, schedule);
  }
}
