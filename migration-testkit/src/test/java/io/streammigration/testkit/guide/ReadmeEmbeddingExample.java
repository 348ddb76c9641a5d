package io.streammigration.testkit.guide;

import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.ordering.OrderingPolicy;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.RetryPolicy;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.TransactionalSink;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's embedding example, compiled and run by {@code ReadmeEmbeddingExampleTest}. */
final class ReadmeEmbeddingExample {

  private static final Logger log = LoggerFactory.getLogger(ReadmeEmbeddingExample.class);

  private ReadmeEmbeddingExample() {}

  static MigrationResult migrate(Source source, TransactionalSink sink, Path stateDir) {
    // tag::embedding[]
    try (FileCheckpointStore checkpoints = FileCheckpointStore.open(stateDir);
        Migration migration =
            Migration.builder()
                .id("orders-to-new-cluster")
                .source(source)
                .sink(sink)
                .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .checkpointTrigger(
                    CheckpointTrigger.everyRecords(50_000)
                        .or(CheckpointTrigger.every(Duration.ofMillis(500))))
                .ordering(Ordering.perPartition().policy(OrderingPolicy.FAIL))
                .checkpointStore(checkpoints) // mirrors what the sink commits, for inspection
                .retryPolicy(RetryPolicy.ofDefaults())
                .listener(
                    new MigrationListener() {
                      @Override
                      public void onCheckpointCommitted(CheckpointEvent e) {
                        log.info("checkpoint {}: p99 {} ms", e.checkpoint().id(), e.latency().p99());
                      }
                    })
                .build()) {
      return migration.run(); // blocks; close() from another thread stops it gracefully
    }
    // end::embedding[]
  }
}
