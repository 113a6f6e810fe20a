package io.carillon.jobs.cleanup;

/** A file the plan deletes and the first policy it breaks. */
record Doomed(FoundFile file, String reason) {}
