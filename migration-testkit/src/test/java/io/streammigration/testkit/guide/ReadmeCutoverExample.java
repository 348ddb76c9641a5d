package io.streammigration.testkit.guide;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.Cutover;
import io.streammigration.core.engine.CutoverHook;
import io.streammigration.core.engine.CutoverResult;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.engine.MigrationStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** The README's cutover example, compiled and run by {@code ReadmeCutoverExampleTest}. */
final class ReadmeCutoverExample {

  /** The embedding service's writers. */
  interface Producers {
    /** Sends every later write to {@code stream}; returns once no write goes to the old one. */
    void switchTo(String stream);
  }

  /** The embedding service's readers. */
  interface Consumers {
    /** Reads {@code stream} from now on, knowing the old stream ended at {@code end}. */
    void startAt(String stream, Checkpoint end);
  }

  private ReadmeCutoverExample() {}

  static CutoverResult cutOver(
      Migration migration, ExecutorService executor, Producers producers, Consumers consumers) {
    // tag::cutover[]
    CompletableFuture<MigrationResult> running = migration.start(executor);
    CutoverResult cutover =
        Cutover.of(migration)
            .caughtUpWhen(1_000, Duration.ofSeconds(1)) // lag <= 1,000 for a second
            .waitAtMost(Duration.ofHours(6))
            .hook(
                new CutoverHook() {
                  @Override
                  public void beforeDrain(MigrationStatus status) {
                    producers.switchTo("orders-v2"); // the old stream stops growing
                  }

                  @Override
                  public void afterDrain(Checkpoint end) {
                    consumers.startAt("orders-v2", end); // end: where the old stream ended
                  }
                })
            .run(); // COMPLETED, or NOT_CAUGHT_UP with the migration still running
    // end::cutover[]
    if (cutover.completed()) {
      running.join();
    }
    return cutover;
  }
}
