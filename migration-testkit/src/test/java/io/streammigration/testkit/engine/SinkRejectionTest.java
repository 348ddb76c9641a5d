package io.streammigration.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.InMemoryCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.policy.DeadLetterPolicy;
import io.streammigration.core.policy.DeadLetterPolicy.Tolerance;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkInterceptor;
import io.streammigration.core.spi.Sinks;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A sink that refuses a record for good (too large for its destination) writes the records before
 * it and rejects it; the engine dead-letters it and writes on, in both guarantees.
 */
class SinkRejectionTest {

  private static final int LIMIT = 48;
  private static final Predicate<Record> TOO_LARGE = r -> r.value() != null && r.value().length > LIMIT;

  private final GeneratedStream stream =
      StreamSpec.builder().partitions(2, 600).keys(10).valueSize(0, 64).build().generate();

  /** Writes records up to the first one over the limit, then rejects that one, as the SPI asks. */
  private static Sink withSizeLimit(Sink sink) {
    return Sinks.intercept(
        sink,
        new SinkInterceptor() {
          @Override
          public void write(List<Record> records, Sink next) {
            for (int i = 0; i < records.size(); i++) {
              if (TOO_LARGE.test(records.get(i))) {
                next.write(records.subList(0, i));
                throw new RecordRejectedException(records.get(i), "value larger than " + LIMIT + " bytes");
              }
            }
            next.write(records);
          }
        });
  }

  private List<Record> expected(PartitionId p, boolean rejected) {
    return stream.records(p).stream().filter(r -> TOO_LARGE.test(r) == rejected).toList();
  }

  @Test
  void exactlyOnceDeadLettersEachRejectedRecordAndWritesTheRestInOrder() {
    InMemoryDestination main = new InMemoryDestination();
    InMemoryDestination deadLetters = new InMemoryDestination();

    MigrationResult result =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(withSizeLimit(main.newTransactionalSink()))
            .deadLetters(DeadLetterPolicy.to(deadLetters.newTransactionalSink(), Tolerance.unlimited()))
            .batchSize(40)
            .build()
            .run();

    for (PartitionId p : stream.partitions()) {
      assertThat(main.committedRecords(p)).isEqualTo(expected(p, false));
      assertThat(deadLetters.committedRecords(p))
          .extracting(Record::position)
          .isEqualTo(expected(p, true).stream().map(Record::position).toList());
    }
    assertThat(result.deadLetters()).isEqualTo(stream.all().stream().filter(TOO_LARGE).count()).isPositive();
  }

  @Test
  void atLeastOnceDoesTheSame() {
    InMemoryDestination main = new InMemoryDestination();
    InMemoryDestination deadLetters = new InMemoryDestination();

    Migration.builder()
        .source(InMemorySource.bounded(stream))
        .sink(withSizeLimit(main.newSink()))
        .guarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .checkpointStore(InMemoryCheckpointStore.create())
        .deadLetters(DeadLetterPolicy.to(deadLetters.newSink(), Tolerance.unlimited()))
        .batchSize(40)
        .build()
        .run();

    for (PartitionId p : stream.partitions()) {
      assertThat(main.committedRecords(p)).isEqualTo(expected(p, false));
      assertThat(deadLetters.committedRecords(p)).hasSameSizeAs(expected(p, true));
    }
  }

  @Test
  void withoutADeadLetterPolicyARejectionByTheSinkFailsTheRunNamingTheRecord() {
    Migration migration =
        Migration.builder()
            .source(InMemorySource.bounded(stream))
            .sink(withSizeLimit(new InMemoryDestination().newTransactionalSink()))
            .build();
    assertThatThrownBy(migration::run)
        .isInstanceOf(RecordRejectedException.class)
        .hasMessageContaining("value larger than 48 bytes")
        .hasMessageContaining("at position");
  }
}
