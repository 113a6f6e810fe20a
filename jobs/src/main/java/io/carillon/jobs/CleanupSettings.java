package io.carillon.jobs;

import java.nio.file.Path;
import java.util.List;

/**
 * What the configuration allows {@code cleanup} jobs.
 *
 * @param allowedRoots directories under which (themselves included) a cleanup may delete; empty
 *     allows none
 */
public record CleanupSettings(List<Path> allowedRoots) {

  /** Nothing may be cleaned. */
  public static final CleanupSettings NONE = new CleanupSettings(List.of());

  public CleanupSettings {
    allowedRoots =
        allowedRoots == null ? List.of() : allowedRoots.stream().map(Path::normalize).toList();
    for (Path root : allowedRoots) {
      if (!root.isAbsolute()) {
        throw new IllegalArgumentException(
            "cleanup.allowedRoots must be absolute directories, not " + root);
      }
      if (root.getNameCount() == 0) {
        throw new IllegalArgumentException(
            "cleanup.allowedRoots cannot list /: it would allow deleting anything");
      }
    }
  }

  public static CleanupSettings under(Path... roots) {
    return new CleanupSettings(List.of(roots));
  }
}
