package io.carillon.jobs.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a shell job will start, after the configuration had its say: the argv (its program the
 * allowlist's own path), the whole environment, and the working directory (null: the server's).
 */
record ShellPlan(List<String> argv, Map<String, String> environment, Path workingDir) {}
