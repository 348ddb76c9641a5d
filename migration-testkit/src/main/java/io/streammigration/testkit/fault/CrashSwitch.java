package io.streammigration.testkit.fault;

import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Sinks;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.Sources;
import io.streammigration.core.spi.TransactionalSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Simulates the death of a process at a chosen {@link ProtocolStep}. One switch stands for one
 * process: guard that process's source and sink with it, run, and the switch fires once.
 *
 * <h2>What a crash does</h2>
 *
 * <ol>
 *   <li>At the chosen step the call throws {@link SimulatedCrash}: at a {@link Timing#BEFORE}
 *       step without reaching the adapter, at an {@link Timing#AFTER} step once the adapter has
 *       returned (so "crash after commit returned" is expressible).
 *   <li>From then on no call through any wrapper sharing the switch reaches an adapter: {@code
 *       close} returns quietly (a dead process closes nothing, and cleanup code must not mask the
 *       crash), every other call throws {@link SimulatedCrash} again, since a dead process
 *       returns nothing. Uncommitted state therefore stays uncommitted, and the next process's
 *       {@code recover()} must discard it.
 *   <li>A call already inside an adapter when the switch fires (the reader thread's poll, say)
 *       completes there, as in a dying process, but its result is replaced by {@link
 *       SimulatedCrash}.
 * </ol>
 *
 * <h2>Crash at every step</h2>
 *
 * Until it fires, a switch records every step passed, in order: {@link #trace()}. {@link
 * #stepsOf} runs a scenario once under a switch that never fires and returns that trace; crash
 * tests then rerun the scenario once per step with {@link #at(ProtocolStep)}:
 *
 * <pre>{@code
 * for (ProtocolStep step : CrashSwitch.stepsOf(sw -> runOnce(sw))) {
 *   CrashSwitch crash = CrashSwitch.at(step);
 *   assertThatThrownBy(() -> runOnce(crash)).isInstanceOf(SimulatedCrash.class);
 *   // restart with fresh, unguarded adapters over the same endpoints and check the invariants
 * }
 * }</pre>
 *
 * <p>Thread-safe: the engine's reader and writer threads, and the test thread, may use a switch at
 * once. Call counts are kept per endpoint and method across every wrapper of the switch.
 */
public final class CrashSwitch {

  private final Predicate<ProtocolStep> target;
  private final int targetStepNumber;
  private final List<ProtocolStep> trace = new ArrayList<>();
  private final StepInterceptor interceptor = new Guard();
  private SimulatedCrash crash;

  private CrashSwitch(Predicate<ProtocolStep> target, int targetStepNumber) {
    this.target = target;
    this.targetStepNumber = targetStepNumber;
  }

  /** A switch that fires only when {@link #crashNow()} is called; it records the trace. */
  public static CrashSwitch recording() {
    return new CrashSwitch(step -> false, 0);
  }

  /** A switch that fires at {@code step}. */
  public static CrashSwitch at(ProtocolStep step) {
    Objects.requireNonNull(step, "step");
    return new CrashSwitch(step::equals, 0);
  }

  /**
   * A switch that fires at the {@code n}-th step (from 1) it sees, whatever it is: for property
   * tests that crash "anywhere". With two threads the step this names can differ between runs.
   */
  public static CrashSwitch atStepNumber(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("step numbers start at 1, was " + n);
    }
    return new CrashSwitch(step -> false, n);
  }

  /**
   * Runs {@code scenario} with a recording switch and returns the steps it passed, in order: the
   * steps at which a crash test should crash. The scenario must guard its adapters with the switch
   * it is given and be deterministic for the steps to mean the same in every run.
   */
  public static List<ProtocolStep> stepsOf(Consumer<CrashSwitch> scenario) {
    CrashSwitch recording = recording();
    scenario.accept(recording);
    return recording.trace();
  }

  /** {@code sink}, dying with this switch; transactional if {@code sink} is. */
  public Sink guard(Sink sink) {
    return Sinks.intercept(sink, interceptor);
  }

  /** {@code sink}, dying with this switch, still transactional. */
  public TransactionalSink guard(TransactionalSink sink) {
    return Sinks.intercept(sink, interceptor);
  }

  /** {@code source}, dying with this switch. */
  public Source guard(Source source) {
    return Sources.intercept(source, interceptor);
  }

  /** Kills the process now, from any thread: every later call is cut off. Idempotent. */
  public synchronized void crashNow() {
    if (crash == null) {
      crash = new SimulatedCrash(null, "simulated crash requested by the test");
    }
  }

  public synchronized boolean hasCrashed() {
    return crash != null;
  }

  /** Where the switch fired; empty if it has not, or if {@link #crashNow()} fired it. */
  public synchronized Optional<ProtocolStep> crashedAt() {
    return crash == null ? Optional.empty() : crash.step();
  }

  /** The steps passed, in order, up to and including the one that fired the switch. */
  public synchronized List<ProtocolStep> trace() {
    return List.copyOf(trace);
  }

  private synchronized boolean pass(ProtocolStep step) {
    if (crash != null) {
      if (step.method() == SpiMethod.CLOSE) {
        return false;
      }
      throw new SimulatedCrash(
          crash.step().orElse(null),
          "call " + step + " after the simulated crash" + crash.step().map(s -> " at " + s).orElse(""));
    }
    trace.add(step);
    if (target.test(step) || trace.size() == targetStepNumber) {
      crash = new SimulatedCrash(step, "simulated crash " + step);
      throw crash;
    }
    return true;
  }

  @Override
  public synchronized String toString() {
    return "CrashSwitch{steps=" + trace.size() + ", crashed=" + (crash != null) + "}";
  }

  private final class Guard extends StepInterceptor {
    @Override
    boolean before(ProtocolStep step) {
      return pass(step);
    }

    @Override
    void after(ProtocolStep step) {
      // An AFTER step of a call that started before the crash is never swallowed: its adapter
      // work is done, but its caller dies.
      pass(step);
    }

    @Override
    public String toString() {
      return "CrashSwitch";
    }
  }
}
