package io.carillon.server.cli;

import io.dropwizard.core.cli.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/**
 * A bad command line as one line. Dropwizard's {@code Cli} answers a parse error with the whole
 * usage page of the command; this parses the arguments first, with a parser of the same commands,
 * and names the argument and what is wrong with it, with the {@code --help} to read: {@code
 * carillon: jobs get: missing argument JOB; see 'carillon jobs get --help'}. Help itself, and a
 * command line that parses, are left to Dropwizard.
 */
public final class UsageErrors {
  private static final String PROG = "carillon";
  private static final Set<String> HELP = Set.of("-h", "--help", "-v", "--version");

  private UsageErrors() {}

  /** A parse failure of {@code arguments} against {@code commands}; empty if none. */
  public static Optional<ArgumentParserException> check(
      List<Command> commands, String... arguments) {
    if (arguments.length == 0 || List.of(arguments).stream().anyMatch(HELP::contains)) {
      return Optional.empty();
    }
    ArgumentParser parser = ArgumentParsers.newFor(PROG).addHelp(false).build();
    Subparsers subparsers = parser.addSubparsers();
    for (Command command : commands) {
      Subparser subparser =
          subparsers.addParser(command.getName(), false).help(command.getDescription());
      subparser.addArgument("-h", "--help").action(Arguments.help());
      command.configure(subparser);
    }
    try {
      parser.parseArgs(arguments);
      return Optional.empty();
    } catch (ArgumentParserException e) {
      return Optional.of(e);
    }
  }

  /** The one line to print for a parse failure. */
  public static String line(ArgumentParserException error) {
    List<String> usage = usage(error);
    List<String> path = commandPath(usage);
    String command = String.join(" ", path);
    String message = error.getMessage();
    if ("too few arguments".equals(message)) {
      message = missing(usage, path.size());
    } else if (message.startsWith("invalid choice: ")) {
      message =
          (path.isEmpty() ? "unknown command " : "unknown action ")
              + message.substring("invalid choice: ".length());
    }
    String help = PROG + (command.isEmpty() ? "" : " " + command) + " --help";
    return PROG
        + ": "
        + (command.isEmpty() ? "" : command + ": ")
        + message
        + "; see '"
        + help
        + "'";
  }

  /** The usage line's words after {@code usage: carillon}. */
  private static List<String> usage(ArgumentParserException error) {
    String text = error.getParser().formatUsage().strip().replaceFirst("^usage: ", "");
    List<String> words = new ArrayList<>(List.of(text.split("\\s+")));
    if (!words.isEmpty() && words.get(0).equals(PROG)) {
      words.remove(0);
    }
    return words;
  }

  /** The command and action the parser is of: the usage's words before its first option. */
  private static List<String> commandPath(List<String> usage) {
    List<String> path = new ArrayList<>();
    for (String word : usage) {
      if (!word.matches("[a-z][a-z0-9-]*")) {
        break;
      }
      path.add(word);
    }
    return path;
  }

  /**
   * What a "too few arguments" lacks: the action to choose, or the positional arguments of the
   * usage (its words outside brackets that are neither an option nor an option's value).
   */
  private static String missing(List<String> usage, int skip) {
    List<String> positional = new ArrayList<>();
    int depth = 0;
    boolean optionValue = false;
    for (String word : usage.subList(skip, usage.size())) {
      int before = depth;
      depth += count(word, '[') - count(word, ']');
      if (before > 0 || word.startsWith("[")) {
        continue;
      }
      if (word.startsWith("{")) {
        return "an action is required, one of " + word.replaceAll("[{}]", "").replace(",", ", ");
      }
      if (word.startsWith("-")) {
        optionValue = true;
        continue;
      }
      if (optionValue && word.equals(word.toUpperCase(java.util.Locale.ROOT))) {
        optionValue = false;
        continue;
      }
      optionValue = false;
      if (!word.equals("...")) {
        positional.add(word.toUpperCase(java.util.Locale.ROOT));
      }
    }
    return positional.isEmpty()
        ? "too few arguments"
        : "missing argument" + (positional.size() == 1 ? " " : "s ") + String.join(" ", positional);
  }

  private static int count(String word, char c) {
    return (int) word.chars().filter(x -> x == c).count();
  }
}
