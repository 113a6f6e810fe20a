package io.carillon.server.testing;

import java.util.function.BiPredicate;

/**
 * The stacks of this JVM's threads that {@code which} picks, as text for a failure message: a
 * server under test runs in the test's JVM, so a wait inside it shows where it waits.
 */
final class ThreadStacks {
  private ThreadStacks() {}

  static String of(BiPredicate<Thread, StackTraceElement[]> which) {
    StringBuilder dump = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              if (which.test(thread, stack)) {
                dump.append("\n").append(thread.getName()).append(" ").append(thread.getState());
                for (StackTraceElement frame : stack) {
                  dump.append("\n    at ").append(frame);
                }
              }
            });
    return dump.toString();
  }
}
