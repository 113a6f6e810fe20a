package io.carillon.server.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A Quartz job that opens a latch the test holds, so a test can wait for "it ran". */
public final class LatchJob implements Job {
  public static final String LATCH_KEY = "latch";

  private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

  /** A latch the job with this id counts down when it runs. */
  public static CountDownLatch register(String id) {
    CountDownLatch latch = new CountDownLatch(1);
    LATCHES.put(id, latch);
    return latch;
  }

  @Override
  public void execute(JobExecutionContext context) {
    CountDownLatch latch = LATCHES.get(context.getMergedJobDataMap().getString(LATCH_KEY));
    if (latch != null) {
      latch.countDown();
    }
  }
}
