package io.streammigration.bench.file;

import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.spi.Source;
import io.streammigration.file.FileSink;
import io.streammigration.file.FileSinkConfig;
import io.streammigration.file.RecordFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The file-to-file migration the throughput benchmark and the latency run measure, configured in
 * one place so they measure the same thing: a {@link FileSink} in {@code <destination>/sink}, a
 * checkpoint every 100 ms; EXACTLY_ONCE through the transactional sink, AT_LEAST_ONCE through
 * {@link FileSink#appending} with a {@link FileCheckpointStore} in {@code
 * <destination>/checkpoints} (on the same file system, as a deployment would keep it). Every
 * other engine setting is the default.
 */
final class FileToFile implements AutoCloseable {

  /** The checkpoint interval of every file benchmark. */
  static final Duration COMMIT_EVERY = Duration.ofMillis(100);

  final Migration migration;
  private final FileCheckpointStore store;

  private FileToFile(Migration migration, FileCheckpointStore store) {
    this.migration = migration;
    this.store = store;
  }

  /** Where the sink of a migration into {@code destination} writes its segments. */
  static Path sinkDirectory(Path destination) {
    return destination.resolve("sink");
  }

  /**
   * Builds the migration from {@code source} into {@code destination} (an empty directory);
   * {@code more} may add settings (reader executor, listener).
   */
  static FileToFile of(
      Source source,
      Path destination,
      RecordFormat format,
      DeliveryGuarantee guarantee,
      Consumer<Migration.Builder> more) {
    FileSinkConfig sinkConfig =
        FileSinkConfig.builder(sinkDirectory(destination)).format(format).build();
    Migration.Builder builder =
        Migration.builder()
            .id("bench-file")
            .source(source)
            .guarantee(guarantee)
            .checkpointTrigger(CheckpointTrigger.every(COMMIT_EVERY));
    FileCheckpointStore store = null;
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
      builder.sink(new FileSink(sinkConfig));
    } else {
      store = FileCheckpointStore.open(destination.resolve("checkpoints"));
      builder.sink(FileSink.appending(sinkConfig)).checkpointStore(store);
    }
    more.accept(builder);
    return new FileToFile(builder.build(), store);
  }

  /** Closes the migration (gracefully: a final checkpoint if it runs), then the store. */
  @Override
  public void close() {
    try {
      migration.close();
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }
}
