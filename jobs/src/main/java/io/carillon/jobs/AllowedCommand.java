package io.carillon.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the shell allowlist: an absolute program and the arguments it must be given.
 *
 * @param argv the program (an absolute path; it is compared by its real path, links resolved) and
 *     the arguments that must follow it, element by element
 * @param args whether a job may add arguments after {@code argv}
 */
public record AllowedCommand(List<String> argv, Args args) {

  /** What may follow the listed arguments. */
  public enum Args {
    /** Nothing: the job's command must be exactly {@code argv}. */
    EXACT,
    /**
     * Anything. Only for programs that cannot be talked into running other code through their
     * arguments: not {@code find} ({@code -exec}), {@code env}, shells, interpreters, {@code
     * xargs}.
     */
    ANY
  }

  public AllowedCommand {
    Objects.requireNonNull(args, "args");
    argv = argv == null ? List.of() : List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("an allowed shell command cannot be empty");
    }
    String program = argv.get(0);
    if (program.indexOf('\0') >= 0 || !Path.of(program).isAbsolute()) {
      // A relative program would be looked up against the job's working directory or PATH: the
      // job, not the operator, would choose what runs.
      throw new IllegalArgumentException(
          "an allowed shell command must start with an absolute program path, not '"
              + program
              + "'");
    }
  }

  /** The program as configured. */
  public Path program() {
    return Path.of(argv.get(0));
  }

  @Override
  public String toString() {
    return argv + (args == Args.ANY ? " + any arguments" : "");
  }
}
