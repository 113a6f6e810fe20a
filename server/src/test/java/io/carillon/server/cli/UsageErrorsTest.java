package io.carillon.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;

/** A bad command line is one line naming the argument and why, and the --help to read. */
class UsageErrorsTest {
  private static final List<Command> COMMANDS = commands();

  @Test
  void an_unknown_option_is_named_with_the_commands_help() {
    assertThat(line("jobs", "list", "--bogus"))
        .isEqualTo(
            "carillon: jobs list: unrecognized arguments: '--bogus';"
                + " see 'carillon jobs list --help'");
  }

  @Test
  void a_missing_positional_argument_is_named() {
    assertThat(line("jobs", "get"))
        .isEqualTo("carillon: jobs get: missing argument JOB; see 'carillon jobs get --help'");
    assertThat(line("runs", "rerun"))
        .isEqualTo("carillon: runs rerun: missing argument ID; see 'carillon runs rerun --help'");
  }

  @Test
  void a_missing_required_option_is_named() {
    assertThat(line("jobs", "backfill", "reports/nightly", "--to", "2026-12-01T00:00:00Z"))
        .isEqualTo(
            "carillon: jobs backfill: argument --from is required;"
                + " see 'carillon jobs backfill --help'");
  }

  @Test
  void a_missing_action_lists_the_actions() {
    assertThat(line("calendars"))
        .isEqualTo(
            "carillon: calendars: an action is required, one of list, get, put, delete;"
                + " see 'carillon calendars --help'");
  }

  @Test
  void an_unknown_command_or_action_says_so_and_lists_the_known_ones() {
    assertThat(line("jbos", "list"))
        .startsWith("carillon: unknown command 'jbos' (choose from ")
        .contains("'jobs'")
        .endsWith("; see 'carillon --help'");
    assertThat(line("jobs", "lst"))
        .startsWith("carillon: jobs: unknown action 'lst' (choose from 'list', ")
        .endsWith("; see 'carillon jobs --help'");
  }

  @Test
  void an_option_without_its_value_or_a_bad_choice_is_named() {
    assertThat(line("jobs", "list", "--url"))
        .isEqualTo(
            "carillon: jobs list: argument --url: expected one argument;"
                + " see 'carillon jobs list --help'");
    assertThat(line("status", "-o", "xml"))
        .startsWith("carillon: status: argument -o/--output: invalid choice: 'xml'")
        .endsWith("; see 'carillon status --help'");
  }

  @Test
  void a_command_line_that_parses_and_help_are_left_to_dropwizard() {
    assertThat(UsageErrors.check(COMMANDS, "jobs", "get", "reports/nightly")).isEmpty();
    assertThat(UsageErrors.check(COMMANDS, "jobs", "get", "--help")).isEmpty();
    assertThat(UsageErrors.check(COMMANDS, "-v")).isEmpty();
    assertThat(UsageErrors.check(COMMANDS)).isEmpty();
  }

  @Test
  void a_bad_instant_is_a_command_line_error_pointing_at_the_actions_help() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    ClientException bad = null;
    try {
      PauseOptions.until("tomorrow", clock);
    } catch (ClientException e) {
      bad = e;
    }
    assertThat(bad).isNotNull();
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.isCommandLine()).isTrue();
    assertThat(bad.getMessage()).startsWith("--until must be an ISO-8601 instant");
    assertThat(ClientCommand.help(new Namespace(Map.of("command", "jobs", "action", "pause"))))
        .isEqualTo("carillon jobs pause --help");
    assertThat(PauseOptions.until("PT2H", clock)).isEqualTo(Instant.parse("2026-12-01T02:00:00Z"));
  }

  private static String line(String... arguments) {
    Optional<ArgumentParserException> error = UsageErrors.check(COMMANDS, arguments);
    assertThat(error).as(String.join(" ", arguments)).isPresent();
    String line = UsageErrors.line(error.get());
    assertThat(line.lines()).hasSize(1);
    return line;
  }

  private static List<Command> commands() {
    Bootstrap<CarillonConfiguration> bootstrap = new Bootstrap<>(new CarillonApplication());
    ClientCommands.addTo(bootstrap);
    return bootstrap.getCommands();
  }
}
