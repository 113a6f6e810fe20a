package io.carillon.jobs.cleanup;

import io.carillon.jobs.FieldError;
import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/** The Housekeeper: deletes old files from a directory by age, count and total size. */
public final class CleanupJobType implements JobType {

  private static final long MIB = 1024L * 1024;

  @Override
  public String name() {
    return "cleanup";
  }

  @Override
  public String description() {
    return "Deletes files matching a pattern that break any of the age, count and size rules, oldest first.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.required("directory", ParameterType.STRING, "Absolute directory to clean.")
            .withMaxLength(4096)
            .neverOverridden(),
        ParameterSpec.optional(
                "pattern",
                ParameterType.STRING,
                "Glob on the file name, or on the relative path when it contains '/'.")
            .withDefault("*")
            .withMaxLength(1024),
        ParameterSpec.optional(
                "retentionDays",
                ParameterType.INTEGER,
                "Delete files modified more than this many days ago.")
            .withMin(0),
        ParameterSpec.optional(
                "maxFiles", ParameterType.INTEGER, "Keep at most this many files, the newest.")
            .withMin(0),
        ParameterSpec.optional(
                "maxSizeMb",
                ParameterType.INTEGER,
                "Keep the newest files while their total stays within this many MiB.")
            .withMin(0),
        ParameterSpec.optional(
                "recursive",
                ParameterType.BOOLEAN,
                "Also clean subdirectories (symbolic links are never followed).")
            .withDefault(false),
        ParameterSpec.optional(
                "dryRun", ParameterType.BOOLEAN, "Only report what would be deleted.")
            .withDefault(false));
  }

  @Override
  public List<FieldError> check(JobParameters params, JobTypeSettings settings) {
    List<FieldError> errors = new ArrayList<>();
    try {
      CleanupTarget.resolve(params.string("directory"), settings.cleanup());
    } catch (IllegalArgumentException e) {
      errors.add(FieldError.param("directory", e.getMessage()));
    }
    try {
      DirectoryScan.matcher(params.string("pattern"));
    } catch (PatternSyntaxException e) {
      errors.add(FieldError.param("pattern", "is not a valid glob: " + e.getDescription()));
    }
    if (!params.has("retentionDays") && !params.has("maxFiles") && !params.has("maxSizeMb")) {
      errors.add(
          new FieldError("params", "needs at least one of retentionDays, maxFiles, maxSizeMb"));
    }
    return errors;
  }

  @Override
  public void run(JobContext context) throws IOException {
    JobParameters params = context.params();
    // Decided again on the real path right before deleting: the directory, or a link on its way,
    // may have changed since the job was stored.
    Path root;
    try {
      root = CleanupTarget.resolve(params.string("directory"), context.settings().cleanup());
    } catch (IllegalArgumentException e) {
      throw new JobFailedException("params.directory " + e.getMessage());
    }
    if (!Files.isDirectory(root)) {
      throw new JobFailedException("directory " + root + " does not exist");
    }
    CleanupPolicy policy =
        new CleanupPolicy(
            optional(params, "retentionDays"),
            optional(params, "maxFiles"),
            params.has("maxSizeMb") ? params.integer("maxSizeMb") * MIB : null);
    List<FoundFile> found =
        DirectoryScan.scan(root, params.string("pattern"), params.bool("recursive"));
    List<Doomed> doomed = policy.plan(found, context.clock().instant());
    boolean dryRun = params.bool("dryRun");
    Map<String, Object> result = new Deletion(root, dryRun, context.output()).apply(doomed);
    result.put("filesMatched", found.size());
    context.result(result);
    if (((Number) result.get("failures")).intValue() > 0) {
      throw new JobFailedException(
          "could not delete " + result.get("failures") + " files; see the output");
    }
  }

  private static Long optional(JobParameters params, String name) {
    return params.has(name) ? params.integer(name) : null;
  }

  static Map<String, Object> summary(boolean dryRun, long files, long bytes, long failures) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dryRun", dryRun);
    // A dry run's figures are what would go, named so that nobody reads them as done.
    result.put(dryRun ? "filesWouldDelete" : "filesDeleted", files);
    result.put(dryRun ? "bytesWouldDelete" : "bytesDeleted", bytes);
    result.put("failures", failures);
    return result;
  }
}
