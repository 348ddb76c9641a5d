package io.streammigration.testkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.verify.Drift;
import io.streammigration.core.verify.Gate;
import io.streammigration.core.verify.PartitionReport;
import io.streammigration.core.verify.VerificationReport;
import io.streammigration.core.verify.Verifier;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryLog;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Continuous verification of live sources: drift is reported while both sides keep growing, long
 * after an idle timeout would have ended a one-shot verification, and the final report covers
 * everything that arrived.
 */
class FollowModeTest {

  private static final GeneratedStream STREAM =
      StreamSpec.builder().partitions(2, 400).keys(10).build().generate();
  private static final PartitionId P0 = GeneratedStream.partition(0);

  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  @Test
  void aStopAskedForBeforeFollowingStartsIsKept() throws Exception {
    // Two open logs that never end: following them would never return by itself.
    Verifier verifier =
        Verifier.builder()
            .source(new InMemorySource(new InMemoryLog()))
            .destination(new InMemorySource(new InMemoryLog()))
            .pollTimeout(Duration.ofMillis(5))
            .idleTimeout(Duration.ofMillis(50))
            .build();
    verifier.stopFollowing(); // e.g. Ctrl-C arriving while the command was still setting up

    Future<VerificationReport> running = executor.submit(verifier::follow);

    assertThat(running.get(10, TimeUnit.SECONDS).passed()).isTrue();
  }

  @Test
  void driftIsReportedAsItHappensAndTheFinalReportCoversEverything() throws Exception {
    InMemoryLog source = new InMemoryLog();
    InMemoryLog destination = new InMemoryLog();
    List<Drift> drifts = new CopyOnWriteArrayList<>();
    Verifier verifier =
        Verifier.builder()
            .source(new InMemorySource(source))
            .destination(new InMemorySource(destination))
            .pollTimeout(Duration.ofMillis(5))
            .idleTimeout(Duration.ofMillis(50))
            .driftListener(drifts::add)
            .gate(Gate.equalIgnoringDuplicates())
            .build();
    Future<VerificationReport> running = executor.submit(verifier::follow);
    int destinationPosition = 0;

    // Phase 1: a clean stretch, then a pause far longer than the idle timeout.
    destinationPosition = deliver(source, destination, 0, 100, destinationPosition, -1, -1);
    Thread.sleep(300);
    assertThat(running).isNotDone();
    assertThat(drifts).isEmpty();

    // Phase 2: the destination loses p0@150 and replays p0@170.
    destinationPosition = deliver(source, destination, 100, 200, destinationPosition, 150, 170);
    awaitDrifts(drifts, 2);
    assertThat(drifts)
        .extracting(Drift::kind, d -> d.record().partition(), d -> d.record().position())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Drift.Kind.MISSING, P0, Position.of(150)),
            org.assertj.core.groups.Tuple.tuple(
                Drift.Kind.DUPLICATE, Destinations.OUT, drifts.get(1).record().position()));
    assertThat(drifts.get(1).partition()).isEqualTo(P0);

    // Phase 3: more clean records, then stop: the run catches up and reports.
    deliver(source, destination, 200, 400, destinationPosition, -1, -1);
    verifier.stopFollowing();
    VerificationReport report = running.get(30, TimeUnit.SECONDS);

    assertThat(report.findings().sourceRecords()).isEqualTo(800);
    PartitionReport p0 = report.findings().partitions().get(P0);
    assertThat(p0.missing()).isEqualTo(1);
    assertThat(p0.duplicates()).isEqualTo(1);
    assertThat(report.passed()).isFalse();
    assertThat(report.findings().partitions().get(GeneratedStream.partition(1)).identical())
        .isTrue();
    assertThat(drifts).hasSize(2);
  }

  /**
   * Appends records [from, to) of every partition to the source and, stamped and merged, to the
   * destination, dropping p0's record {@code lose} and repeating p0's record {@code replay}.
   */
  private static int deliver(
      InMemoryLog source,
      InMemoryLog destination,
      int from,
      int to,
      int destinationPosition,
      int lose,
      int replay) {
    for (PartitionId p : STREAM.partitions()) {
      List<Record> records = STREAM.records(p).subList(from, to);
      source.append(records);
      for (Record r : records) {
        boolean p0 = p.equals(P0);
        int copies = p0 && r.position().offset() == lose ? 0 : p0 && r.position().offset() == replay ? 2 : 1;
        for (int i = 0; i < copies; i++) {
          Record stamped = Destinations.stamp(r);
          destination.append(
              new Record(
                  stamped.key(), stamped.value(), stamped.headers(), r.timestamp() + 1,
                  Destinations.OUT, Position.of(destinationPosition++)));
        }
      }
    }
    return destinationPosition;
  }

  private static void awaitDrifts(List<Drift> drifts, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (drifts.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
