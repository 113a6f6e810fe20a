package io.carillon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU time of processes, of their threads and of the whole machine, from /proc (Linux). */
final class ProcessCpu {
  static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** User plus system clock ticks per process; processes that have exited are left out. */
  static Map<Long, Long> ticks(Collection<Long> pids) {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (long pid : pids) {
      try {
        out.put(pid, ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
      } catch (IOException e) {
        // The process has exited.
      }
    }
    return out;
  }

  /**
   * Milliseconds of CPU between two readings, over the processes alive at the second; one that was
   * not there at the first started in between and counts from zero.
   */
  static double millisBetween(Map<Long, Long> before, Map<Long, Long> after) {
    long ticks = 0;
    for (Map.Entry<Long, Long> process : after.entrySet()) {
      ticks += process.getValue() - before.getOrDefault(process.getKey(), 0L);
    }
    return ticks * 1000.0 / TICKS_PER_SECOND;
  }

  /** CPU clock ticks of the processes' threads, summed by thread name without its number. */
  static Map<String, Long> threads(Collection<Long> pids) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (long pid : pids) {
      try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path task : tasks.toList()) {
          try {
            String stat = Files.readString(task.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            out.merge(name.replaceAll("[-_#]?\\d+$", "").trim(), ticks(stat), Long::sum);
          } catch (IOException e) {
            // The thread has ended.
          }
        }
      } catch (IOException e) {
        // The process has ended.
      }
    }
    return out;
  }

  /** Busy and total clock ticks of the whole machine (every process, ours and others'). */
  static long[] machine() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new long[] {total - idle, total};
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
