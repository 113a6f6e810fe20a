package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.JobState;
import io.carillon.server.common.Source;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import io.carillon.server.testing.UnstartedNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pausing and resuming a job, against the real store and a Quartz scheduler that stores but never
 * fires, on a settable clock: the job's trigger, its enabled flag, its pause and the audit entry
 * change together, and bad pause terms are refused naming the field.
 */
class JobPausesIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(JobPausesIT.class);

  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static final UnstartedNode NODE = UnstartedNode.on(DB, "pauses");

  private final SettableClock clock = new SettableClock(T0);
  private final JobService jobs = NODE.jobs(clock);
  private final Pauses pauses = NODE.pauses(jobs, clock);

  @AfterAll
  static void close() {
    NODE.close();
  }

  @BeforeEach
  void empty() {
    DB.acceptInserts("carillon_audit");
    NODE.empty(DB);
  }

  @Test
  void a_paused_job_has_its_trigger_paused_and_the_pause_audited_with_the_state_it_changed() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);

    JobRow paused =
        pauses.pauseJob(
            "reports",
            "nightly",
            new PauseTerms("upgrade", T0.plus(Duration.ofHours(2))),
            Requests.BY_ALICE);

    assertThat(paused.state()).isEqualTo(JobState.PAUSED);
    assertThat(paused.pause().reason()).isEqualTo("upgrade");
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("PAUSED");
    assertThat(DB.strings("SELECT before_json FROM carillon_audit WHERE action = 'job.pause'"))
        .singleElement()
        .asString()
        .contains("\"state\":\"SCHEDULED\"");
    assertThat(DB.strings("SELECT after_json FROM carillon_audit WHERE action = 'job.pause'"))
        .singleElement()
        .asString()
        .contains("\"state\":\"PAUSED\"");

    assertThat(pauses.resumeJob("reports", "nightly", Requests.BY_ALICE).state())
        .isEqualTo(JobState.SCHEDULED);
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("WAITING");
    assertThat(DB.auditLines()).last().asString().startsWith("k-admin alice job.resume");
  }

  @Test
  void a_pause_ending_in_the_past_is_refused_naming_until() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);

    assertThatThrownBy(
            () ->
                pauses.pauseJob(
                    "reports",
                    "nightly",
                    new PauseTerms(null, T0.minus(Duration.ofMinutes(1))),
                    Requests.BY_ALICE))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(fields(e)).containsExactly("until"));
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("WAITING");
    assertThat(DB.auditLines()).hasSize(1);
  }

  @Test
  void an_ended_pause_is_resumed_by_carillon_once_the_clock_passes_its_end() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    pauses.pauseJob(
        "reports",
        "nightly",
        new PauseTerms("upgrade", T0.plus(Duration.ofHours(2))),
        Requests.BY_ALICE);

    assertThat(pauses.resumeEnded("test-node")).as("before its end").isZero();
    clock.advance(Duration.ofHours(2));
    assertThat(pauses.resumeEnded("test-node")).isEqualTo(1);

    assertThat(jobs.get("reports", "nightly").state()).isEqualTo(JobState.SCHEDULED);
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("WAITING");
    assertThat(DB.auditLines())
        .last()
        .isEqualTo("carillon carillon job.resume job:reports/nightly " + clock.instant());
    assertThat(pauses.resumeEnded("test-node")).as("resumed once").isZero();
  }

  @Test
  void a_pause_whose_audit_entry_cannot_be_written_leaves_the_job_running_in_quartz() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    DB.refuseInserts("carillon_audit");

    assertThatThrownBy(
            () ->
                pauses.pauseJob(
                    "reports", "nightly", new PauseTerms("upgrade", null), Requests.BY_ALICE))
        .hasMessageContaining("inserts refused")
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

    assertThat(jobs.get("reports", "nightly").state()).isEqualTo(JobState.SCHEDULED);
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("WAITING");
    assertThat(DB.number("SELECT count(*) FROM carillon_pause")).isZero();
  }

  @Test
  void a_resume_whose_audit_entry_cannot_be_written_leaves_the_job_paused_in_quartz() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    pauses.pauseJob("reports", "nightly", new PauseTerms("upgrade", null), Requests.BY_ALICE);
    DB.refuseInserts("carillon_audit");

    assertThatThrownBy(() -> pauses.resumeJob("reports", "nightly", Requests.BY_ALICE))
        .hasMessageContaining("inserts refused")
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

    assertThat(jobs.get("reports", "nightly").state()).isEqualTo(JobState.PAUSED);
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("PAUSED");
    assertThat(DB.strings("SELECT reason FROM carillon_pause")).containsExactly("upgrade");
  }

  @Test
  void pausing_a_paused_job_whose_audit_entry_fails_does_not_resume_it_in_quartz() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    pauses.pauseJob("reports", "nightly", new PauseTerms("upgrade", null), Requests.BY_ALICE);
    DB.refuseInserts("carillon_audit");

    assertThatThrownBy(
            () ->
                pauses.pauseJob(
                    "reports", "nightly", new PauseTerms("longer", null), Requests.BY_ALICE))
        .hasMessageContaining("inserts refused");

    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("PAUSED");
    assertThat(DB.strings("SELECT reason FROM carillon_pause")).containsExactly("upgrade");
  }

  private static List<String> fields(Throwable e) {
    return ((InvalidInputException) e).errors().stream().map(FieldError::field).toList();
  }
}
