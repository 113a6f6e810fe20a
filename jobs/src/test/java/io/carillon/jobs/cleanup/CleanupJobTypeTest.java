package io.carillon.jobs.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.jobs.CleanupSettings;
import io.carillon.jobs.FieldError;
import io.carillon.jobs.InvalidParametersException;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.testing.TestRun;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanupJobTypeTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final long MIB = 1024 * 1024;
  private static final Pattern LISTED =
      Pattern.compile("^(?:would delete|deleted) (\\S+) \\(", Pattern.MULTILINE);

  private final CleanupJobType cleanup = new CleanupJobType();

  @TempDir Path temp;
  private Path dir;

  /** Five logs, newest first a..e, and a text file the pattern never matches. */
  @BeforeEach
  void files() throws IOException {
    dir = Files.createDirectories(temp.resolve("logs"));
    file(dir.resolve("a.log"), MIB, 1);
    file(dir.resolve("b.log"), MIB, 5);
    file(dir.resolve("c.log"), 3 * MIB, 10);
    file(dir.resolve("d.log"), MIB, 40);
    file(dir.resolve("e.log"), MIB, 60);
    file(dir.resolve("notes.txt"), MIB, 90);
  }

  private static void file(Path path, long size, int ageDays) throws IOException {
    Files.createDirectories(path.getParent());
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
      file.setLength(size);
    }
    Files.setLastModifiedTime(path, FileTime.from(NOW.minus(Duration.ofDays(ageDays))));
  }

  private TestRun run(Map<String, Object> extra) throws Exception {
    Map<String, Object> params =
        new HashMap<>(Map.of("directory", dir.toString(), "pattern", "*.log"));
    params.putAll(extra);
    TestRun run = TestRun.of(cleanup, inTemp(), CLOCK, params);
    cleanup.run(run);
    return run;
  }

  /** Cleanups allowed under the test's temporary directory only. */
  private JobTypeSettings inTemp() {
    return JobTypeSettings.builder().cleanup(CleanupSettings.under(temp)).build();
  }

  private static List<String> listed(TestRun run) {
    Matcher matcher = LISTED.matcher(run.outputText());
    List<String> files = new java.util.ArrayList<>();
    while (matcher.find()) {
      files.add(matcher.group(1));
    }
    return files;
  }

  private List<String> remaining() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> dir.relativize(f).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void retention_alone_deletes_files_older_than_the_given_days() throws Exception {
    TestRun run = run(Map.of("retentionDays", 30));

    assertThat(listed(run)).containsExactly("e.log", "d.log");
    assertThat(remaining()).containsExactly("a.log", "b.log", "c.log", "notes.txt");
    assertThat(run.resultMap())
        .containsEntry("filesDeleted", 2L)
        .containsEntry("bytesDeleted", 2 * MIB)
        .containsEntry("filesMatched", 5)
        .containsEntry("dryRun", false);
  }

  @Test
  void max_files_alone_keeps_the_newest_ones() throws Exception {
    TestRun run = run(Map.of("maxFiles", 4));

    assertThat(listed(run)).containsExactly("e.log");
    assertThat(remaining()).containsExactly("a.log", "b.log", "c.log", "d.log", "notes.txt");
  }

  @Test
  void max_size_alone_keeps_the_newest_files_that_fit_and_deletes_everything_older()
      throws Exception {
    // a and b (2 MiB) fit in 4 MiB; c would make 5 MiB, so c and everything older goes, even d
    // and e which alone would still fit.
    TestRun run = run(Map.of("maxSizeMb", 4));

    assertThat(listed(run)).containsExactly("e.log", "d.log", "c.log");
    assertThat(remaining()).containsExactly("a.log", "b.log", "notes.txt");
    assertThat(run.resultMap()).containsEntry("bytesDeleted", 5 * MIB);
  }

  @Test
  void combined_policies_delete_every_file_that_breaks_any_of_them_oldest_first() throws Exception {
    TestRun run = run(Map.of("retentionDays", 50, "maxFiles", 4, "maxSizeMb", 5));

    assertThat(run.outputText())
        .contains(
            "deleted e.log (1048576 bytes, modified 2026-09-24T12:00:00Z, older than 50 days)")
        .contains(
            "deleted d.log (1048576 bytes, modified 2026-10-14T12:00:00Z, beyond 5242880 bytes in total)");
    assertThat(listed(run)).containsExactly("e.log", "d.log");
    assertThat(remaining()).containsExactly("a.log", "b.log", "c.log", "notes.txt");
  }

  @Test
  void a_file_exactly_at_the_retention_limit_is_kept() throws Exception {
    assertThat(listed(run(Map.of("retentionDays", 40)))).containsExactly("e.log");
  }

  @Test
  void a_dry_run_deletes_nothing_and_reports_exactly_what_the_real_run_then_deletes()
      throws Exception {
    Map<String, Object> policies = Map.of("retentionDays", 30, "maxSizeMb", 4);
    TestRun dry = run(withDryRun(policies, true));

    assertThat(remaining())
        .containsExactly("a.log", "b.log", "c.log", "d.log", "e.log", "notes.txt");
    assertThat(dry.outputText()).contains("would delete 3 files, " + 5 * MIB + " bytes");

    TestRun real = run(withDryRun(policies, false));

    assertThat(listed(real)).isEqualTo(listed(dry)).containsExactly("e.log", "d.log", "c.log");
    assertThat(real.resultMap())
        .containsEntry("filesDeleted", dry.resultMap().get("filesWouldDelete"))
        .containsEntry("bytesDeleted", dry.resultMap().get("bytesWouldDelete"));
    // A dry run deleted nothing, and its result must not say it did.
    assertThat(dry.resultMap())
        .containsEntry("dryRun", true)
        .containsEntry("filesWouldDelete", 3L)
        .containsEntry("bytesWouldDelete", 5 * MIB)
        .doesNotContainKeys("filesDeleted", "bytesDeleted");
    assertThat(remaining()).containsExactly("a.log", "b.log", "notes.txt");
  }

  private static Map<String, Object> withDryRun(Map<String, Object> policies, boolean dryRun) {
    Map<String, Object> params = new HashMap<>(policies);
    params.put("dryRun", dryRun);
    return params;
  }

  @Test
  void subdirectories_are_cleaned_only_when_recursive() throws Exception {
    file(dir.resolve("archive/2025/old.log"), 10, 400);

    assertThat(listed(run(Map.of("retentionDays", 100)))).isEmpty();
    assertThat(listed(run(Map.of("retentionDays", 100, "recursive", true))))
        .containsExactly("archive/2025/old.log");
  }

  @Test
  void a_pattern_with_a_slash_matches_the_relative_path() throws Exception {
    file(dir.resolve("archive/old.log"), 10, 400);
    file(dir.resolve("other/old.log"), 10, 400);

    TestRun run = run(Map.of("retentionDays", 100, "recursive", true, "pattern", "archive/*.log"));

    assertThat(listed(run)).containsExactly("archive/old.log");
    assertThat(Files.exists(dir.resolve("other/old.log"))).isTrue();
  }

  @Test
  void symbolic_links_are_never_followed_out_of_the_directory_nor_deleted() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("precious"));
    file(outside.resolve("old.log"), 10, 400);
    Files.createSymbolicLink(dir.resolve("linked-dir"), outside);
    Files.createSymbolicLink(dir.resolve("linked-file.log"), outside.resolve("old.log"));

    TestRun run = run(Map.of("retentionDays", 30, "recursive", true));

    assertThat(listed(run)).containsExactly("e.log", "d.log");
    assertThat(outside.resolve("old.log")).exists();
    assertThat(Files.isSymbolicLink(dir.resolve("linked-dir"))).isTrue();
    assertThat(Files.isSymbolicLink(dir.resolve("linked-file.log"))).isTrue();
  }

  @Test
  void a_missing_directory_fails_the_run() {
    Map<String, Object> params =
        Map.of("directory", temp.resolve("gone").toString(), "maxFiles", 1);
    TestRun run = TestRun.of(cleanup, inTemp(), CLOCK, params);

    assertThatThrownBy(() -> cleanup.run(run))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void a_cleanup_needs_an_absolute_directory_a_valid_glob_and_at_least_one_policy() {
    assertThatThrownBy(
            () ->
                TestRun.of(
                    cleanup,
                    inTemp(),
                    Map.of("directory", "logs", "pattern", "[oops", "maxFiles", -1)))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(new FieldError("params.maxFiles", "must be at least 0")));
    assertThatThrownBy(
            () ->
                TestRun.of(
                    cleanup,
                    JobTypeSettings.defaults(),
                    Map.of("directory", "logs", "pattern", "[oops")))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("params.directory", "params.pattern", "params"));
  }

  private List<FieldError> directoryErrors(JobTypeSettings settings, String directory) {
    try {
      TestRun.of(cleanup, settings, Map.of("directory", directory, "maxFiles", 1));
    } catch (InvalidParametersException e) {
      return e.errors();
    }
    throw new AssertionError("expected " + directory + " to be rejected");
  }

  @Test
  void a_directory_with_a_nul_character_is_refused_as_invalid() {
    assertThat(directoryErrors(inTemp(), temp + "/logs\u0000x"))
        .containsExactly(new FieldError("params.directory", "is not a valid path"));
  }

  @Test
  void the_root_directory_is_refused_however_it_is_spelled() {
    for (String root : List.of("/", "/tmp/..", "/.", "/./", "/../", "//", "/tmp/../tmp/..")) {
      assertThat(directoryErrors(inTemp(), root))
          .as(root)
          .containsExactly(new FieldError("params.directory", "must not be the root directory"));
    }
  }

  @Test
  void a_directory_outside_the_allowed_roots_is_refused_also_through_dot_dot_and_links()
      throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Path link = Files.createSymbolicLink(dir.resolve("to-outside"), outside);
    Path etcLink = Files.createSymbolicLink(dir.resolve("to-etc"), Path.of("/etc"));
    JobTypeSettings logsOnly =
        JobTypeSettings.builder().cleanup(CleanupSettings.under(dir)).build();

    for (String directory :
        List.of(
            "/etc", outside.toString(), dir + "/../outside", link.toString(), etcLink.toString())) {
      assertThat(directoryErrors(logsOnly, directory))
          .as(directory)
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.field()).isEqualTo("params.directory");
                assertThat(error.message())
                    .startsWith("is not allowed: ")
                    .contains("is not within jobTypes.cleanup.allowedRoots");
              });
    }
    assertThat(directoryErrors(JobTypeSettings.defaults(), dir.toString()))
        .containsExactly(
            new FieldError(
                "params.directory",
                "is not allowed: jobTypes.cleanup.allowedRoots lists no directory"));
  }

  @Test
  void kernel_file_systems_are_refused_even_when_listed_as_roots() {
    JobTypeSettings kernel =
        JobTypeSettings.builder()
            .cleanup(CleanupSettings.under(Path.of("/proc"), Path.of("/sys"), Path.of("/dev")))
            .build();

    for (String directory :
        List.of("/proc", "/proc/self/fd", "/sys/kernel", "/dev", "/dev/shm/..")) {
      assertThat(directoryErrors(kernel, directory))
          .as(directory)
          .singleElement()
          .satisfies(error -> assertThat(error.message()).contains("on a kernel file system"));
    }
  }

  @Test
  void a_link_swapped_in_after_the_job_was_stored_stops_the_run_before_anything_is_deleted()
      throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    file(outside.resolve("precious.log"), 10, 400);
    JobTypeSettings logsOnly =
        JobTypeSettings.builder().cleanup(CleanupSettings.under(dir)).build();
    Path nightly = Files.createDirectories(dir.resolve("nightly"));
    TestRun stored =
        TestRun.of(
            cleanup, logsOnly, CLOCK, Map.of("directory", nightly.toString(), "retentionDays", 1));

    Files.delete(nightly);
    Files.createSymbolicLink(nightly, outside);

    assertThatThrownBy(() -> cleanup.run(stored))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith("params.directory is not allowed: ")
        .hasMessageContaining("really " + outside.toRealPath());
    assertThat(outside.resolve("precious.log")).exists();
  }
}
