package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.jobs.JobType;
import io.carillon.jobs.cleanup.CleanupJobType;
import io.carillon.jobs.shell.ShellJobType;
import io.carillon.server.common.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OverridePolicyTest {
  private static final JobType SHELL = new ShellJobType();
  private static final JobType CLEANUP = new CleanupJobType();

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void what_a_shell_job_runs_and_where_is_never_overridden_by_anyone() {
    Set<String> given = Set.of("command", "env", "workingDir");
    assertThat(fields(OverridePolicy.refusals(SHELL, List.of(), given, true)))
        .containsExactly("params.command", "params.env", "params.workingDir");
    assertThat(fields(OverridePolicy.refusals(SHELL, List.of(), given, false)))
        .containsExactly("params.command", "params.env", "params.workingDir");
  }

  @Test
  void an_operator_may_not_turn_a_dry_run_cleanup_into_a_real_one_unless_the_job_allows_it() {
    Set<String> given = Set.of("dryRun");
    assertThat(fields(OverridePolicy.refusals(CLEANUP, List.of(), given, false)))
        .containsExactly("params.dryRun");
    assertThat(OverridePolicy.refusals(CLEANUP, List.of("dryRun"), given, false)).isEmpty();
    assertThat(OverridePolicy.refusals(CLEANUP, List.of(), given, true)).isEmpty();
    assertThat(
            fields(OverridePolicy.refusals(CLEANUP, List.of("dryRun"), Set.of("directory"), true)))
        .containsExactly("params.directory");
  }

  @Test
  void a_job_may_declare_only_parameters_its_type_has_and_does_not_fix() {
    List<FieldError> errors = new ArrayList<>();
    List<String> declared =
        OverridePolicy.declared(
            errors, Optional.of(CLEANUP), List.of("retentionDays", "directory", "nope", "dryRun"));

    assertThat(declared).containsExactly("dryRun", "retentionDays");
    assertThat(fields(errors)).containsExactly("overridable[1]", "overridable[2]");
  }
}
