package io.carillon.jobs;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** Finds job types on the application class path and in the jars of a plugin directory. */
final class PluginJars {

  private PluginJars() {}

  static List<JobType> onClassPath(ClassLoader loader) {
    List<JobType> types = new ArrayList<>();
    ServiceLoader.load(JobType.class, loader).forEach(types::add);
    return types;
  }

  /**
   * Loads the types defined in the directory's jars. All jars share one class loader (so plugins
   * may ship their libraries as separate jars); it stays open for the life of the process because
   * the types' classes are used until then.
   */
  static List<JobType> inDirectory(Path directory, ClassLoader parent) {
    if (directory == null || !Files.exists(directory)) {
      return List.of();
    }
    if (!Files.isDirectory(directory)) {
      throw new JobTypeException("plugin directory " + directory + " is not a directory");
    }
    URL[] jars = jarsIn(directory);
    if (jars.length == 0) {
      return List.of();
    }
    @SuppressWarnings("resource") // deliberately never closed, see above
    URLClassLoader loader = new URLClassLoader("carillon-plugins", jars, parent);
    List<JobType> types = new ArrayList<>();
    try {
      // The plugin loader also sees the parent's services; keep only what the jars define.
      ServiceLoader.load(JobType.class, loader).stream()
          .filter(provider -> provider.type().getClassLoader() == loader)
          .forEach(provider -> types.add(provider.get()));
    } catch (ServiceConfigurationError e) {
      throw new JobTypeException(
          "cannot load job types from " + directory + ": " + e.getMessage(), e);
    }
    return types;
  }

  private static URL[] jarsIn(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> jars =
          files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
      URL[] urls = new URL[jars.size()];
      for (int i = 0; i < urls.length; i++) {
        urls[i] = jars.get(i).toUri().toURL();
      }
      return urls;
    } catch (MalformedURLException e) {
      throw new JobTypeException("bad plugin jar path in " + directory, e);
    } catch (IOException e) {
      throw new JobTypeException("cannot list plugin directory " + directory, e);
    }
  }

  /** Where a type's class came from, for error messages about clashes. */
  static String origin(JobType type) {
    var source = type.getClass().getProtectionDomain().getCodeSource();
    String where =
        source == null || source.getLocation() == null
            ? "unknown location"
            : source.getLocation().toString();
    return type.getClass().getName() + " (" + where + ")";
  }
}
