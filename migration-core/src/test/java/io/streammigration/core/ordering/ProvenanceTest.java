package io.streammigration.core.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

  private static Record stamp(Record record) {
    List<Record> out = new ArrayList<>();
    Provenance.stamp().apply(record, out::add);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private static Record record(String partition, Position position, Headers headers) {
    return new Record(
        new byte[] {1}, new byte[] {2}, headers, 7L, PartitionId.of(partition), position);
  }

  @Test
  void stampedPartitionAndPositionReadBack() {
    Headers other = Headers.of(Header.ofUtf8("x", "y"));
    Record stamped = stamp(record("orders-3", Position.of(4, Long.MAX_VALUE), other));

    assertThat(Provenance.partitionOf(stamped)).contains(PartitionId.of("orders-3"));
    assertThat(Provenance.positionOf(stamped)).contains(Position.of(4, Long.MAX_VALUE));
    assertThat(stamped.headers().lastNamed("x")).isPresent();
    assertThat(stamped.key()).containsExactly(1);
    assertThat(stamped.value()).containsExactly(2);
    assertThat(stamped.timestamp()).isEqualTo(7L);
  }

  @Test
  void positionIsReadableTextWithTheSegmentAlwaysPresent() {
    Record stamped = stamp(record("p", Position.of(42), Headers.EMPTY));

    assertThat(stamped.headers().lastNamed(Provenance.POSITION).orElseThrow().valueAsUtf8())
        .isEqualTo("0:42");
    assertThat(stamped.headers().lastNamed(Provenance.PARTITION).orElseThrow().valueAsUtf8())
        .isEqualTo("p");
    assertThat(Provenance.PARTITION).startsWith(Provenance.PREFIX);
    assertThat(Provenance.POSITION).startsWith(Provenance.PREFIX);
  }

  @Test
  void restampingReplacesEarlierProvenanceInsteadOfStackingIt() {
    Record fromFirstMigration = stamp(record("old", Position.of(1, 1), Headers.EMPTY));
    Record remigrated = stamp(record("new", Position.of(2, 2), fromFirstMigration.headers()));

    assertThat(remigrated.headers().size()).isEqualTo(2);
    assertThat(Provenance.partitionOf(remigrated)).contains(PartitionId.of("new"));
    assertThat(Provenance.positionOf(remigrated)).contains(Position.of(2, 2));
    assertThat(stamp(remigrated)).isEqualTo(remigrated);
  }

  @Test
  void unstampedRecordHasNoProvenance() {
    Record plain = record("p", Position.of(1), Headers.EMPTY);

    assertThat(Provenance.partitionOf(plain)).isEmpty();
    assertThat(Provenance.positionOf(plain)).isEmpty();
  }

  @Test
  void malformedProvenanceFailsNamingTheHeader() {
    String[] malformed = {
      "12", "1:", ":1", "-1:2", "1:+2", "1:2:3", "a:b", "1:9223372036854775808", "1:" + "9".repeat(20)
    };
    for (String bad : malformed) {
      Record record =
          record("p", Position.of(1), Headers.of(Header.ofUtf8(Provenance.POSITION, bad)));
      assertThatThrownBy(() -> Provenance.positionOf(record))
          .as("position text %s", bad)
          .isExactlyInstanceOf(MigrationException.class)
          .hasMessageContaining("malformed provenance header \"sm.position\"");
    }
    Headers invalidUtf8 = Headers.of(Header.of(Provenance.PARTITION, new byte[] {(byte) 0xff}));
    Record badName = record("p", Position.of(1), invalidUtf8);
    assertThatThrownBy(() -> Provenance.partitionOf(badName))
        .hasMessageContaining("\"sm.partition\"")
        .hasMessageContaining("not valid UTF-8");
  }
}
