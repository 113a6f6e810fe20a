package io.carillon.jobs.cleanup;

import java.nio.file.Path;
import java.time.Instant;

/** A regular file the cleanup may delete: its path relative to the directory, size and age. */
record FoundFile(Path relativePath, long size, Instant modified) {}
