package io.carillon.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Directories a job may name, and the check that a path lies within one of them. Paths are compared
 * after {@code .} and {@code ..} are removed and, for those that exist, after symbolic links are
 * resolved, so neither {@code /srv/data/../../etc} nor a link out of a root gets past.
 */
public record DirectoryRoots(String setting, List<Path> roots) {

  public DirectoryRoots {
    roots = List.copyOf(roots);
  }

  /**
   * Parses a path a job sent: absolute, no NUL, normalised.
   *
   * @throws IllegalArgumentException with a message completing "field ..."
   */
  public static Path absolute(String text) {
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("is not a valid path");
    }
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("must be an absolute path");
    }
    return path.normalize();
  }

  /** The real path when it exists (links resolved), else the normalised path. */
  public static Path real(Path path) {
    try {
      return Files.exists(path) ? path.toRealPath() : path.normalize();
    } catch (IOException e) {
      return path.normalize();
    }
  }

  /** Null when the path lies within (or is) a root; otherwise why not, completing "field ...". */
  public String refusal(Path path) {
    if (roots.isEmpty()) {
      return "is not allowed: " + setting + " lists no directory";
    }
    Path real = real(path);
    for (Path root : roots) {
      if (real.startsWith(real(root))) {
        return null;
      }
    }
    return "is not allowed: "
        + (real.equals(path) ? path : path + " (really " + real + ")")
        + " is not within "
        + setting
        + " "
        + roots;
  }
}
