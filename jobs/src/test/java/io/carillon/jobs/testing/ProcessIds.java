package io.carillon.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the "pid=N" lines test commands print, to find their processes afterwards. */
public final class ProcessIds {

  private static final Pattern PID = Pattern.compile("pid=(\\d+)");

  private ProcessIds() {}

  public static List<Long> in(String output) {
    List<Long> pids = new ArrayList<>();
    Matcher matcher = PID.matcher(output);
    while (matcher.find()) {
      pids.add(Long.parseLong(matcher.group(1)));
    }
    return pids;
  }

  public static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * A three-level tree (sh, a child sh, a grandchild sleep) that waits forever. Each process prints
   * its own pid to the output and appends it to the file named by the environment variable PIDS, so
   * both list the whole tree.
   */
  public static final String TREE_SCRIPT =
      "sh -c 'echo grandchild pid=$$; echo grandchild pid=$$ >> \"$PIDS\"; exec sleep 600' & "
          + "sh -c 'sleep 600 & echo child-sleep pid=$!; echo child-sleep pid=$! >> \"$PIDS\"; "
          + "echo child pid=$$; echo child pid=$$ >> \"$PIDS\"; wait' & "
          + "echo parent pid=$$; echo parent pid=$$ >> \"$PIDS\"; wait";
}
