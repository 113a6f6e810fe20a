package io.carillon.jobs.cleanup;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists the regular files under a directory that match a glob. Symbolic links are neither followed
 * nor listed, so nothing outside the directory is ever reached and a link is never deleted.
 */
final class DirectoryScan {

  private DirectoryScan() {}

  /**
   * A pattern with a '/' matches the path relative to the directory ({@code logs/*.gz}); one
   * without matches the file name at any depth ({@code *.log}).
   */
  static PathMatcher matcher(String glob) {
    return FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }

  static List<FoundFile> scan(Path root, String glob, boolean recursive) throws IOException {
    PathMatcher matcher = matcher(glob);
    boolean byRelativePath = glob.contains("/");
    List<FoundFile> found = new ArrayList<>();
    // No FOLLOW_LINKS: links are reported as links (not as their targets) and never descended.
    Files.walkFileTree(
        root,
        EnumSet.noneOf(java.nio.file.FileVisitOption.class),
        recursive ? Integer.MAX_VALUE : 1,
        new SimpleFileVisitor<>() {
          private final Object rootDevice = device(root);

          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            // A kernel file system mounted below the directory (/proc bind-mounted into a
            // container volume) is not the directory's data: stay out of it.
            Object device = device(dir);
            if (device != null
                && !device.equals(rootDevice)
                && CleanupTarget.pseudoFileSystem(dir) != null) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !attrs.isSymbolicLink()) {
              Path relative = root.relativize(file);
              if (matcher.matches(byRelativePath ? relative : relative.getFileName())) {
                found.add(
                    new FoundFile(relative, attrs.size(), attrs.lastModifiedTime().toInstant()));
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            // An unreadable entry is skipped rather than failing the whole cleanup.
            return FileVisitResult.CONTINUE;
          }
        });
    return found;
  }

  /** The device a directory lives on, or null where the platform does not say. */
  private static Object device(Path dir) {
    try {
      return Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }
}
