package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.jobs.AllowedCommand;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.server.common.StartupException;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTypesFactoryTest {

  private static ShellTypeFactory.Command command(AllowedCommand.Args args, String... argv) {
    ShellTypeFactory.Command command = new ShellTypeFactory.Command();
    command.setCommand(List.of(argv));
    command.setArgs(args);
    return command;
  }

  @Test
  void the_shipped_defaults_allow_nothing_to_shell_and_cleanup() {
    JobTypeSettings settings = new JobTypesFactory().settings();

    assertThat(settings.shell().enabled()).isFalse();
    assertThat(settings.shell().allowedCommands()).isEmpty();
    assertThat(settings.cleanup().allowedRoots()).isEmpty();
    assertThat(settings.http().allowed()).isEmpty();
  }

  @Test
  void allowed_commands_keep_their_argument_rule() {
    JobTypesFactory factory = new JobTypesFactory();
    factory
        .getShell()
        .setAllowedCommands(
            List.of(
                command(AllowedCommand.Args.EXACT, "/usr/bin/python3", "/srv/report.py"),
                command(AllowedCommand.Args.ANY, "/usr/local/bin/backup")));

    assertThat(factory.settings().shell().allowedCommands())
        .containsExactly(
            new AllowedCommand(
                List.of("/usr/bin/python3", "/srv/report.py"), AllowedCommand.Args.EXACT),
            new AllowedCommand(List.of("/usr/local/bin/backup"), AllowedCommand.Args.ANY));
  }

  @Test
  void a_relative_command_stops_the_start_naming_it() {
    JobTypesFactory factory = new JobTypesFactory();
    factory
        .getShell()
        .setAllowedCommands(List.of(command(AllowedCommand.Args.EXACT, "python3", "report.py")));

    assertThatThrownBy(() -> factory.build(new DefaultServerFactory()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("jobTypes: ")
        .hasMessageContaining("absolute program path, not 'python3'");
  }

  @Test
  void the_old_prefix_list_stops_the_start_instead_of_being_ignored() {
    JobTypesFactory factory = new JobTypesFactory();
    factory.getShell().setAllowedPrefixes(List.of(List.of("python3", "/srv/scripts/")));

    assertThatThrownBy(() -> factory.build(new DefaultServerFactory()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("shell.allowedPrefixes was replaced by shell.allowedCommands");
  }

  @Test
  void the_configured_admin_ports_are_protected_from_http_jobs() {
    DefaultServerFactory server = new DefaultServerFactory();
    HttpConnectorFactory admin = new HttpConnectorFactory();
    admin.setPort(8081);
    HttpConnectorFactory chosenAtStart = new HttpConnectorFactory();
    chosenAtStart.setPort(0);
    server.setAdminConnectors(List.of(admin, chosenAtStart));

    assertThat(JobTypesFactory.adminPorts(server)).containsExactly(8081);
  }

  @Test
  void bad_network_rules_and_roots_stop_the_start_naming_them() {
    JobTypesFactory http = new JobTypesFactory();
    http.getHttp().setAllowed(List.of("10.0.0.0/40"));
    assertThatThrownBy(() -> http.build(new DefaultServerFactory()))
        .hasMessageContaining("10.0.0.0/40");

    JobTypesFactory cleanup = new JobTypesFactory();
    cleanup.getCleanup().setAllowedRoots(List.of("/"));
    assertThatThrownBy(() -> cleanup.build(new DefaultServerFactory()))
        .hasMessageContaining("cannot list /");
  }
}
