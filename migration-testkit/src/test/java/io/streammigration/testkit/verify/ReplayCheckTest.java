package io.streammigration.testkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.verify.RangeDigest;
import io.streammigration.core.verify.ReadRange;
import io.streammigration.core.verify.ReadStop;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryLog;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Re-reading a checkpointed range must give the same digests: the resume contract, observed. */
class ReplayCheckTest {

  private static final GeneratedStream STREAM =
      StreamSpec.builder().partitions(3, 300).build().generate();
  private static final Checkpoint A = STREAM.checkpointCovering(1, 50, 0, 120);
  private static final Checkpoint B = STREAM.checkpointCovering(2, 200, 150, 120);
  private static final Duration IDLE = Duration.ofSeconds(5);

  @Test
  void rereadingACheckpointedRangeGivesTheSameDigests() {
    InMemoryLog log = InMemoryLog.sealedWith(STREAM);

    RangeDigest first = RangeDigest.read(new InMemorySource(log, 7), ReadRange.between(A, B), IDLE);
    RangeDigest second =
        RangeDigest.read(new InMemorySource(log, 31), ReadRange.between(A, B), IDLE);

    assertThat(second).isEqualTo(first);
    assertThat(first.stop()).isEqualTo(ReadStop.RANGE_END);
    assertThat(first.partitions().get(GeneratedStream.partition(0)).count()).isEqualTo(150);
    assertThat(first.partitions().get(GeneratedStream.partition(1)).count()).isEqualTo(150);
    // Partition p2's range is empty (A and B agree on it), so it is not even polled for.
    assertThat(first.partitions()).doesNotContainKey(GeneratedStream.partition(2));
  }

  @Test
  void aLiveSourceIsReadUpToTheEndCheckpointWithoutWaitingForMore() {
    InMemoryLog live = InMemoryLog.openWith(STREAM.byPartition());

    RangeDigest digest =
        RangeDigest.read(new InMemorySource(live), ReadRange.between(A, B), Duration.ofMinutes(5));

    assertThat(digest.stop()).isEqualTo(ReadStop.RANGE_END);
    assertThat(digest)
        .isEqualTo(RangeDigest.read(InMemorySource.bounded(STREAM), ReadRange.between(A, B), IDLE));
  }

  @Test
  void anotherRangeOrASourceIgnoringTheCheckpointGivesOtherDigests() {
    InMemoryLog log = InMemoryLog.sealedWith(STREAM);
    RangeDigest expected = RangeDigest.read(new InMemorySource(log), ReadRange.between(A, B), IDLE);

    RangeDigest shifted =
        RangeDigest.read(
            new InMemorySource(log),
            ReadRange.between(STREAM.checkpointCovering(3, 51, 0, 120), B),
            IDLE);
    RangeDigest ignoringResume =
        RangeDigest.read(new IgnoresResume(new InMemorySource(log)), ReadRange.between(A, B), IDLE);

    assertThat(shifted.partitions().get(GeneratedStream.partition(0)))
        .isNotEqualTo(expected.partitions().get(GeneratedStream.partition(0)));
    assertThat(ignoringResume.partitions().get(GeneratedStream.partition(0)).count())
        .isEqualTo(200);
    assertThat(ignoringResume).isNotEqualTo(expected);
  }

  /** A flawed source that always starts from the beginning. */
  private record IgnoresResume(Source delegate) implements Source {
    @Override
    public void open(SourceContext context, Optional<Checkpoint> resumeFrom) {
      delegate.open(context, Optional.empty());
    }

    @Override
    public List<Record> poll(int maxRecords, Duration timeout) {
      return delegate.poll(maxRecords, timeout);
    }

    @Override
    public boolean isEndOfInput() {
      return delegate.isEndOfInput();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
