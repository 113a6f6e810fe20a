package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.server.common.ConflictException;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.JobState;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.Overlap;
import io.carillon.server.common.Source;
import io.carillon.server.common.StaleVersionException;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.testing.ClusterRows;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import io.carillon.server.testing.UnstartedNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What JobService does to a job, against the real store and a Quartz scheduler that stores but
 * never fires, on a settable clock: both stores change together, and every change has its audit
 * entry, written in the change's transaction.
 */
class JobServiceIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(JobServiceIT.class);

  private static final String CLUSTER = "jobs";
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static final UnstartedNode NODE = UnstartedNode.on(DB, CLUSTER);
  private final SettableClock clock = new SettableClock(T0);
  private final JobService jobs = NODE.jobs(clock);

  @AfterAll
  static void close() {
    NODE.close();
  }

  @BeforeEach
  void empty() {
    DB.acceptInserts("carillon_audit");
    DB.acceptInserts("qrtz_job_details");
    NODE.empty(DB);
  }

  @Test
  void a_created_job_is_in_both_stores_and_audited_at_the_clocks_time() {
    JobRow created =
        jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);

    assertThat(created.job().version()).isEqualTo(1);
    assertThat(created.job().createdAt()).isEqualTo(T0);
    assertThat(created.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(created.nextFireAt()).isEqualTo(Instant.parse("2026-06-02T03:00:00Z"));
    assertThat(DB.strings("SELECT cron_expression FROM qrtz_cron_triggers"))
        .containsExactly("0 0 3 * * ?");
    assertThat(DB.auditLines())
        .containsExactly("k-admin alice job.create job:reports/nightly " + T0);
    assertThat(DB.strings("SELECT after_json FROM carillon_audit").get(0))
        .contains("\"version\":1", "\"state\":\"SCHEDULED\"", "\"description\":\"first\"");
    assertThat(DB.strings("SELECT before_json FROM carillon_audit")).containsOnlyNulls();
  }

  @Test
  void overlap_queue_makes_a_quartz_job_that_never_runs_twice_at_once_and_skip_does_not() {
    jobs.create(
        Requests.noop("o", "queued", null, null, Overlap.QUEUE), Source.API, Requests.BY_ALICE);
    jobs.create(
        Requests.noop("o", "skipped", null, null, Overlap.SKIP), Source.API, Requests.BY_ALICE);

    assertThat(
            DB.strings(
                "SELECT job_name || ' ' || is_nonconcurrent FROM qrtz_job_details"
                    + " WHERE job_group = 'o' ORDER BY job_name"))
        .containsExactly("queued true", "skipped false");
  }

  @Test
  void an_invalid_job_is_refused_naming_the_field_and_leaves_nothing_behind() {
    JobRequest badCron = Requests.nightly("every day at three", "bad");

    assertThatThrownBy(() -> jobs.create(badCron, Source.API, Requests.BY_ALICE))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(fields(e)).contains("schedule.cron"));
    JobRequest badParam = Requests.job("reports", "nightly", "noop", Map.of("colour", "red"), null);
    assertThatThrownBy(() -> jobs.create(badParam, Source.API, Requests.BY_ALICE))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(fields(e)).contains("params.colour"));

    assertThat(DB.number("SELECT count(*) FROM carillon_job")).isZero();
    assertThat(DB.number("SELECT count(*) FROM qrtz_job_details")).isZero();
    assertThat(DB.auditLines()).isEmpty();
  }

  @Test
  void creating_a_job_that_exists_is_a_conflict_and_records_nothing_more() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);

    assertThatThrownBy(
            () ->
                jobs.create(
                    Requests.nightly("0 0 5 * * ?", "second"), Source.API, Requests.BY_ALICE))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("reports/nightly already exists");
    assertThat(DB.auditLines()).hasSize(1);
    assertThat(DB.strings("SELECT cron_expression FROM qrtz_cron_triggers"))
        .containsExactly("0 0 3 * * ?");
  }

  @Test
  void a_replacement_is_a_new_version_in_both_stores_audited_before_and_after() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    clock.advance(Duration.ofHours(1));

    JobService.Replaced replaced =
        jobs.replace(
            "reports",
            "nightly",
            Requests.nightly("0 0 4 * * ?", "second"),
            Precondition.version(1),
            Source.API,
            Requests.BY_ALICE);

    assertThat(replaced.created()).isFalse();
    assertThat(replaced.job().job().version()).isEqualTo(2);
    assertThat(replaced.job().job().createdAt()).isEqualTo(T0);
    assertThat(replaced.job().job().updatedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(DB.strings("SELECT cron_expression FROM qrtz_cron_triggers"))
        .containsExactly("0 0 4 * * ?");
    assertThat(DB.auditLines())
        .last()
        .isEqualTo("k-admin alice job.replace job:reports/nightly " + clock.instant());
    assertThat(DB.strings("SELECT before_json FROM carillon_audit WHERE action = 'job.replace'"))
        .singleElement()
        .asString()
        .contains("\"version\":1", "\"description\":\"first\"");
    assertThat(DB.strings("SELECT after_json FROM carillon_audit WHERE action = 'job.replace'"))
        .singleElement()
        .asString()
        .contains("\"version\":2", "\"description\":\"second\"");
  }

  @Test
  void a_replacement_naming_a_version_that_is_not_stored_changes_nothing() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);

    assertThatThrownBy(
            () ->
                jobs.replace(
                    "reports",
                    "nightly",
                    Requests.nightly("0 0 4 * * ?", "second"),
                    Precondition.version(7),
                    Source.API,
                    Requests.BY_ALICE))
        .isInstanceOf(StaleVersionException.class)
        .hasMessageContaining("(7)");
    assertThat(jobs.get("reports", "nightly").job().version()).isEqualTo(1);
    assertThat(DB.strings("SELECT cron_expression FROM qrtz_cron_triggers"))
        .containsExactly("0 0 3 * * ?");
    assertThat(DB.auditLines()).hasSize(1);
  }

  @Test
  void replacing_a_missing_job_creates_it_unless_the_caller_requires_it_to_exist() {
    assertThatThrownBy(
            () ->
                jobs.replace(
                    "reports",
                    "nightly",
                    Requests.nightly("0 0 3 * * ?", "first"),
                    Precondition.ANY_VERSION,
                    Source.API,
                    Requests.BY_ALICE))
        .isInstanceOf(StaleVersionException.class);

    JobService.Replaced made =
        jobs.replace(
            "reports",
            "nightly",
            Requests.nightly("0 0 3 * * ?", "first"),
            Precondition.NONE,
            Source.API,
            Requests.BY_ALICE);

    assertThat(made.created()).isTrue();
    assertThat(DB.auditLines())
        .containsExactly("k-admin alice job.create job:reports/nightly " + T0);
  }

  @Test
  void a_deleted_job_is_gone_from_both_stores_and_audited_with_what_it_was() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);

    assertThat(jobs.delete("reports", "nightly", Precondition.NONE, false, Requests.BY_ALICE))
        .isZero();

    assertThat(jobs.find("reports", "nightly")).isEmpty();
    assertThat(DB.number("SELECT count(*) FROM qrtz_job_details")).isZero();
    assertThat(DB.number("SELECT count(*) FROM qrtz_triggers")).isZero();
    assertThat(DB.auditLines())
        .last()
        .isEqualTo("k-admin alice job.delete job:reports/nightly " + T0);
    assertThat(DB.strings("SELECT after_json FROM carillon_audit WHERE action = 'job.delete'"))
        .containsOnlyNulls();
    assertThatThrownBy(
            () -> jobs.delete("reports", "nightly", Precondition.NONE, false, Requests.BY_ALICE))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_running_job_is_deleted_only_when_its_runs_may_be_interrupted() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    String run = new ClusterRows(DB, CLUSTER).running("other-node", "reports", "nightly", T0);

    assertThatThrownBy(
            () -> jobs.delete("reports", "nightly", Precondition.NONE, false, Requests.BY_ALICE))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("is running (1 execution(s))")
        .hasMessageContaining("?interrupt=true");
    assertThat(jobs.find("reports", "nightly")).isPresent();

    assertThat(jobs.delete("reports", "nightly", Precondition.NONE, true, Requests.BY_ALICE))
        .isEqualTo(1);

    assertThat(jobs.find("reports", "nightly")).isEmpty();
    assertThat(
            DB.strings(
                "SELECT interrupt_requested_at IS NOT NULL FROM carillon_execution WHERE id = ?",
                run))
        .containsExactly("t");
    assertThat(DB.auditLines())
        .endsWith(
            "k-admin alice job.delete job:reports/nightly " + T0,
            "k-admin alice job.interrupt job:reports/nightly " + T0);
  }

  @Test
  void a_job_whose_audit_entry_cannot_be_written_is_not_stored() {
    DB.refuseInserts("carillon_audit");

    assertThatThrownBy(
            () ->
                jobs.create(
                    Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE))
        .hasMessageContaining("inserts refused");

    assertThat(jobs.find("reports", "nightly")).isEmpty();
    assertThat(DB.number("SELECT count(*) FROM carillon_job")).isZero();
    assertThat(DB.number("SELECT count(*) FROM qrtz_job_details"))
        .as("no job left in Quartz to fire")
        .isZero();
  }

  @Test
  void a_replacement_whose_audit_entry_cannot_be_written_leaves_quartz_with_the_previous_one() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    DB.refuseInserts("carillon_audit");

    assertThatThrownBy(
            () ->
                jobs.replace(
                    "reports",
                    "nightly",
                    Requests.nightly("0 0 4 * * ?", "second"),
                    Precondition.NONE,
                    Source.API,
                    Requests.BY_ALICE))
        .hasMessageContaining("inserts refused")
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

    assertThat(jobs.get("reports", "nightly").job().version()).isEqualTo(1);
    assertThat(DB.strings("SELECT cron_expression FROM qrtz_cron_triggers"))
        .as("the trigger written back as version 1 defines it")
        .containsExactly("0 0 3 * * ?");
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("WAITING");
  }

  @Test
  void a_replacement_of_a_paused_job_whose_audit_entry_fails_leaves_it_paused_in_quartz() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    NODE.pauses(jobs, clock)
        .pauseJob("reports", "nightly", new PauseTerms("upgrade", null), Requests.BY_ALICE);
    DB.refuseInserts("carillon_audit");

    assertThatThrownBy(
            () ->
                jobs.replace(
                    "reports",
                    "nightly",
                    Requests.nightly("0 0 4 * * ?", "second"),
                    Precondition.NONE,
                    Source.API,
                    Requests.BY_ALICE))
        .hasMessageContaining("inserts refused");

    assertThat(jobs.get("reports", "nightly").state()).isEqualTo(JobState.PAUSED);
    assertThat(DB.strings("SELECT cron_expression FROM qrtz_cron_triggers"))
        .containsExactly("0 0 3 * * ?");
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("PAUSED");
  }

  @Test
  void a_delete_whose_audit_entry_cannot_be_written_puts_the_job_back_into_quartz() {
    JobRow created =
        jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    DB.refuseInserts("carillon_audit");

    assertThatThrownBy(
            () -> jobs.delete("reports", "nightly", Precondition.NONE, false, Requests.BY_ALICE))
        .hasMessageContaining("inserts refused")
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

    JobRow kept = jobs.get("reports", "nightly");
    assertThat(kept.job().version()).isEqualTo(1);
    assertThat(kept.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(kept.nextFireAt()).isEqualTo(created.nextFireAt());
    assertThat(DB.number("SELECT count(*) FROM qrtz_job_details")).isEqualTo(1);
    assertThat(DB.strings("SELECT cron_expression FROM qrtz_cron_triggers"))
        .as("a job the API still shows keeps firing on its schedule")
        .containsExactly("0 0 3 * * ?");
    assertThat(DB.strings("SELECT trigger_state FROM qrtz_triggers")).containsExactly("WAITING");
  }

  @Test
  void an_undo_that_fails_too_is_kept_with_the_audit_failure_and_does_not_replace_it() {
    jobs.create(Requests.nightly("0 0 3 * * ?", "first"), Source.API, Requests.BY_ALICE);
    DB.refuseInserts("carillon_audit");
    // The delete's undo writes the Quartz job again: that write is refused too.
    DB.refuseInserts("qrtz_job_details");

    assertThatThrownBy(
            () -> jobs.delete("reports", "nightly", Precondition.NONE, false, Requests.BY_ALICE))
        .hasMessageContaining("audit log")
        .hasMessageContaining("inserts refused")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .satisfies(undo -> assertThat(undo).hasMessageContaining("scheduler: ")));

    assertThat(jobs.get("reports", "nightly").job().version())
        .as("the job's row rolled back all the same")
        .isEqualTo(1);
  }

  private static List<String> fields(Throwable e) {
    return ((InvalidInputException) e).errors().stream().map(FieldError::field).toList();
  }
}
