package io.carillon.server.quartz;

import io.carillon.server.common.NodeState;
import io.carillon.server.core.ThisNode;
import io.carillon.server.db.NodeDao;
import io.carillon.server.db.RunRecorder;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.ShutdownThread;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Quartz with the server and holds this node's state: running → standby (and back), or
 * running/standby → draining → drained (it left the cluster; only a restart brings it back); a node
 * that exits is stopped. Draining takes no new fires, lets running jobs finish up to the grace
 * period and then leaves the cluster ({@link ClusterExit}); SIGTERM drains the same way.
 */
public final class ManagedScheduler implements Managed, ThisNode {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedScheduler.class);

  private final Scheduler scheduler;
  private final RunningJobs running;
  private final InterruptPoller poller;
  private final RunRecorder records;
  private final ClusterExit exit;
  private final NodeDao nodes;
  private final String nodeId;
  private final String host;
  private final int threads;
  private final Duration gracePeriod;
  private final Clock clock;
  private final CompletableFuture<Void> left = new CompletableFuture<>();
  private NodeState state = NodeState.RUNNING;
  private Instant startedAt;
  private DrainOnSigterm sigterm;
  private volatile boolean stopping;

  ManagedScheduler(
      Scheduler scheduler,
      RunningJobs running,
      InterruptPoller poller,
      ClusterExit exit,
      RunRecorder records,
      NodeDao nodes,
      String nodeId,
      String host,
      int threads,
      Duration gracePeriod,
      Clock clock) {
    this.scheduler = scheduler;
    this.running = running;
    this.poller = poller;
    this.exit = exit;
    this.records = records;
    this.nodes = nodes;
    this.nodeId = nodeId;
    this.host = host;
    this.threads = threads;
    this.gracePeriod = gracePeriod;
    this.clock = clock;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** Jobs running on this node now. */
  public int running() {
    return running.count();
  }

  @Override
  public String id() {
    return nodeId;
  }

  @Override
  public synchronized NodeState state() {
    return state;
  }

  @Override
  public synchronized Instant startedAt() {
    return startedAt;
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public boolean stopping() {
    return stopping;
  }

  @Override
  public int busyThreads() {
    return running.count();
  }

  public Duration gracePeriod() {
    return gracePeriod;
  }

  @Override
  public void start() throws SchedulerException {
    records.start();
    scheduler.start();
    poller.start(scheduler);
    synchronized (this) {
      startedAt = clock.instant();
    }
    try {
      nodes.started(nodeId, host, startedAt(), NodeState.RUNNING.json());
    } catch (RuntimeException e) {
      LOG.warn("Could not record the start of node {}: {}", nodeId, e.getMessage());
    }
    LOG.info("Scheduler {} started as node {}", scheduler.getSchedulerName(), nodeId);
  }

  /**
   * SIGTERM drains before Jetty stops: Jetty's shutdown hook stops its registered lifecycles in
   * order, and this one is registered before the server (which registers itself when it starts), so
   * the API and the readiness endpoint keep answering while running jobs finish.
   */
  public void drainOnSigterm() {
    sigterm = new DrainOnSigterm();
    try {
      sigterm.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ShutdownThread.register(sigterm);
  }

  /**
   * How long after {@code standby()} the scheduler thread may still fire a batch it had acquired:
   * Quartz releases an acquired batch when told to stand by, unless it is due within 70 ms
   * (QuartzSchedulerThread's "earlier within reason" margin for a persistent store), which it
   * fires. Standby and drain return only after this, so that no fire due after they return runs
   * here.
   */
  static final Duration ACQUIRED_FIRE_MARGIN = Duration.ofMillis(100);

  private void standByQuartz() throws SchedulerException {
    scheduler.standby();
    try {
      Thread.sleep(ACQUIRED_FIRE_MARGIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes no new fires until {@link #resume}; running jobs go on. */
  public synchronized NodeState standby() throws SchedulerException {
    if (state == NodeState.RUNNING) {
      standByQuartz();
      changeTo(NodeState.STANDBY);
      LOG.info("Node {} is in standby: it takes no new fires", nodeId);
    } else if (state != NodeState.STANDBY) {
      throw new IllegalStateException(cannotRejoin());
    }
    return state;
  }

  /** Takes fires again after {@link #standby}; a draining or drained node cannot. */
  public synchronized NodeState resume() throws SchedulerException {
    if (state == NodeState.STANDBY) {
      scheduler.start();
      changeTo(NodeState.RUNNING);
      LOG.info("Node {} resumed: it takes fires again", nodeId);
    } else if (state != NodeState.RUNNING) {
      throw new IllegalStateException(cannotRejoin());
    }
    return state;
  }

  /**
   * Starts draining, in the background: no new fires now, running jobs get up to the grace period,
   * then the node leaves the cluster. Returns at once; the future completes once it has left.
   */
  public synchronized CompletableFuture<Void> drain() throws SchedulerException {
    if (state == NodeState.RUNNING || state == NodeState.STANDBY) {
      standByQuartz();
      changeTo(NodeState.DRAINING);
      LOG.info(
          "Node {} is draining: no new fires; {} running job(s) get up to {} to finish",
          nodeId,
          running.count(),
          gracePeriod);
      Thread thread = new Thread(this::leave, "carillon-drain");
      thread.setDaemon(true);
      thread.start();
    }
    return left;
  }

  private void leave() {
    try {
      exit.leave(scheduler, running, poller, gracePeriod);
      synchronized (this) {
        changeTo(NodeState.DRAINED);
      }
      left.complete(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      left.completeExceptionally(e);
    } catch (Exception e) {
      LOG.error("Node {} could not leave the cluster cleanly", nodeId, e);
      left.completeExceptionally(e);
    }
  }

  /** Drains if not done yet and waits until the node has left the cluster. */
  public void drainAndWait() throws SchedulerException {
    if (startedAt() == null) {
      scheduler.shutdown(false);
      return;
    }
    try {
      drain().join();
    } catch (RuntimeException e) {
      LOG.warn("Node {} did not drain cleanly: {}", nodeId, e.getMessage());
    }
  }

  @Override
  public void stop() throws SchedulerException {
    stopping = true;
    if (sigterm != null) {
      ShutdownThread.deregister(sigterm);
    }
    drainAndWait();
    // Quartz has stopped: the last runs' records are written before the pool closes.
    records.close();
    synchronized (this) {
      if (startedAt != null) {
        changeTo(NodeState.STOPPED);
      }
    }
  }

  private String cannotRejoin() {
    return "node "
        + nodeId
        + " is "
        + state.json()
        + ": it left (or is leaving) the cluster and cannot take fires again; restart it to rejoin";
  }

  /** Called holding the lock. A failure to record is logged: the state change itself stands. */
  private void changeTo(NodeState next) {
    state = next;
    try {
      nodes.changed(nodeId, next.json(), clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("Could not record that node {} is {}: {}", nodeId, next.json(), e.getMessage());
    }
  }

  /** Registered with Jetty's shutdown hook ahead of the server. */
  private final class DrainOnSigterm extends AbstractLifeCycle {
    @Override
    protected void doStop() throws Exception {
      LOG.info("SIGTERM: node {} drains before the server stops", nodeId);
      drainAndWait();
    }
  }
}
