package io.carillon.server.db;

import io.carillon.server.db.RunRecordSql.NewRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One thing queued for the run-record writer thread of {@link GroupCommitRunRecorder}. */
sealed interface RecorderItem {
  /** A run's start, written as RUNNING; the worker waits for {@code durable}. */
  record Started(RunRecorder.Start start, CompletableFuture<Void> durable)
      implements RecorderItem {}

  /** A run's end; {@code wasFailing} tells the caller whether its job was failing before it. */
  record Finished(
      RunRecorder.Finish finish,
      CompletableFuture<Void> durable,
      CompletableFuture<Boolean> wasFailing)
      implements RecorderItem {}

  /** A fire that did not run (an overlap skip): its row, written as it is. */
  record Skipped(NewRow row) implements RecorderItem {}

  /** A missed fire time; {@code type} gets the job's type once it is counted. */
  record Misfired(RunRecorder.Misfire misfire, CompletableFuture<Optional<String>> type)
      implements RecorderItem {}

  /** Ends the writer thread once everything queued before it is written. */
  record Stop() implements RecorderItem {}

  /** Ends a job store wrote with its completions: they are counted on their jobs here. */
  record Counted(List<StoreRunRecords.Ended> runs, Map<String, String> incarnations)
      implements RecorderItem {}
}
