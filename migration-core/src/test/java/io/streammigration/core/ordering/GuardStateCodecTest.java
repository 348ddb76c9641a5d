package io.streammigration.core.ordering;

import static io.streammigration.core.ordering.GuardFixture.at;
import static io.streammigration.core.ordering.GuardFixture.keyed;
import static io.streammigration.core.ordering.GuardFixture.withBinarySequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.OrderingViolationException;
import io.streammigration.core.ordering.GuardFixture.RecordingContext;
import io.streammigration.core.spi.OrderingGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GuardStateCodecTest {

  private final RecordingContext context = new RecordingContext(false);

  @Test
  void perPartitionPositionFormatIsStable() {
    OrderingGuard guard = Ordering.perPartition().create(context);
    guard.admit(at("b", 2, 9));
    guard.admit(at("a", 0, 5));

    // version 1, per partition, positions, 2 partitions: "a" 0:5, "b" 2:9 (sorted by name)
    assertThat(HexFormat.of().formatHex(guard.snapshot()))
        .isEqualTo(
            "010101" + "00000002"
                + "00000001" + "61" + "0000000000000000" + "0000000000000005"
                + "00000001" + "62" + "0000000000000002" + "0000000000000009");
  }

  @Test
  void perKeyHeaderFormatPutsNullKeyFirstThenKeysUnsigned() {
    OrderingGuard guard = Ordering.perKey().sequenceFromHeader("seq").create(context);
    guard.admit(withBinarySequence(keyed("p", "\u00ff", 0, 1), 7));
    guard.admit(withBinarySequence(keyed("p", "a", 0, 2), 8));
    guard.admit(withBinarySequence(keyed("p", null, 0, 3), 9));

    ByteBuffer in = ByteBuffer.wrap(guard.snapshot());
    assertThat(new byte[] {in.get(), in.get(), in.get()}).containsExactly(1, 2, 2);
    assertThat(in.getInt()).isEqualTo(1);
    assertThat(in.getInt()).isEqualTo(1);
    assertThat(in.get()).isEqualTo((byte) 'p');
    assertThat(in.get()).as("null key present").isEqualTo((byte) 1);
    assertThat(in.getLong()).isEqualTo(9);
    assertThat(in.getInt()).as("key count").isEqualTo(2);
    assertThat(in.getInt()).isEqualTo(1);
    assertThat(in.get()).isEqualTo((byte) 'a');
    assertThat(in.getLong()).isEqualTo(8);
    assertThat(in.getInt()).isEqualTo(2); // U+00FF is two bytes in UTF-8, both >= 0x80
    in.getShort();
    assertThat(in.getLong()).isEqualTo(7);
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void emptyStateMeansFreshStart() {
    OrderingGuard guard = Ordering.perPartition().create(context);
    guard.admit(at("p", 9));
    guard.restore(new byte[0]);

    assertThat(guard.admit(at("p", 1))).isTrue();
  }

  @Test
  void restoredStateStillCatchesReplays() {
    OrderingGuard first = Ordering.perKey().create(context);
    first.admit(keyed("p", "k", 0, 10));
    OrderingGuard second = Ordering.perKey().create(context);
    second.restore(first.snapshot());

    assertThatThrownBy(() -> second.admit(keyed("p", "k", 0, 10)))
        .isInstanceOf(OrderingViolationException.class);
    assertThat(second.admit(keyed("p", "other", 0, 3))).isTrue();
  }

  @Test
  void garbageIsRejectedAsCorruptGuardState() {
    OrderingGuard guard = Ordering.perPartition().create(context);

    assertThatThrownBy(() -> guard.restore("hello, world".getBytes(StandardCharsets.US_ASCII)))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessageContaining("corrupt ordering guard state (12 bytes)")
        .hasMessageContaining("unknown format version 104");
  }

  @Test
  void impossibleLengthIsRejectedWithoutAllocatingIt() {
    byte[] state = {1, 1, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    assertThatThrownBy(() -> Ordering.perPartition().create(context).restore(state))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessageContaining("impossible length 2147483647");
  }

  @Test
  void trailingBytesAreRejected() {
    OrderingGuard guard = Ordering.perPartition().create(context);
    guard.admit(at("p", 3));
    byte[] state = Arrays.copyOf(guard.snapshot(), guard.snapshot().length + 1);

    assertThatThrownBy(() -> guard.restore(state)).hasMessageContaining("1 trailing bytes");
  }

  @Test
  void negativePositionIsRejected() {
    OrderingGuard guard = Ordering.perPartition().create(context);
    guard.admit(at("p", 3));
    byte[] state = guard.snapshot();
    state[state.length - 1] = (byte) 0xff;
    state[state.length - 8] = (byte) 0xff;

    assertThatThrownBy(() -> guard.restore(state)).hasMessageContaining("negative position");
  }

  @Test
  void stateFromAnotherConfigurationIsRefusedNamingBoth() {
    OrderingGuard perKey = Ordering.perKey().sequenceFromHeader("seq").create(context);
    perKey.admit(withBinarySequence(keyed("p", "k", 0, 1), 1));

    assertThatThrownBy(() -> Ordering.perPartition().create(context).restore(perKey.snapshot()))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessageContaining("written for per-key ordering with header sequences")
        .hasMessageContaining(
            "this migration checks per-partition ordering with position sequences");
  }

  @Test
  void binaryAndTextHeadersShareState() {
    OrderingGuard binary = Ordering.perPartition().sequenceFromHeader("seq").create(context);
    binary.admit(withBinarySequence(at("p", 1), 41));
    OrderingGuard text = Ordering.perPartition().sequenceFromTextHeader("seq").create(context);
    text.restore(binary.snapshot());

    assertThat(text.admit(GuardFixture.withTextSequence(at("p", 2), 42))).isTrue();
  }
}
