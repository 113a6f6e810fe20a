package io.carillon.jobs.cleanup;

import io.carillon.jobs.OutputSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Carries out (or, in a dry run, only reports) a cleanup plan, writing one line per file. */
final class Deletion {

  private final Path root;
  private final boolean dryRun;
  private final OutputSink output;

  Deletion(Path root, boolean dryRun, OutputSink output) {
    this.root = root;
    this.dryRun = dryRun;
    this.output = output;
  }

  /** Returns the summary: files and bytes deleted (or that would be), and failures. */
  Map<String, Object> apply(List<Doomed> plan) {
    long files = 0;
    long bytes = 0;
    long failures = 0;
    String verb = dryRun ? "would delete" : "deleted";
    for (Doomed doomed : plan) {
      FoundFile file = doomed.file();
      try {
        if (!dryRun) {
          // Files.delete removes a link itself, never its target, should the file have been
          // swapped for a link since the scan.
          Files.delete(root.resolve(file.relativePath()));
        }
        files++;
        bytes += file.size();
        output.line(
            verb
                + " "
                + file.relativePath()
                + " ("
                + file.size()
                + " bytes, modified "
                + file.modified()
                + ", "
                + doomed.reason()
                + ")");
      } catch (NoSuchFileException e) {
        output.line("already gone " + file.relativePath());
      } catch (IOException e) {
        failures++;
        output.line("could not delete " + file.relativePath() + ": " + e);
      }
    }
    output.line(
        verb
            + " "
            + files
            + " files, "
            + bytes
            + " bytes"
            + (failures > 0 ? ", " + failures + " failures" : ""));
    return CleanupJobType.summary(dryRun, files, bytes, failures);
  }
}
