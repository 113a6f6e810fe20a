package io.carillon.server.cli;

import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * A command of the command-line client: it talks to a running server over the REST API, with the
 * URL and key from {@code --url}/{@code --key} or {@code CARILLON_URL}/{@code CARILLON_KEY}, and
 * prints a table or, with {@code --output json|yaml}, the API's data. Failures are one line on
 * stderr and an {@link ExitCode}.
 */
abstract class ClientCommand extends Command {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  protected ClientCommand(String name, String description) {
    super(name, description);
  }

  /** The options every client command takes; sub-actions add them to their own parsers. */
  static void connectionOptions(Subparser parser) {
    parser
        .addArgument("--url")
        .help(
            "the server, such as http://carillon:8080 (default: $CARILLON_URL or "
                + DEFAULT_URL
                + ")");
    parser.addArgument("--key").help("an API key (default: $CARILLON_KEY)");
    parser
        .addArgument("-o", "--output")
        .choices("table", "json", "yaml")
        .setDefault("table")
        .help("table for people (default), json or yaml for scripts");
  }

  @Override
  public void configure(Subparser subparser) {
    connectionOptions(subparser);
  }

  @Override
  public final void run(Bootstrap<?> bootstrap, Namespace namespace) {
    String url = namespace.getString("url");
    if (url == null) {
      url = env("CARILLON_URL", DEFAULT_URL);
    }
    String key = namespace.getString("key");
    if (key == null) {
      key = env("CARILLON_KEY", null);
    }
    Printer printer = new Printer(Printer.Format.of(namespace.getString("output")), System.out);
    run(namespace, new RemoteApi(url, key), printer);
  }

  abstract void run(Namespace namespace, RemoteApi api, Printer out);

  /** One line, never a stack trace: the operator learns what went wrong and what to do. */
  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    System.out.flush();
    if (error instanceof ClientException client) {
      if (client.getMessage() != null) {
        cli.getStdErr()
            .println(
                "carillon: "
                    + client.getMessage()
                    + (client.isCommandLine() ? "; see '" + help(namespace) + "'" : ""));
      }
    } else {
      cli.getStdErr().println("carillon: unexpected error: " + error);
    }
    cli.getStdErr().flush();
  }

  /** {@code carillon COMMAND [ACTION] --help}, for the command line that was run. */
  static String help(Namespace namespace) {
    String command = namespace == null ? null : namespace.getString("command");
    String action = namespace == null ? null : namespace.getString("action");
    return "carillon"
        + (command == null ? "" : " " + command)
        + (action == null ? "" : " " + action)
        + " --help";
  }

  private static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value;
  }

  /** {@code group/name}, or {@code name} in the default group, as path segments. */
  static String jobPath(String job) {
    int slash = job.indexOf('/');
    String group = slash < 0 ? "default" : job.substring(0, slash);
    String name = slash < 0 ? job : job.substring(slash + 1);
    if (group.isEmpty() || name.isEmpty() || name.contains("/")) {
      throw ClientException.commandLine(
          "a job is GROUP/NAME, or NAME in the default group, not '" + job + "'");
    }
    return "/v1/jobs/" + RemoteApi.segment(group) + "/" + RemoteApi.segment(name);
  }
}
