package io.streammigration.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PositionTest {

  @Property(tries = 300)
  void serializedPositionsReadBackEqual(
      @ForAll @LongRange(min = 0) long segment, @ForAll @LongRange(min = 0) long offset) {
    Position position = Position.of(segment, offset);
    assertThat(PositionSerializer.fromBytes(PositionSerializer.toBytes(position))).isEqualTo(position);
  }

  @Property(tries = 300)
  void orderIsBySegmentThenOffset(
      @ForAll @LongRange(min = 0, max = 5) long s1,
      @ForAll @LongRange(min = 0, max = 5) long o1,
      @ForAll @LongRange(min = 0, max = 5) long s2,
      @ForAll @LongRange(min = 0, max = 5) long o2) {
    int expected = s1 != s2 ? Long.compare(s1, s2) : Long.compare(o1, o2);
    assertThat(Integer.signum(Position.of(s1, o1).compareTo(Position.of(s2, o2))))
        .isEqualTo(Integer.signum(expected));
  }

  @Test
  void aNewerSerializerVersionIsRejectedRatherThanMisread() {
    byte[] bytes = PositionSerializer.toBytes(Position.of(1, 2));
    bytes[0] = 2;
    assertThatThrownBy(() -> PositionSerializer.fromBytes(bytes))
        .hasMessageContaining("unknown position format version 2");
  }

  @Test
  void negativeCoordinatesAreRejected() {
    assertThatThrownBy(() -> Position.of(-1, 0)).hasMessageContaining("segment");
    assertThatThrownBy(() -> Position.of(0, -1)).hasMessageContaining("offset");
  }

  @Test
  void readableFormOmitsSegmentZero() {
    assertThat(Position.of(42)).hasToString("42");
    assertThat(Position.of(3, 42)).hasToString("3:42");
  }
}
