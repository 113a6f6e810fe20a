package io.carillon.server.cli;

import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.ArgumentParserException;

/** The command-line client's commands, and the exit code of any command that failed. */
public final class ClientCommands {
  private ClientCommands() {}

  public static void addTo(Bootstrap<?> bootstrap) {
    bootstrap.addCommand(new StatusCommand());
    bootstrap.addCommand(new JobsCommand());
    bootstrap.addCommand(new RunsCommand());
    bootstrap.addCommand(new BackfillsCommand());
    bootstrap.addCommand(new GroupsCommand());
    bootstrap.addCommand(new ClusterCommand());
    bootstrap.addCommand(new CalendarsCommand());
    bootstrap.addCommand(new ApplyCommand());
    bootstrap.addCommand(new ExportCommand());
  }

  /** 2 for a bad command line, the client's own code for its failures, 1 for anything else. */
  public static int exitCode(Throwable error) {
    if (error instanceof ClientException client) {
      return client.exitCode();
    }
    if (error instanceof ArgumentParserException) {
      return ExitCode.USAGE;
    }
    return ExitCode.FAILED;
  }
}
