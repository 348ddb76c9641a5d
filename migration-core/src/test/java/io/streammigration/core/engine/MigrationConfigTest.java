package io.streammigration.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.CheckpointStore;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.spi.TransactionalSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every invalid setting is rejected at build time with a message naming it and what is allowed. */
class MigrationConfigTest {

  private static final Source SOURCE =
      new Source() {
        @Override
        public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {}

        @Override
        public List<Record> poll(int maxRecords, Duration timeout) {
          return List.of();
        }

        @Override
        public boolean isEndOfInput() {
          return true;
        }

        @Override
        public void close() {}
      };

  private static class PlainSink implements Sink {
    @Override
    public void open(SinkContext context) {}

    @Override
    public void write(List<Record> records) {}

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static final class TxSink extends PlainSink implements TransactionalSink {
    @Override
    public Optional<Checkpoint> recover() {
      return Optional.empty();
    }

    @Override
    public void commit(Checkpoint checkpoint) {}
  }

  private static final CheckpointStore STORE =
      new CheckpointStore() {
        @Override
        public Optional<Checkpoint> latest() {
          return Optional.empty();
        }

        @Override
        public void save(Checkpoint checkpoint) {}

        @Override
        public List<Checkpoint> history(int max) {
          return List.of();
        }

        @Override
        public Checkpoint rollbackTo(long id) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
      };

  private static Migration.Builder valid() {
    return Migration.builder().source(SOURCE).sink(new TxSink());
  }

  private static MigrationConfigException rejection(UnaryOperator<Migration.Builder> change) {
    try {
      change.apply(valid()).build();
    } catch (MigrationConfigException e) {
      return e;
    }
    throw new AssertionError("expected the configuration to be rejected");
  }

  @Test
  void defaultsAreValidAndDocumented() {
    MigrationConfig config = valid().build().config();
    assertThat(config.guarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(config.batchSize()).isEqualTo(1_000);
    assertThat(config.handoffCapacity()).isEqualTo(64);
    assertThat(config.handoffBytes()).isEqualTo(8L << 20);
    assertThat(config.pollTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.checkpointStore()).isEmpty();
    assertThat(config.readerExecutor()).isEmpty();
  }

  @Test
  void exactlyOnceWithAPlainSinkFailsAtBuildNamingTheRequirement() {
    MigrationConfigException e = rejection(b -> b.sink(new PlainSink()));
    assertThat(e.setting()).isEqualTo("guarantee");
    assertThat(e.getMessage())
        .contains("EXACTLY_ONCE requires", "TransactionalSink", PlainSink.class.getName());
  }

  @Test
  void atLeastOnceWithoutACheckpointStoreIsRejected() {
    MigrationConfigException e =
        rejection(b -> b.sink(new PlainSink()).guarantee(DeliveryGuarantee.AT_LEAST_ONCE));
    assertThat(e.setting()).isEqualTo("checkpointStore");
  }

  @Test
  void atLeastOnceWithATransactionalSinkNeedsNoStore() {
    assertThat(valid().guarantee(DeliveryGuarantee.AT_LEAST_ONCE).build().config().checkpointStore())
        .isEmpty();
  }

  @Test
  void atLeastOnceWithAPlainSinkAndAStoreIsValid() {
    assertThat(
            valid()
                .sink(new PlainSink())
                .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .checkpointStore(STORE)
                .build()
                .config()
                .guarantee())
        .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, MigrationConfig.MAX_BATCH_SIZE + 1})
  void batchSizeOutOfRangeNamesTheRangeAndValue(int size) {
    MigrationConfigException e = rejection(b -> b.batchSize(size));
    assertThat(e.setting()).isEqualTo("batchSize");
    assertThat(e.getMessage()).contains("was " + size, "1 to 1000000");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, MigrationConfig.MAX_HANDOFF_CAPACITY + 1})
  void handoffCapacityOutOfRangeIsRejected(int capacity) {
    MigrationConfigException e = rejection(b -> b.handoffCapacity(capacity));
    assertThat(e.setting()).isEqualTo("handoffCapacity");
    assertThat(e.getMessage()).contains("was " + capacity, "1 to 1024");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, MigrationConfig.MIN_HANDOFF_BYTES - 1, MigrationConfig.MAX_HANDOFF_BYTES + 1})
  void handoffBytesOutOfRangeIsRejected(long bytes) {
    MigrationConfigException e = rejection(b -> b.handoffBytes(bytes));
    assertThat(e.setting()).isEqualTo("handoffBytes");
    assertThat(e.getMessage()).contains("was " + bytes, "1024 to 1073741824");
  }

  @Test
  void pollTimeoutOutOfRangeIsRejected() {
    assertThat(rejection(b -> b.pollTimeout(Duration.ZERO)).getMessage())
        .startsWith("pollTimeout")
        .contains("PT0.001S to PT1M");
    assertThat(rejection(b -> b.pollTimeout(Duration.ofMinutes(2))).setting())
        .isEqualTo("pollTimeout");
    assertThat(rejection(b -> b.pollTimeout(null)).getMessage()).isEqualTo("pollTimeout: is required");
  }

  @Test
  void shutdownTimeoutOutOfRangeIsRejected() {
    assertThat(rejection(b -> b.shutdownTimeout(Duration.ofSeconds(-1))).setting())
        .isEqualTo("shutdownTimeout");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "slash/no", "ümlaut"})
  void idWithDisallowedCharactersIsRejected(String id) {
    MigrationConfigException e = rejection(b -> b.id(id));
    assertThat(e.setting()).isEqualTo("id");
    assertThat(e.getMessage()).contains("A-Z a-z 0-9 . _ -");
  }

  @Test
  void missingRequiredPartsAreNamed() {
    assertThat(rejection(b -> b.source(null)).setting()).isEqualTo("source");
    assertThat(rejection(b -> b.sink(null)).setting()).isEqualTo("sink");
    assertThat(rejection(b -> b.guarantee(null)).setting()).isEqualTo("guarantee");
    assertThat(rejection(b -> b.checkpointTrigger(null)).setting()).isEqualTo("checkpointTrigger");
    assertThat(rejection(b -> b.ordering(null)).setting()).isEqualTo("ordering");
    assertThat(rejection(b -> b.listener(null)).setting()).isEqualTo("listener");
    assertThat(rejection(b -> b.id(null)).setting()).isEqualTo("id");
  }

  @Test
  void aBuiltConfigurationDoesNotChangeWhenTheBuilderDoes() {
    Migration.Builder builder = valid().batchSize(10);
    Migration migration = builder.build();
    builder.batchSize(20).transform((r, out) -> out.emit(r));
    assertThat(migration.config().batchSize()).isEqualTo(10);
    assertThat(migration.config().transforms()).isEmpty();
  }
}
