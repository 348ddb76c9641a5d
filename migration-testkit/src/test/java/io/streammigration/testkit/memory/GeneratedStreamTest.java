package io.streammigration.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratedStreamTest {

  private static final StreamSpec SPEC =
      StreamSpec.builder().partitions(4, 500).keys(20).tombstoneRatio(0.25).seed(99).build();

  @Test
  void theSameSpecGeneratesEqualRecords() {
    assertThat(SPEC.generate().all()).isEqualTo(SPEC.generate().all());
  }

  @Test
  void anotherSeedGeneratesOtherValues() {
    GeneratedStream other = SPEC.toBuilder().seed(100).build().generate();
    assertThat(other.all()).isNotEqualTo(SPEC.generate().all());
  }

  @Test
  void aLongerPartitionExtendsTheShorterOneAsAPrefix() {
    GeneratedStream shorter = SPEC.toBuilder().recordsPerPartition(500, 10, 0, 3).build().generate();
    GeneratedStream longer = SPEC.generate();
    for (int p = 0; p < 4; p++) {
      List<Record> prefix = shorter.records(p);
      assertThat(longer.records(p).subList(0, prefix.size())).isEqualTo(prefix);
    }
  }

  @Test
  void partitionsAreNamedPositionsAreDenseAndTimestampsIncrease() {
    GeneratedStream stream = SPEC.generate();
    assertThat(stream.partitions()).extracting(PartitionId::name).containsExactly("p0", "p1", "p2", "p3");
    assertThat(stream.size()).isEqualTo(2000);
    for (PartitionId p : stream.partitions()) {
      List<Record> records = stream.records(p);
      for (int i = 0; i < records.size(); i++) {
        assertThat(records.get(i).partition()).isEqualTo(p);
        assertThat(records.get(i).position()).isEqualTo(Position.of(i));
        if (i > 0) {
          assertThat(records.get(i).timestamp()).isGreaterThan(records.get(i - 1).timestamp());
        }
      }
    }
  }

  @Test
  void eachKeyLivesInOnePartitionAndItsSequenceCountsUpFromZero() {
    Map<String, PartitionId> home = new HashMap<>();
    Map<String, Long> next = new HashMap<>();
    for (Record r : SPEC.generate().all()) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      assertThat(home.computeIfAbsent(key, k -> r.partition())).as(key).isEqualTo(r.partition());
      long expected = next.getOrDefault(key, 0L);
      assertThat(GeneratedStream.keySequence(r)).as(key).isEqualTo(expected);
      next.put(key, expected + 1);
    }
    assertThat(next).hasSize(20);
  }

  @Test
  void tombstonesAndValueSizesFollowTheSpec() {
    List<Record> all = SPEC.generate().all();
    long tombstones = all.stream().filter(Record::isTombstone).count();
    assertThat((double) tombstones / all.size()).isBetween(0.2, 0.3);
    assertThat(all).filteredOn(r -> !r.isTombstone()).allMatch(r -> r.value().length >= 8 && r.value().length <= 64);
    StreamSpec none = SPEC.toBuilder().tombstoneRatio(0).valueSize(3, 3).build();
    assertThat(none.generate().all()).allMatch(r -> !r.isTombstone() && r.value().length == 3);
    assertThat(SPEC.toBuilder().tombstoneRatio(1).build().generate().all()).allMatch(Record::isTombstone);
  }

  @Test
  void checkpointCoveringAndAfterAgree() {
    GeneratedStream stream = SPEC.generate();
    Checkpoint checkpoint = stream.checkpointCovering(5, 3, 0, 500, 1);
    assertThat(checkpoint.id()).isEqualTo(5);
    assertThat(checkpoint.records()).isEqualTo(504);
    assertThat(checkpoint.positions())
        .containsOnlyKeys(GeneratedStream.partition(0), GeneratedStream.partition(2), GeneratedStream.partition(3))
        .containsEntry(GeneratedStream.partition(0), Position.of(2));
    Map<PartitionId, List<Record>> rest = stream.after(checkpoint);
    assertThat(rest.get(GeneratedStream.partition(0))).isEqualTo(stream.records(0).subList(3, 500));
    assertThat(rest.get(GeneratedStream.partition(1))).isEqualTo(stream.records(1));
    assertThat(rest.get(GeneratedStream.partition(2))).isEmpty();
    assertThat(rest.get(GeneratedStream.partition(3))).isEqualTo(stream.records(3).subList(1, 500));
  }

  @Test
  void invalidSpecsAreRejectedWhenBuilt() {
    assertThatThrownBy(() -> StreamSpec.builder().partitions(5, 1).keys(4).build())
        .hasMessageContaining("keys (4) must be >= partitions (5)");
    assertThatThrownBy(() -> StreamSpec.builder().partitions(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamSpec.builder().recordsPerPartition(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamSpec.builder().tombstoneRatio(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamSpec.builder().tombstoneRatio(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamSpec.builder().valueSize(5, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keySequenceRejectsRecordsWithoutTheHeader() {
    Record plain = SPEC.generate().records(0).get(0).withHeaders(io.streammigration.core.record.Headers.EMPTY);
    assertThatThrownBy(() -> GeneratedStream.keySequence(plain)).isInstanceOf(IllegalArgumentException.class);
  }
}
