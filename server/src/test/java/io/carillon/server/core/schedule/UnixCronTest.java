package io.carillon.server.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnixCronTest {
  @Test
  void five_fields_get_seconds_and_a_question_mark_for_the_unused_day() {
    assertThat(UnixCron.toQuartz("0 6 * * *")).isEqualTo("0 0 6 * * ?");
    assertThat(UnixCron.toQuartz("30 2 1 * *")).isEqualTo("0 30 2 1 * ?");
    assertThat(UnixCron.toQuartz("*/15 9-17 * * MON-FRI")).isEqualTo("0 */15 9-17 ? * MON-FRI");
  }

  @Test
  void crontab_weekdays_count_from_sunday_zero_and_quartz_from_sunday_one() {
    assertThat(UnixCron.toQuartz("0 6 * * 1-5")).isEqualTo("0 0 6 ? * 2-6");
    assertThat(UnixCron.toQuartz("0 6 * * 0,6")).isEqualTo("0 0 6 ? * 1,7");
    assertThat(UnixCron.toQuartz("0 6 * * 7")).isEqualTo("0 0 6 ? * 1");
  }

  @Test
  void macros_become_their_quartz_lines() {
    assertThat(UnixCron.toQuartz("@daily")).isEqualTo("0 0 0 * * ?");
    assertThat(UnixCron.toQuartz("@HOURLY")).isEqualTo("0 0 * * * ?");
    assertThat(UnixCron.toQuartz("@weekly")).isEqualTo("0 0 0 ? * SUN");
    assertThat(UnixCron.toQuartz("@yearly")).isEqualTo("0 0 0 1 1 ?");
  }

  @Test
  void quartz_lines_pass_through() {
    assertThat(UnixCron.toQuartz("0 0 3 * * ?")).isEqualTo("0 0 3 * * ?");
    assertThat(UnixCron.toQuartz("0 0 3 ? * MON 2030")).isEqualTo("0 0 3 ? * MON 2030");
  }

  @Test
  void both_day_fields_set_cannot_be_said_in_quartz() {
    assertThatThrownBy(() -> UnixCron.toQuartz("0 6 1 * 1"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("crontab runs on either");
  }
}
