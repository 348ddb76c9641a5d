package io.streammigration.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.CutoverResult;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemoryLog;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's cutover example, against a live in-memory stream, loses and leaves nothing. */
@Timeout(60)
class ReadmeCutoverExampleTest {

  @Test
  void theReadmeCutoverSwitchesWritersDrainsAndHandsConsumersTheExactEnd() throws Exception {
    GeneratedStream stream = StreamSpec.builder().partitions(2, 20_000).keys(10).build().generate();
    InMemoryLog log = InMemoryLog.openWith(Map.of());
    InMemoryDestination destination = new InMemoryDestination();
    ExecutorService executor = Executors.newCachedThreadPool();
    AtomicBoolean writingToOld = new AtomicBoolean(true);
    AtomicReference<String> consumersOn = new AtomicReference<>();
    AtomicReference<Checkpoint> handedEnd = new AtomicReference<>();
    try {
      CompletableFuture<Void> service =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; writingToOld.get() && i < 20_000; i++) {
                  for (PartitionId p : stream.partitions()) {
                    log.append(stream.records(p).get(i));
                  }
                }
              },
              executor);
      Migration migration =
          Migration.builder()
              .source(new InMemorySource(log))
              .sink(destination.newTransactionalSink())
              .build();

      CutoverResult result =
          ReadmeCutoverExample.cutOver(
              migration,
              executor,
              newStream -> {
                writingToOld.set(false);
                service.join();
              },
              (newStream, end) -> {
                consumersOn.set(newStream);
                handedEnd.set(end);
              });

      assertThat(result.completed()).isTrue();
      assertThat(consumersOn).hasValue("orders-v2");
      assertThat(result.end()).contains(handedEnd.get());
      Map<PartitionId, List<Record>> oldStream = log.snapshot();
      assertThat(destination.committedRecords()).isEqualTo(oldStream);
      oldStream.forEach(
          (p, records) ->
              assertThat(handedEnd.get().position(p)).contains(records.get(records.size() - 1).position()));
    } finally {
      executor.shutdownNow();
    }
  }
}
