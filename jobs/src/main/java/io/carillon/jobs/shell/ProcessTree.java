package io.carillon.jobs.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process and everything it started: politely first, then by force. */
final class ProcessTree {

  /** How long the processes get to exit after SIGTERM before they get SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(5);

  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private ProcessTree() {}

  /**
   * Kills the process and its descendants and returns once none of them is alive (or the kill wait
   * expired). The tree is listed before anything is signalled: once a parent dies its children are
   * re-parented and no longer show up as its descendants.
   */
  static void kill(ProcessHandle root) {
    Set<ProcessHandle> tree = members(root);
    tree.forEach(ProcessHandle::destroy);
    if (!awaitExit(tree, GRACE)) {
      // A process may have started children while dying; take them along.
      Set<ProcessHandle> survivors = new LinkedHashSet<>();
      tree.stream().filter(ProcessHandle::isAlive).forEach(p -> survivors.addAll(members(p)));
      survivors.forEach(ProcessHandle::destroyForcibly);
      awaitExit(survivors, KILL_WAIT);
    }
  }

  private static Set<ProcessHandle> members(ProcessHandle root) {
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    return tree;
  }

  private static boolean awaitExit(Set<ProcessHandle> processes, Duration wait) {
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    processes.forEach(process -> exits.add(process.onExit()));
    try {
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      // Killing is the answer to an interrupt; finish it and let the caller see the flag.
      Thread.currentThread().interrupt();
      processes.forEach(ProcessHandle::destroyForcibly);
      return true;
    }
  }
}
