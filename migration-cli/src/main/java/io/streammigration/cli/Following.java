package io.streammigration.cli;

import io.streammigration.core.verify.DriftListener;
import io.streammigration.core.verify.VerificationReport;
import io.streammigration.core.verify.Verifier;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One following verification ({@code migrate verify --follow}) and the way to end it from another
 * thread: the shutdown hook on Ctrl-C or SIGTERM ({@link #stopOnShutdown}), or a test.
 *
 * <ol>
 *   <li>The command creates it with the listener that prints each drift.
 *   <li>{@link Verification} builds the {@link Verifier} with {@link #drifts()} and runs it with
 *       {@link #follow} on the command's thread, which blocks while it follows.
 *   <li>Any thread calls {@link #stop}: following ends, the verifier catches up (until both sides
 *       stayed idle for the idle timeout) and {@link #follow} returns the report.
 *   <li>The command prints the report and calls {@link #finished} with its exit code, which
 *       {@link #stop} then returns.
 * </ol>
 */
final class Following {

  /** How often {@link #stop} repeats its request while the verification has not finished. */
  private static final long RETRY_MILLIS = 50;

  private final DriftListener drifts;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Verifier verifier;
  private volatile boolean stopRequested;
  private volatile int exitCode = ExitCode.FAILED;

  Following(DriftListener drifts) {
    this.drifts = Objects.requireNonNull(drifts, "drifts");
  }

  /** Told of each drift as the verifier finds it, on the verifying thread. */
  DriftListener drifts() {
    return drifts;
  }

  /** Runs {@code verifier}'s {@link Verifier#follow()} on this thread; returns its report. */
  VerificationReport follow(Verifier verifier) {
    this.verifier = verifier;
    return verifier.follow();
  }

  /** The command printed its report and ends with {@code exitCode}. Called once. */
  void finished(int exitCode) {
    this.exitCode = exitCode;
    finished.countDown();
  }

  /** True once {@link #stop} was called. */
  boolean stopRequested() {
    return stopRequested;
  }

  /**
   * Ends following and waits until the command has printed its report, at most {@code max}.
   * Callable from any thread, before or while the verification follows.
   *
   * @return the command's exit code, or empty if it did not finish within {@code max}
   */
  OptionalInt stop(Duration max) {
    stopRequested = true;
    long deadline = System.nanoTime() + max.toNanos();
    try {
      do {
        // Repeated until the command finished: a request that came before the verifier was
        // built has no verifier to reach (the verifier itself keeps one made before follow()).
        Verifier v = verifier;
        if (v != null) {
          v.stopFollowing();
        }
        if (finished.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
          return OptionalInt.of(exitCode);
        }
      } while (System.nanoTime() - deadline < 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OptionalInt.empty();
  }

  /**
   * Stops {@code following} on Ctrl-C or SIGTERM and then ends the JVM with the command's exit
   * code (the gates' verdict) rather than the signal's: a shutdown hook that waits at most {@code
   * catchUp} for the report, and otherwise says so on {@code err} and exits {@link
   * ExitCode#FAILED}.
   *
   * @return removes the hook; call it once the command finished without a signal
   */
  static Runnable stopOnShutdown(Following following, Duration catchUp, PrintWriter err) {
    Thread hook =
        new Thread(
            () -> {
              OptionalInt code = following.stop(catchUp);
              if (code.isEmpty()) {
                err.println(
                    "migrate verify: not caught up within "
                        + Durations.format(catchUp)
                        + " of the stop; ending without a report");
                err.flush();
              }
              // The JVM would end with the signal's code (130, 143); a script wants the verdict.
              // halt, because exit() from a shutdown hook would wait for this hook forever.
              Runtime.getRuntime().halt(code.orElse(ExitCode.FAILED));
            },
            "migrate-verify-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already stopping: the hook runs and ends it with the command's code.
      }
    };
  }
}
