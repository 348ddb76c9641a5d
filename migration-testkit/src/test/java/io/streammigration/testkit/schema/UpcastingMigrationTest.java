package io.streammigration.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.schema.UnknownSchemaVersionException;
import io.streammigration.core.schema.UnknownVersionPolicy;
import io.streammigration.core.schema.Upcaster;
import io.streammigration.core.schema.Upcasting;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A whole migration over the in-memory adapters upcasting a stream of mixed schema versions. */
@Timeout(60)
class UpcastingMigrationTest {

  private static final String HEADER = "schema-version";
  private static final int PARTITIONS = 3;
  private static final int RECORDS_EACH = 600;

  /** Versions 1, 2, 3 in turn; the value says which record it is, so order can be checked. */
  private static Map<PartitionId, List<Record>> mixedVersions() {
    Map<PartitionId, List<Record>> stream = new TreeMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      PartitionId id = PartitionId.of("p" + p);
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < RECORDS_EACH; i++) {
        int version = 1 + i % 3;
        records.add(record(id, i, Integer.toString(version), p + "/" + i));
      }
      stream.put(id, records);
    }
    return stream;
  }

  private static Record record(PartitionId partition, long offset, String version, String value) {
    return new Record(
        ("key-" + offset).getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        Headers.of(Header.ofUtf8(HEADER, version)),
        1_000 + offset,
        partition,
        Position.of(offset));
  }

  private static Upcasting.Builder upcasting() {
    return Upcasting.builder()
        .versionFromHeader(HEADER)
        .register(1, Upcaster.ofValue(v -> append(v, "|v2")))
        .register(2, Upcaster.ofValue(v -> append(v, "|v3")))
        .target(3);
  }

  private static byte[] append(byte[] value, String suffix) {
    return (new String(value, StandardCharsets.UTF_8) + suffix).getBytes(StandardCharsets.UTF_8);
  }

  private static Migration.Builder migration(
      Map<PartitionId, List<Record>> stream, InMemoryDestination destination, Upcasting upcasting) {
    return Migration.builder()
        .id("upcast")
        .source(InMemorySource.bounded(stream))
        .sink(destination.newTransactionalSink())
        .guarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .checkpointTrigger(CheckpointTrigger.everyRecords(250))
        .batchSize(64)
        .pollTimeout(Duration.ofMillis(20))
        .transform(upcasting);
  }

  @Test
  void everyRecordArrivesAtTheTargetVersionInSourceOrder() {
    Map<PartitionId, List<Record>> stream = mixedVersions();
    InMemoryDestination destination = new InMemoryDestination();

    MigrationResult result = migration(stream, destination, upcasting().build()).build().run();

    assertThat(result.records()).isEqualTo(PARTITIONS * RECORDS_EACH);
    for (PartitionId partition : stream.keySet()) {
      List<Record> source = stream.get(partition);
      List<Record> written = destination.committedRecords(partition);
      assertThat(written).hasSize(RECORDS_EACH);
      for (int i = 0; i < RECORDS_EACH; i++) {
        Record in = source.get(i);
        Record out = written.get(i);
        String expected =
            switch (i % 3) {
              case 0 -> partition.name().substring(1) + "/" + i + "|v2|v3";
              case 1 -> partition.name().substring(1) + "/" + i + "|v3";
              default -> partition.name().substring(1) + "/" + i;
            };
        assertThat(new String(out.value(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(out.headers().asList()).containsExactly(Header.ofUtf8(HEADER, "3"));
        assertThat(out.position()).isEqualTo(in.position());
        assertThat(out.key()).isEqualTo(in.key());
        if (i % 3 == 2) {
          assertThat(out).as("records already at v3 are not copied").isSameAs(in);
        }
      }
    }
  }

  @Test
  void aTooNewVersionUnderFailFailsTheRunNamingWhereItIs() {
    Map<PartitionId, List<Record>> stream = mixedVersions();
    PartitionId p1 = PartitionId.of("p1");
    List<Record> withBadRecord = new ArrayList<>(stream.get(p1));
    withBadRecord.set(400, record(p1, 400, "4", "from a newer producer"));
    stream.put(p1, withBadRecord);
    InMemoryDestination destination = new InMemoryDestination();

    assertThatThrownBy(() -> migration(stream, destination, upcasting().build()).build().run())
        .isInstanceOfSatisfying(
            UnknownSchemaVersionException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(UnknownSchemaVersionException.Problem.TOO_NEW);
              assertThat(e.partition()).isEqualTo(p1);
              assertThat(e.position()).isEqualTo(Position.of(400));
            })
        .hasMessageContaining("schema version 4 is newer than the target in partition p1 at position 400");
    // Nothing at or after the bad record was committed in its partition.
    assertThat(destination.committedRecords(p1)).hasSizeLessThan(400);
  }

  @Test
  void aMissingVersionUnderDeadLetterRejectsThatRecord() {
    // With no dead-letter sink configured the engine fails the run with the rejection, so the
    // rejection itself is what this test can see end to end.
    Map<PartitionId, List<Record>> stream = mixedVersions();
    PartitionId p0 = PartitionId.of("p0");
    List<Record> withBadRecord = new ArrayList<>(stream.get(p0));
    Record unversioned = withBadRecord.get(123).withHeaders(Headers.EMPTY);
    withBadRecord.set(123, unversioned);
    stream.put(p0, withBadRecord);
    Upcasting deadLettering = upcasting().onUnknownVersion(UnknownVersionPolicy.DEAD_LETTER).build();

    assertThatThrownBy(
            () -> migration(stream, new InMemoryDestination(), deadLettering).build().run())
        .isInstanceOfSatisfying(
            RecordRejectedException.class,
            e -> {
              assertThat(e.record()).isEqualTo(unversioned);
              assertThat(e.getCause()).isInstanceOf(UnknownSchemaVersionException.class);
            })
        .hasMessageContaining("partition p0 at position 123")
        .hasMessageContaining("missing schema version");
  }
}
