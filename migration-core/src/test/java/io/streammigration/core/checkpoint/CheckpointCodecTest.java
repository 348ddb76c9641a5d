package io.streammigration.core.checkpoint;

import io.streammigration.core.record.PositionSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CheckpointCodecTest {

  private static final String LOCATION = "/var/lib/migration/checkpoint-42.ckpt";

  @Provide
  Arbitrary<Checkpoint> checkpoints() {
    return Checkpoints.arbitrary(8, 64);
  }

  @Provide
  Arbitrary<Checkpoint> smallCheckpoints() {
    return Checkpoints.arbitrary(3, 16);
  }

  @Property(tries = 500)
  void decodeOfEncodeReturnsAnEqualCheckpoint(@ForAll("checkpoints") Checkpoint checkpoint) {
    Checkpoint decoded = CheckpointCodec.decode(CheckpointCodec.encode(checkpoint), LOCATION);

    assertThat(decoded).isEqualTo(checkpoint);
    assertThat(decoded.positions()).containsExactlyEntriesOf(checkpoint.positions());
    assertThat(decoded.guardState()).isEqualTo(checkpoint.guardState());
  }

  @Property(tries = 100)
  void everySingleBitFlipIsDetected(@ForAll("smallCheckpoints") Checkpoint checkpoint) {
    byte[] encoded = CheckpointCodec.encode(checkpoint);
    for (int bit = 0; bit < encoded.length * 8; bit++) {
      byte[] flipped = encoded.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      int flippedBit = bit;
      assertThatThrownBy(() -> CheckpointCodec.decode(flipped, LOCATION))
          .as("bit %d of %d", flippedBit, encoded.length * 8)
          .isInstanceOf(CheckpointCorruptionException.class);
    }
  }

  @Property(tries = 200)
  void everyTruncationIsDetected(@ForAll("smallCheckpoints") Checkpoint checkpoint) {
    byte[] encoded = CheckpointCodec.encode(checkpoint);
    for (int length = 0; length < encoded.length; length++) {
      byte[] prefix = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> CheckpointCodec.decode(prefix, LOCATION))
          .as("prefix of %d of %d bytes", length, encoded.length)
          .isInstanceOf(CheckpointCorruptionException.class)
          .hasMessageMatching(".*(truncated|torn).*");
    }
  }

  @Property(tries = 100)
  void trailingBytesAreDetected(@ForAll("smallCheckpoints") Checkpoint checkpoint) {
    byte[] encoded = CheckpointCodec.encode(checkpoint);
    byte[] extended = Arrays.copyOf(encoded, encoded.length + 1);

    assertThatThrownBy(() -> CheckpointCodec.decode(extended, LOCATION))
        .isInstanceOf(CheckpointCorruptionException.class)
        .hasMessageContaining("length mismatch");
  }

  @Example
  void aWrongMagicIsReportedAsBadMagic() {
    byte[] encoded = CheckpointCodec.encode(Checkpoints.withId(1));
    ByteBuffer.wrap(encoded).putInt(0, 0x43415446);

    assertThatThrownBy(() -> CheckpointCodec.decode(encoded, LOCATION))
        .isInstanceOf(CheckpointCorruptionException.class)
        .hasMessageContaining("bad magic 0x43415446, expected 0x534D4350");
  }

  @Example
  void aNewerVersionWithAValidChecksumIsReportedAsUnknownVersion() {
    byte[] encoded = CheckpointCodec.encode(Checkpoints.withId(1));
    ByteBuffer.wrap(encoded).putShort(4, (short) 3);
    resealChecksum(encoded);

    assertThatThrownBy(() -> CheckpointCodec.decode(encoded, LOCATION))
        .isInstanceOf(CheckpointCorruptionException.class)
        .hasMessageContaining("unknown format version 3 (this release reads versions 1 to 2)");
  }

  @Example
  void aNewerVersionWithDifferentFramingIsReportedAsUnknownVersionNotAsATornWrite() {
    // A future format may not share today's length field or trailer.
    ByteBuffer future = ByteBuffer.allocate(40);
    future.putInt(CheckpointCodec.MAGIC).putShort((short) 3).putLong(7L);

    assertThatThrownBy(() -> CheckpointCodec.decode(future.array(), LOCATION))
        .isInstanceOf(CheckpointCorruptionException.class)
        .hasMessageContaining("unknown format version 3")
        .hasMessageNotContaining("torn");
  }

  @Example
  void theExceptionNamesTheLocationTheCallerPassed() {
    byte[] encoded = CheckpointCodec.encode(Checkpoints.withId(1));
    encoded[encoded.length / 2] ^= 0x10;

    CheckpointCorruptionException e =
        catchThrowableOfType(
            CheckpointCorruptionException.class,
            () -> CheckpointCodec.decode(encoded, "orders-checkpoints-0@1234"));

    assertThat(e.location()).isEqualTo("orders-checkpoints-0@1234");
    assertThat(e.getMessage()).startsWith("corrupt checkpoint orders-checkpoints-0@1234: ");
  }

  @Example
  void aChecksummedBodyWithAnImpossibleNameLengthIsCorruptionNotAnotherException() {
    ByteBuffer body = ByteBuffer.allocate(8 * 4 + 4 + 2);
    body.putLong(1).putLong(0).putLong(0).putLong(0).putInt(1).putShort((short) 0xFFFF);
    byte[] crafted = frame(body.array());

    assertThatThrownBy(() -> CheckpointCodec.decode(crafted, LOCATION))
        .isInstanceOf(CheckpointCorruptionException.class)
        .hasMessageContaining("malformed body");
  }

  @Example
  void aPartitionNameWithAnUnpairedSurrogateIsRejectedOnEncode() {
    // Lenient UTF-8 would write both names as "p?" and lose one partition's position on decode.
    Checkpoint checkpoint =
        Checkpoint.builder(1)
            .position(PartitionId.of("p\uD800"), Position.of(1))
            .position(PartitionId.of("p?"), Position.of(2))
            .build();

    assertThatThrownBy(() -> CheckpointCodec.encode(checkpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
  }

  @Example
  void createdAtBelowAMillisecondIsDroppedSoTheSavedCheckpointEqualsTheOneReadBack() {
    Checkpoint checkpoint =
        Checkpoint.builder(1).createdAt(Instant.parse("2026-11-28T19:15:46.123456789Z")).build();

    assertThat(checkpoint.createdAt()).isEqualTo(Instant.parse("2026-11-28T19:15:46.123Z"));
    assertThat(CheckpointCodec.decode(CheckpointCodec.encode(checkpoint), LOCATION))
        .isEqualTo(checkpoint);
  }

  /** Frames a version-1 body (no dead-letter count), the oldest layout this release reads. */
  private static byte[] frame(byte[] body) {
    ByteBuffer out = ByteBuffer.allocate(10 + body.length + 4);
    out.putInt(CheckpointCodec.MAGIC).putShort((short) 1).putInt(body.length);
    out.put(body);
    byte[] framed = out.array();
    resealChecksum(framed);
    return framed;
  }

  @Example
  void aVersionOneCheckpointIsStillReadWithNoDeadLetters() {
    ByteBuffer body = ByteBuffer.allocate(8 * 4 + 4 + 2 + 1 + PositionSerializer.V1_SIZE + 4 + 2);
    body.putLong(9).putLong(1_700_000_000_000L).putLong(120).putLong(4_000).putInt(1);
    body.putShort((short) 1).put((byte) 'p');
    PositionSerializer.write(Position.of(3, 77), body);
    body.putInt(2).put((byte) 5).put((byte) 6);

    Checkpoint decoded = CheckpointCodec.decode(frame(body.array()), LOCATION);

    assertThat(decoded.id()).isEqualTo(9);
    assertThat(decoded.records()).isEqualTo(120);
    assertThat(decoded.bytes()).isEqualTo(4_000);
    assertThat(decoded.deadLetters()).isZero();
    assertThat(decoded.position(PartitionId.of("p"))).contains(Position.of(3, 77));
    assertThat(decoded.guardState()).containsExactly(5, 6);
  }

  private static void resealChecksum(byte[] encoded) {
    CRC32C crc = new CRC32C();
    crc.update(encoded, 0, encoded.length - 4);
    ByteBuffer.wrap(encoded).putInt(encoded.length - 4, (int) crc.getValue());
  }
}
