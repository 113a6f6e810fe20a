package io.carillon.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quartz.JobDataMap;

class JobDataKeysTest {
  @Test
  void a_run_with_no_attempt_number_is_the_first_attempt() {
    assertThat(JobDataKeys.attempt(new JobDataMap())).isEqualTo(1);
    assertThat(JobDataKeys.attempt(new JobDataMap(Map.of(JobDataKeys.ATTEMPT, " ")))).isEqualTo(1);
  }

  @Test
  void the_attempt_number_is_read_as_a_decimal_string_or_any_value_that_prints_as_one() {
    assertThat(JobDataKeys.attempt(new JobDataMap(Map.of(JobDataKeys.ATTEMPT, " 3 "))))
        .isEqualTo(3);
    assertThat(JobDataKeys.attempt(new JobDataMap(Map.of(JobDataKeys.ATTEMPT, 4)))).isEqualTo(4);
  }

  @Test
  void an_unreadable_attempt_number_counts_as_the_first_attempt_everywhere() {
    assertThat(JobDataKeys.attempt(new JobDataMap(Map.of(JobDataKeys.ATTEMPT, "two"))))
        .isEqualTo(1);
  }
}
