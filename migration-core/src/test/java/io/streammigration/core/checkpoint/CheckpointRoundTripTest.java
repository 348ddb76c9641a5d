package io.streammigration.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckpointRoundTripTest {

  @Test
  void aCheckpointCreatedWithSubMillisecondTimeEqualsItsDecodedForm() {
    Checkpoint checkpoint =
        Checkpoint.builder(7)
            .createdAt(Instant.ofEpochSecond(1_700_000_000L, 123_456_789))
            .position(PartitionId.of("p0"), Position.of(41))
            .guardState(new byte[] {1, 2, 3})
            .records(42)
            .bytes(4200)
            .build();

    Checkpoint decoded = CheckpointCodec.decode(CheckpointCodec.encode(checkpoint), "test");

    assertThat(decoded).isEqualTo(checkpoint);
  }
}
