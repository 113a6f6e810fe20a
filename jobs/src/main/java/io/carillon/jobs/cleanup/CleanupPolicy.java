package io.carillon.jobs.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The Housekeeper's rules; null means "no such rule". A file breaking any rule is deleted. The
 * count and size rules keep the newest files, so each rule deletes the oldest files first, and so
 * does their combination.
 *
 * @param retentionDays files modified longer ago than this many days are deleted
 * @param maxFiles at most this many (the newest) files are kept
 * @param maxBytes the newest files are kept while their total size stays within this
 */
record CleanupPolicy(Long retentionDays, Long maxFiles, Long maxBytes) {

  private static final Comparator<FoundFile> NEWEST_FIRST =
      Comparator.comparing(FoundFile::modified).reversed().thenComparing(FoundFile::relativePath);

  /** The files to delete, oldest first. */
  List<Doomed> plan(List<FoundFile> files, Instant now) {
    Instant cutoff = retentionDays == null ? null : now.minus(Duration.ofDays(retentionDays));
    List<Doomed> doomed = new ArrayList<>();
    long keptFiles = 0;
    long keptBytes = 0;
    // Once a file is over the size budget, older ones are too, even if small: the budget is spent
    // on the newest files, as deleting oldest-first until the total fits would do.
    boolean budgetSpent = false;
    for (FoundFile file : files.stream().sorted(NEWEST_FIRST).toList()) {
      String reason = null;
      if (cutoff != null && file.modified().isBefore(cutoff)) {
        reason = "older than " + retentionDays + " days";
      } else if (maxFiles != null && keptFiles >= maxFiles) {
        reason = "beyond the newest " + maxFiles + " files";
      } else if (maxBytes != null && (budgetSpent || keptBytes + file.size() > maxBytes)) {
        budgetSpent = true;
        reason = "beyond " + maxBytes + " bytes in total";
      }
      if (reason == null) {
        keptFiles++;
        keptBytes += file.size();
      } else {
        doomed.add(new Doomed(file, reason));
      }
    }
    Collections.reverse(doomed);
    return doomed;
  }
}
