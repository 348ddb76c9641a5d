package io.streammigration.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SourceContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemorySourceTest {

  private static final SourceContext CONTEXT = new StandaloneSourceContext("test");
  private static final GeneratedStream STREAM = StreamSpec.builder().partitions(3, 40).build().generate();

  @Test
  void aPollWaitingOnALiveLogReturnsAsSoonAsAnotherThreadAppends() throws Exception {
    InMemoryLog log = new InMemoryLog();
    InMemorySource source = new InMemorySource(log);
    source.open(CONTEXT, Optional.empty());
    long start = System.nanoTime();
    CompletableFuture<List<Record>> poll =
        CompletableFuture.supplyAsync(() -> source.poll(10, Duration.ofSeconds(10)));
    Thread.sleep(50);
    log.append(STREAM.records(0).subList(0, 2));

    assertThat(poll.get(5, TimeUnit.SECONDS)).isEqualTo(STREAM.records(0).subList(0, 2));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aPollWithNothingToReadWaitsForTheTimeoutAndReturnsEmpty() {
    InMemorySource source = new InMemorySource(new InMemoryLog());
    source.open(CONTEXT, Optional.empty());
    long start = System.nanoTime();
    assertThat(source.poll(10, Duration.ofMillis(80))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    assertThat(source.isEndOfInput()).isFalse();
  }

  @Test
  void aLiveSourceEndsOnlyOnceTheLogIsSealedAndRead() {
    InMemoryLog log = InMemoryLog.openWith(STREAM.byPartition());
    InMemorySource source = new InMemorySource(log);
    source.open(CONTEXT, Optional.empty());
    assertThat(source.poll(1000, Duration.ZERO)).hasSize(120);
    assertThat(source.isEndOfInput()).isFalse();
    log.seal();
    assertThat(source.isEndOfInput()).isTrue();
    assertThat(source.poll(10, Duration.ofSeconds(10))).isEmpty();
    assertThatThrownBy(() -> log.append(STREAM.records(0).get(0))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pollsInterleavePartitionsAndRotateTheirStart() {
    InMemorySource source = new InMemorySource(InMemoryLog.sealedWith(STREAM), 4);
    source.open(CONTEXT, Optional.empty());
    List<Record> first = source.poll(12, Duration.ZERO);
    List<Record> second = source.poll(12, Duration.ZERO);
    assertThat(first).extracting(Record::partition).containsSubsequence(p(0), p(1), p(2));
    assertThat(first.subList(0, 4)).extracting(Record::partition).containsOnly(p(0));
    assertThat(second.get(0).partition()).isEqualTo(p(1));
  }

  @Test
  void aResumePositionAheadOfALiveLogIsHonouredWhenTheLogCatchesUp() {
    InMemoryLog log = new InMemoryLog();
    log.append(STREAM.records(0).subList(0, 5));
    InMemorySource source = new InMemorySource(log);
    Checkpoint checkpoint = Checkpoint.builder(1).position(p(0), Position.of(9)).build();
    source.open(CONTEXT, Optional.of(checkpoint));
    assertThat(source.poll(100, Duration.ZERO)).isEmpty();
    log.append(STREAM.records(0).subList(5, 15));
    assertThat(source.poll(100, Duration.ZERO)).isEqualTo(STREAM.records(0).subList(10, 15));
  }

  @Test
  void theSourceRemembersWhatTheEngineToldIt() {
    InMemorySource source = InMemorySource.bounded(STREAM);
    Checkpoint resume = STREAM.checkpointCovering(1, 1, 2, 3);
    source.open(CONTEXT, Optional.of(resume));
    Checkpoint acked = STREAM.checkpointCovering(2, 5, 5, 5);
    source.onCheckpointCommitted(acked);
    assertThat(source.resumedFrom()).contains(resume);
    assertThat(source.acknowledged()).containsExactly(acked);
  }

  @Test
  void logRejectsPositionsThatDoNotIncreaseAndTracksDensity() {
    InMemoryLog log = new InMemoryLog();
    Record r0 = STREAM.records(0).get(0);
    log.append(r0);
    assertThatThrownBy(() -> log.append(r0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(log.isDense()).isTrue();
    log.append(new Record(null, null, r0.headers(), 1, r0.partition(), Position.of(5)));
    assertThat(log.isDense()).isFalse();
    assertThat(new InMemorySource(log).positionsAreDense()).isFalse();
  }

  @Test
  void callsOutsideTheLifecycleAreRejected() {
    InMemorySource source = InMemorySource.bounded(STREAM);
    assertThatThrownBy(() -> source.poll(1, Duration.ZERO)).hasMessageContaining("before open");
    source.open(CONTEXT, Optional.empty());
    assertThatThrownBy(() -> source.open(CONTEXT, Optional.empty())).isInstanceOf(IllegalStateException.class);
    source.close();
    source.close();
    assertThatThrownBy(() -> source.poll(1, Duration.ZERO)).hasMessageContaining("after close");
  }

  private static PartitionId p(int i) {
    return GeneratedStream.partition(i);
  }
}
