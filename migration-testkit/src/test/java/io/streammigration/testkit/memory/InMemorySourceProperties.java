package io.streammigration.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class InMemorySourceProperties {

  private static final GeneratedStream STREAM =
      StreamSpec.builder().recordsPerPartition(30, 0, 17, 5).keys(8).build().generate();

  /** Whatever the checkpoint and batch sizes, a resumed source delivers exactly the suffixes. */
  @Property(tries = 200)
  void resumeDeliversExactlyTheRecordsAfterTheCheckpoint(
      @ForAll @IntRange(min = 0, max = 30) int covered0,
      @ForAll @IntRange(min = 0, max = 17) int covered2,
      @ForAll @IntRange(min = 0, max = 5) int covered3,
      @ForAll @IntRange(min = 1, max = 50) int maxRecords,
      @ForAll @IntRange(min = 1, max = 10) int chunkSize) {
    Checkpoint checkpoint = STREAM.checkpointCovering(1, covered0, 0, covered2, covered3);
    InMemorySource source = new InMemorySource(InMemoryLog.sealedWith(STREAM), chunkSize);
    source.open(new StandaloneSourceContext("property"), Optional.of(checkpoint));

    Map<PartitionId, List<Record>> got = new TreeMap<>();
    int polls = 0;
    while (!source.isEndOfInput()) {
      List<Record> batch = source.poll(maxRecords, Duration.ZERO);
      assertThat(batch.size()).isLessThanOrEqualTo(maxRecords);
      batch.forEach(r -> got.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
      assertThat(++polls).isLessThan(1000);
    }

    Map<PartitionId, List<Record>> expected = new TreeMap<>(STREAM.after(checkpoint));
    expected.values().removeIf(List::isEmpty);
    assertThat(got).isEqualTo(expected);
  }
}
