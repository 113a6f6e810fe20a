package io.carillon.bench;

import io.carillon.bench.plugin.RecordingJobType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Packs the bench's job type into a plugin jar, as an operator would install a job type. */
final class PluginJar {
  private PluginJar() {}

  /** Writes {@code bench-record.jar} into {@code directory} (created) and returns the directory. */
  static Path write(Path directory) throws IOException {
    Files.createDirectories(directory);
    String type = RecordingJobType.class.getName();
    String entry = type.replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(directory.resolve("bench-record.jar"));
        JarOutputStream jar = new JarOutputStream(file);
        InputStream bytes = RecordingJobType.class.getResourceAsStream("/" + entry)) {
      jar.putNextEntry(new JarEntry(entry));
      bytes.transferTo(jar);
      jar.closeEntry();
      jar.putNextEntry(new JarEntry("META-INF/services/io.carillon.jobs.JobType"));
      jar.write((type + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return directory;
  }
}
