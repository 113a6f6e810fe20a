package io.carillon.jobs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles one job-type class with the JDK's compiler and packs it as a plugin jar. */
public final class PluginJar {

  private PluginJar() {}

  public static Path build(Path directory, String jarName, String className, String source)
      throws IOException {
    Path work = Files.createTempDirectory("plugin-src");
    Path sourceFile = work.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
    Files.writeString(sourceFile, source);
    Path classes = Files.createDirectories(work.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            sourceFile.toString());
    if (status != 0) {
      throw new IllegalStateException("plugin source did not compile");
    }
    Path jar = Files.createDirectories(directory).resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        add(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
      add(
          out,
          "META-INF/services/io.carillon.jobs.JobType",
          (className + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    OutputStream stream = out;
    stream.write(bytes);
    out.closeEntry();
  }

  /** Source of a minimal job type with the given package, class and type name. */
  public static String source(String pkg, String simpleName, String typeName) {
    return String.join(
        "\n",
        List.of(
            "package " + pkg + ";",
            "public class " + simpleName + " implements io.carillon.jobs.JobType {",
            "  public String name() { return \"" + typeName + "\"; }",
            "  public String description() { return \"compiled by a test\"; }",
            "  public java.util.List<io.carillon.jobs.ParameterSpec> parameters() { return java.util.List.of(); }",
            "  public void run(io.carillon.jobs.JobContext context) { context.output().line(\"hello from a plugin\"); }",
            "}"));
  }
}
