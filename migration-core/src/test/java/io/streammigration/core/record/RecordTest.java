package io.streammigration.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordTest {

  private static final PartitionId P = PartitionId.of("p");

  @Test
  void equalityIsByContentIncludingNullKeyAndTombstone() {
    Record a = new Record(null, null, Headers.EMPTY, 5, P, Position.of(1));
    Record b = new Record(null, null, Headers.EMPTY, 5, P, Position.of(1));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.isTombstone()).isTrue();
    assertThat(a.withValue(new byte[0])).isNotEqualTo(a);
  }

  @Test
  void sizeCountsKeyValueAndHeaders() {
    Record r =
        new Record(
            new byte[3],
            new byte[10],
            Headers.of(Header.of("ab", new byte[4])),
            0,
            P,
            Position.of(0));
    assertThat(r.sizeInBytes()).isEqualTo(3 + 10 + 2 + 4);
  }

  @Test
  void headersKeepOrderAndDuplicatesAndTheLastValueWins() {
    Headers headers =
        Headers.of(Header.ofUtf8("a", "1"), Header.ofUtf8("b", "2"), Header.ofUtf8("a", "3"));
    assertThat(headers.asList()).extracting(Header::name).containsExactly("a", "b", "a");
    assertThat(new String(headers.lastValue("a"))).isEqualTo("3");
    assertThat(headers.lastValue("missing")).isNull();
    assertThat(headers.replacing(Header.ofUtf8("a", "4")).asList())
        .extracting(Header::valueAsUtf8)
        .containsExactly("2", "4");
  }

  @Test
  void copiesKeepOriginAndTimestamp() {
    Record r = new Record(new byte[] {1}, new byte[] {2}, Headers.EMPTY, 7, P, Position.of(3, 4));
    Record copy = r.withKey(new byte[] {9}).withHeaders(Headers.of(Header.ofUtf8("h", "v")));
    assertThat(copy.partition()).isEqualTo(P);
    assertThat(copy.position()).isEqualTo(Position.of(3, 4));
    assertThat(copy.timestamp()).isEqualTo(7);
    assertThat(copy.value()).containsExactly(2);
  }
}
