package io.carillon.bench;

import io.carillon.bench.driver.CountingDriver;
import io.carillon.bench.plugin.RecordingJobType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs one of the bench's service implementations with the rest of its package into a jar, with
 * its META-INF/services entry: the job type as a plugin jar (as an operator would install one), the
 * counting JDBC driver as a jar put first on every node's class path.
 */
final class ServiceJar {
  private ServiceJar() {}

  /** Writes {@code bench-record.jar} into {@code directory} (created) and returns the directory. */
  static Path plugin(Path directory) throws IOException {
    Files.createDirectories(directory);
    write(
        directory.resolve("bench-record.jar"), RecordingJobType.class, "io.carillon.jobs.JobType");
    return directory;
  }

  /** Writes the counting driver's jar and returns it. */
  static Path countingDriver(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path jar = directory.resolve("counting-driver.jar");
    write(jar, CountingDriver.class, "java.sql.Driver");
    return jar;
  }

  private static void write(Path target, Class<?> implementation, String service)
      throws IOException {
    String packagePath = implementation.getPackageName().replace('.', '/');
    try (OutputStream file = Files.newOutputStream(target);
        JarOutputStream jar = new JarOutputStream(file)) {
      for (String entry : classesOf(implementation, packagePath)) {
        try (InputStream bytes = implementation.getResourceAsStream("/" + entry)) {
          jar.putNextEntry(new JarEntry(entry));
          bytes.transferTo(jar);
          jar.closeEntry();
        }
      }
      jar.putNextEntry(new JarEntry("META-INF/services/" + service));
      jar.write((implementation.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }

  /** The class files of the package (nested classes too), from the bench's classes directory. */
  private static List<String> classesOf(Class<?> implementation, String packagePath)
      throws IOException {
    Path root;
    try {
      root = Path.of(implementation.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    try (Stream<Path> files = Files.list(root.resolve(packagePath))) {
      return files
          .map(f -> packagePath + "/" + f.getFileName())
          .filter(name -> name.endsWith(".class"))
          .sorted()
          .toList();
    }
  }
}
