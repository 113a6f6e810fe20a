package io.carillon.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTypeSettingsTest {

  @Test
  void the_defaults_allow_no_shell_command_and_no_cleanup_directory() {
    JobTypeSettings defaults = JobTypeSettings.defaults();

    assertThat(defaults.shell().enabled()).isFalse();
    assertThat(defaults.shell().allowedCommands()).isEmpty();
    assertThat(defaults.shell().allowedEnv()).isEmpty();
    assertThat(defaults.shell().allowedWorkingDirs()).isEmpty();
    assertThat(defaults.cleanup().allowedRoots()).isEmpty();
  }

  @Test
  void an_allowed_command_must_start_with_an_absolute_program() {
    // A relative program is looked up against the job's working directory or PATH: the job would
    // choose what runs.
    for (String program : List.of("python3", "bin/report", "./report.sh", "")) {
      assertThatThrownBy(() -> ShellSettings.builder().allowExactly(program, "x").build())
          .as(program)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("absolute program path");
    }
    assertThatThrownBy(() -> ShellSettings.builder().allowExactly().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be empty");
  }

  @Test
  void variables_that_make_programs_load_other_code_cannot_be_opened_to_jobs() {
    for (String name :
        List.of("PATH", "LD_PRELOAD", "DYLD_INSERT_LIBRARIES", "PYTHONPATH", "BASH_ENV", "ENV")) {
      assertThatThrownBy(() -> ShellSettings.builder().allowEnv(name).build())
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("shell.allowedEnv cannot list " + name);
    }
    assertThatThrownBy(() -> ShellSettings.builder().inheritEnv(List.of("PATH")).build())
        .hasMessageContaining("set shell.path instead");
    assertThatThrownBy(() -> ShellSettings.builder().path("bin:/usr/bin").build())
        .hasMessageContaining("absolute directories only");
    assertThat(ShellSettings.builder().allowEnv("REPORT_DAY").build().allowedEnv())
        .containsExactly("REPORT_DAY");
  }

  @Test
  void roots_must_be_absolute_and_not_the_whole_file_system() {
    assertThatThrownBy(() -> CleanupSettings.under(Path.of("logs")))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> CleanupSettings.under(Path.of("/tmp/..")))
        .hasMessageContaining("cannot list /");
    assertThatThrownBy(() -> ShellSettings.builder().allowWorkingDir(Path.of("/./")).build())
        .hasMessageContaining("other than /");
  }

  @Test
  void network_rules_are_ranges_or_host_names_and_nothing_else() throws Exception {
    NetworkRule tenEight = NetworkRule.parse("10.0.0.0/8");
    assertThat(tenEight.contains(InetAddress.getByName("10.200.3.4"))).isTrue();
    assertThat(tenEight.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(NetworkRule.parse("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(NetworkRule.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2")))
        .isFalse();
    assertThat(NetworkRule.parse("*.internal.example").matchesHost("db.internal.example")).isTrue();
    assertThat(NetworkRule.parse("*.internal.example").matchesHost("internal.example")).isFalse();

    for (String bad : List.of("10.0.0.0/33", "10.0.0.0/x", "::1/129", "not a host", "a/b", " ")) {
      assertThatThrownBy(() -> NetworkRule.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
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
