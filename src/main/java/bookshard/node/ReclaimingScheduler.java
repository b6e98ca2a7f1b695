package bookshard.node;

import com.typesafe.config.Config;
import java.io.Closeable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.actor.SchedulerException;
import org.apache.pekko.event.LoggingAdapter;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * Pekko's scheduler ({@code pekko.scheduler.implementation}), on a {@link ScheduledThreadPoolExecutor}
 * that forgets a task as soon as it is cancelled.
 *
 * <p>Why: every ask schedules its timeout, and almost every one is cancelled a few milliseconds
 * later when the reply comes. Pekko's default timer wheel keeps a cancelled task until its
 * deadline, so at 130k commands/s with a 5 s timeout ~480k dead tasks (23 MB) were alive at any
 * time: they survived young collections, were copied and promoted, and made the pauses that set
 * the p99 (a heap histogram of the one-book benchmark showed them as the two largest classes).
 * Here a cancel removes the task from the queue at once.
 */
public final class ReclaimingScheduler implements Scheduler, Closeable {
  private final ScheduledThreadPoolExecutor timer;
  /** Pending tasks that must run even when the system shuts down before they are due. */
  private final Set<Runnable> runOnClose = ConcurrentHashMap.newKeySet();

  public ReclaimingScheduler(Config config, LoggingAdapter log, ThreadFactory threadFactory) {
    timer = new ScheduledThreadPoolExecutor(1, threadFactory);
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /**
   * After shutdown, as Pekko's own scheduler does: its callers expect this exception (a
   * dispatcher that cannot schedule its own shutdown then shuts down at once).
   */
  private static IllegalStateException closed() {
    return new IllegalStateException("cannot enqueue after timer shutdown",
        new SchedulerException("cannot enqueue after timer shutdown"));
  }

  @Override
  public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
    if (runnable instanceof TaskRunOnClose) {
      runOnClose.add(runnable);
    }
    try {
      return new Task(timer.schedule(() -> {
        runOnClose.remove(runnable);
        executor.execute(runnable);
      }, delay.toNanos(), TimeUnit.NANOSECONDS), runnable, runOnClose);
    } catch (RejectedExecutionException e) {
      runOnClose.remove(runnable);
      throw closed();
    }
  }

  /** Pekko's {@code schedule} is at a fixed rate. */
  @Override
  public Cancellable schedule(FiniteDuration initialDelay, FiniteDuration interval, Runnable runnable,
      ExecutionContext executor) {
    try {
      return new Task(timer.scheduleAtFixedRate(() -> executor.execute(runnable), initialDelay.toNanos(),
          interval.toNanos(), TimeUnit.NANOSECONDS), runnable, runOnClose);
    } catch (RejectedExecutionException e) {
      throw closed();
    }
  }

  @Override
  public double maxFrequency() {
    return 1000;
  }

  /** As Pekko's own scheduler does on shutdown: tasks marked to run on close are run now. */
  @Override
  public void close() {
    timer.shutdownNow();
    for (Runnable r : runOnClose) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // Shutting down: nothing is left to report it to.
      }
    }
    runOnClose.clear();
  }

  private record Task(ScheduledFuture<?> future, Runnable runnable, Set<Runnable> runOnClose) implements Cancellable {
    @Override
    public boolean cancel() {
      runOnClose.remove(runnable);
      return future.cancel(false);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled();
    }
  }
}
