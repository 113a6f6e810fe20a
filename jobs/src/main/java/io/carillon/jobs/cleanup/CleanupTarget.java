package io.carillon.jobs.cleanup;

import io.carillon.jobs.CleanupSettings;
import io.carillon.jobs.DirectoryRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a cleanup may work in a directory: absolute, not {@code /} however it is spelled
 * ({@code /tmp/..}, {@code /./}), not a pseudo file system, and within the configured roots, all
 * judged on the real path (links resolved) whenever the directory exists.
 */
final class CleanupTarget {

  private static final String SETTING = "jobTypes.cleanup.allowedRoots";

  /** Kernel file systems: their "files" are the running system, never old data. */
  private static final Set<String> PSEUDO_TYPES =
      Set.of(
          "proc",
          "sysfs",
          "devtmpfs",
          "devpts",
          "cgroup",
          "cgroup2",
          "debugfs",
          "tracefs",
          "securityfs",
          "pstore",
          "bpf",
          "configfs",
          "fusectl",
          "mqueue",
          "hugetlbfs",
          "efivarfs",
          "binfmt_misc",
          "selinuxfs",
          "autofs",
          "rpc_pipefs",
          "nsfs");

  /** Where the pseudo file systems are mounted, refused even where the type is not visible. */
  private static final List<Path> PSEUDO_DIRS =
      List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

  private CleanupTarget() {}

  /**
   * The directory to clean, as a real path when it exists.
   *
   * @throws IllegalArgumentException with a message completing "params.directory ..."
   */
  static Path resolve(String text, CleanupSettings settings) {
    Path directory = DirectoryRoots.absolute(text);
    Path real = DirectoryRoots.real(directory);
    if (directory.getNameCount() == 0 || real.getNameCount() == 0) {
      throw new IllegalArgumentException("must not be the root directory");
    }
    String pseudo = pseudoFileSystem(real);
    if (pseudo != null) {
      throw new IllegalArgumentException("is not allowed: " + real + " is " + pseudo);
    }
    String refusal = new DirectoryRoots(SETTING, settings.allowedRoots()).refusal(directory);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    return real;
  }

  /** What kind of pseudo file system holds the path ("a proc file system"), or null. */
  static String pseudoFileSystem(Path real) {
    for (Path dir : PSEUDO_DIRS) {
      if (real.startsWith(dir)) {
        return "on a kernel file system (" + dir + ")";
      }
    }
    if (Files.exists(real)) {
      try {
        String type = Files.getFileStore(real).type().toLowerCase(Locale.ROOT);
        if (PSEUDO_TYPES.contains(type)) {
          return "on a kernel file system (" + type + ")";
        }
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }
}
