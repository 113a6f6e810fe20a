package io.carillon.server.quartz.store;

import io.carillon.server.db.FoldedRuns;
import io.carillon.server.db.RunRecorder;
import java.util.List;
import org.quartz.JobPersistenceException;

/**
 * One flush of the completion flusher: the batch's completions and, when Carillon hands them over,
 * its runs' final rows, in one transaction (the ends in the completion's first statement), so a run
 * is acknowledged ended exactly when its fire is. The ends are taken before and put back if the
 * transaction fails, for the next attempt.
 */
final class CompletionTransaction implements CompletionFlusher.BatchWriter {
  private final StoreTransactions transactions;
  private final CompletionWriter completions;
  private final FoldedRuns foldedRuns;

  /** {@code foldedRuns}: null when Carillon records run ends on its own. */
  CompletionTransaction(
      StoreTransactions transactions, CompletionWriter completions, FoldedRuns foldedRuns) {
    this.transactions = transactions;
    this.completions = completions;
    this.foldedRuns = foldedRuns;
  }

  @Override
  public void write(List<Completion> batch) throws JobPersistenceException {
    List<RunRecorder.Finish> ends =
        foldedRuns == null
            ? List.of()
            : foldedRuns.take(batch.stream().map(Completion::entryId).toList());
    List<FoldedRuns.Written> written;
    try {
      written = write(batch, ends);
    } catch (JobPersistenceException | RuntimeException e) {
      if (!ends.isEmpty()) {
        foldedRuns.putBack(ends);
      }
      throw e;
    }
    if (!written.isEmpty()) {
      foldedRuns.written(written);
    }
  }

  private List<FoldedRuns.Written> write(List<Completion> batch, List<RunRecorder.Finish> ends)
      throws JobPersistenceException {
    return transactions.run(
        conn -> {
          try {
            CompletionWriter.Outcome outcome =
                completions.write(conn, batch, ends.isEmpty() ? null : foldedRuns.ending(ends));
            if (outcome.mayHaveDue()) {
              transactions.signalOnCommit();
            }
            return outcome.runsEnded();
          } catch (JobPersistenceException e) {
            throw e;
          } catch (Exception e) {
            throw new JobPersistenceException(
                "Couldn't record completed runs: " + e.getMessage(), e);
          }
        },
        null);
  }
}
