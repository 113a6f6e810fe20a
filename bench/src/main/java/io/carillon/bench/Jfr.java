package io.carillon.bench;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recording of one node over a workload (started and stopped with jcmd), summarised
 * as where its CPU samples fall: by the library whose code was running, by thread, and the hottest
 * methods.
 */
final class Jfr {
  private static final List<String[]> LIBRARIES =
      List.of(
          new String[] {"org.postgresql.", "PostgreSQL JDBC driver"},
          new String[] {"com.zaxxer.hikari.", "HikariCP"},
          new String[] {"org.quartz.", "Quartz"},
          new String[] {"io.carillon.bench.", "bench (recording job, counting driver)"},
          new String[] {"io.carillon.", "Carillon"},
          new String[] {"com.github.kagkarlsson.", "db-scheduler"},
          new String[] {"ch.qos.logback.", "logging"},
          new String[] {"org.slf4j.", "logging"},
          new String[] {"org.eclipse.jetty.", "Jetty"},
          new String[] {"org.glassfish.", "Jersey"},
          new String[] {"com.fasterxml.", "Jackson"},
          new String[] {"com.codahale.", "metrics"},
          new String[] {"io.prometheus.", "metrics"});

  private final NodeProcess node;
  private final Path file;

  private Jfr(NodeProcess node, Path file) {
    this.node = node;
    this.file = file;
  }

  static Jfr start(NodeProcess node, Path workDir) throws Exception {
    Path file = workDir.resolve(node.id() + "-" + System.nanoTime() + ".jfr");
    node.jcmd("JFR.start", "name=bench", "settings=profile");
    return new Jfr(node, file);
  }

  Map<String, Object> stop() throws Exception {
    node.jcmd("JFR.stop", "name=bench", "filename=" + file);
    Map<String, Long> libraries = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> methods = new HashMap<>();
    long samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      String thread = event.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("[-_]?\\d+$", ""), 1L, Long::sum);
      if (!frames.isEmpty()) {
        RecordedFrame top = frames.get(0);
        methods.merge(
            top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
      }
      libraries.merge(library(frames), 1L, Long::sum);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node", node.id());
    out.put("file", file.toString());
    out.put("cpuSamples", samples);
    out.put("byLibrary", shares(libraries, samples, 12));
    out.put("byThread", shares(threads, samples, 6));
    out.put("topMethods", shares(methods, samples, 8));
    return out;
  }

  /** The library of the innermost frame that belongs to one; JDK code counts for its caller. */
  private static String library(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      for (String[] library : LIBRARIES) {
        if (type.startsWith(library[0])) {
          return library[1];
        }
      }
    }
    return "JDK and other";
  }

  private static Map<String, Object> shares(Map<String, Long> counts, long total, int top) {
    Map<String, Object> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(top)
        .forEach(e -> out.put(e.getKey(), Math.round(1000.0 * e.getValue() / total) / 10.0));
    return out;
  }
}
