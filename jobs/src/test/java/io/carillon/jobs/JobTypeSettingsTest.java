package io.carillon.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobTypeSettingsTest {

  @Test
  void shell_is_off_by_default_and_then_allows_nothing() {
    assertThat(JobTypeSettings.defaults().shellAllows(List.of("echo", "hi"))).isFalse();
  }

  @Test
  void a_prefix_matches_whole_argv_elements_not_substrings() {
    JobTypeSettings settings =
        JobTypeSettings.builder()
            .shellEnabled(true)
            .allowShellPrefix("python3", "/srv/jobs/report.py")
            .build();

    assertThat(settings.shellAllows(List.of("python3", "/srv/jobs/report.py", "--daily"))).isTrue();
    assertThat(settings.shellAllows(List.of("python3", "/srv/jobs/report.py"))).isTrue();
    assertThat(settings.shellAllows(List.of("python3", "/srv/jobs/report.py.evil"))).isFalse();
    assertThat(settings.shellAllows(List.of("python3", "-c", "import os"))).isFalse();
    assertThat(settings.shellAllows(List.of("python3"))).isFalse();
  }

  @Test
  void enabled_shell_with_prefixes_still_allows_nothing_when_disabled() {
    JobTypeSettings settings = JobTypeSettings.builder().allowShellPrefix("echo").build();
    assertThat(settings.shellAllows(List.of("echo", "hi"))).isFalse();
  }

  @Test
  void an_empty_prefix_is_refused_because_it_would_allow_everything() {
    assertThatThrownBy(() -> JobTypeSettings.builder().allowShellPrefix().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be empty");
  }

  @Test
  void smtp_settings_never_print_the_password() {
    SmtpSettings smtp =
        new SmtpSettings(
            "mail.example.com",
            587,
            "jobs@example.com",
            "jobs",
            "s3cret",
            SmtpSettings.Security.STARTTLS,
            null);
    assertThat(smtp.toString()).doesNotContain("s3cret").contains("***");
    assertThat(JobTypeSettings.builder().smtp(smtp).build().toString()).doesNotContain("s3cret");
  }
}
