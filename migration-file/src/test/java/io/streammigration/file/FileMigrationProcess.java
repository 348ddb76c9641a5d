package io.streammigration.file;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.engine.CheckpointEvent;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationListener;
import io.streammigration.core.policy.CheckpointTrigger;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;

/**
 * The child JVM of {@link FileMigrationCrashTest}: one file-to-file migration, run until done or
 * killed. Prints {@code started <ms>} once recovery is done and {@code checkpoint <ms>} at the
 * first commit, both in milliseconds since the JVM started, so the parent can report resume time.
 *
 * <p>Arguments: {@code EXACTLY_ONCE|AT_LEAST_ONCE source-dir destination-root state-dir}.
 */
public final class FileMigrationProcess {

  private FileMigrationProcess() {}

  public static void main(String[] args) {
    DeliveryGuarantee guarantee = DeliveryGuarantee.valueOf(args[0]);
    Path source = Paths.get(args[1]);
    Path destination = Paths.get(args[2]);
    Path state = Paths.get(args[3]);
    boolean exactlyOnce = guarantee == DeliveryGuarantee.EXACTLY_ONCE;
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();

    FileSourceConfig.Builder sourceConfig = FileSourceConfig.builder(source).partitionName("all");
    if (exactlyOnce) {
      sourceConfig.partitionPerSegment(true); // several partitions
    } // else one partition across several segments
    FileSinkConfig sinkConfig =
        FileSinkConfig.builder(destination)
            // small: unflushed bytes reach the disk, so recovery has something to cut (and
            // at-least-once something to replay)
            .maxSegmentBytes(1 << 20)
            .writeBufferSize(4096)
            .build();
    Migration.Builder builder =
        Migration.builder()
            .id("file-crash-" + guarantee)
            .source(new FileSource(sourceConfig.build()))
            .sink(exactlyOnce ? new FileSink(sinkConfig) : FileSink.appending(sinkConfig))
            .guarantee(guarantee)
            .batchSize(200)
            // frequent commits: more protocol steps for a kill to land in, and a run long enough
            // (seconds) for random kills to land mid-migration
            .checkpointTrigger(
                CheckpointTrigger.everyRecords(200)
                    .or(CheckpointTrigger.every(Duration.ofMillis(50))))
            .listener(
                new MigrationListener() {
                  private boolean first = true;

                  @Override
                  public void onStarted(String id, Optional<Checkpoint> resumedFrom) {
                    System.out.println("started " + (System.currentTimeMillis() - jvmStart));
                  }

                  @Override
                  public void onCheckpointCommitted(CheckpointEvent event) {
                    if (first) {
                      first = false;
                      System.out.println("checkpoint " + (System.currentTimeMillis() - jvmStart));
                    }
                  }
                });
    if (!exactlyOnce) {
      builder.checkpointStore(FileCheckpointStore.open(state));
    }
    try (Migration migration = builder.build()) {
      migration.run();
    }
    System.out.println("done");
  }
}
