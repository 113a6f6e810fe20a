package io.carillon.server.quartz;

import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's JDBC job store with one change: the first cluster check-in that succeeds after the
 * database was unreachable also handles misfires at once. Quartz's own misfire thread runs only
 * once per misfire threshold, so without this, fire times missed in an outage would wait up to that
 * long for their misfire policy (and their job for its next run) after the database returned.
 */
// JobStoreTX overrides a generic method of its parent with a raw type; javac flags every subclass.
@SuppressWarnings("unchecked")
public class CarillonJobStore extends JobStoreTX {
  private static final Logger LOG = LoggerFactory.getLogger(CarillonJobStore.class);

  /** Batches of misfired triggers handled at once; Quartz's own thread picks up any rest. */
  private static final int MAX_BATCHES = 10;

  private volatile boolean checkinFailed;

  @Override
  protected boolean doCheckin() throws JobPersistenceException {
    boolean recovered;
    try {
      recovered = super.doCheckin();
    } catch (JobPersistenceException | RuntimeException e) {
      checkinFailed = true;
      throw e;
    }
    if (checkinFailed) {
      checkinFailed = false;
      handleMisfiresNow();
    }
    return recovered;
  }

  private void handleMisfiresNow() {
    int handled = 0;
    try {
      for (int batch = 0; batch < MAX_BATCHES; batch++) {
        RecoverMisfiredJobsResult result = doRecoverMisfires();
        handled += result.getProcessedMisfiredTriggerCount();
        if (result.getProcessedMisfiredTriggerCount() > 0) {
          signalSchedulingChangeImmediately(result.getEarliestNewTime());
        }
        if (!result.hasMoreMisfiredTriggers()) {
          break;
        }
      }
      LOG.info("Database reachable again: {} misfired trigger(s) handled at once", handled);
    } catch (JobPersistenceException e) {
      LOG.warn("Database reachable again, but misfires wait for Quartz: {}", e.getMessage());
    }
  }
}
