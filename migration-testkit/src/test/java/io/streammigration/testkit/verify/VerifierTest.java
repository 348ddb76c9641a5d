package io.streammigration.testkit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.verify.Divergence;
import io.streammigration.core.verify.ErrorCounts;
import io.streammigration.core.verify.Gate;
import io.streammigration.core.verify.GateResult;
import io.streammigration.core.verify.PartitionMapping;
import io.streammigration.core.verify.PartitionReport;
import io.streammigration.core.verify.ReadRange;
import io.streammigration.core.verify.ReadStop;
import io.streammigration.core.verify.VerificationReport;
import io.streammigration.core.verify.Verifier;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VerifierTest {

  private static final GeneratedStream STREAM =
      StreamSpec.builder().partitions(3, 200).keys(30).tombstoneRatio(0.1).build().generate();
  private static final PartitionId P1 = GeneratedStream.partition(1);

  static VerificationReport verify(
      Map<PartitionId, ? extends List<Record>> source,
      Map<PartitionId, ? extends List<Record>> destination,
      Gate... gates) {
    Verifier.Builder b =
        Verifier.builder()
            .source(InMemorySource.bounded(source))
            .destination(InMemorySource.bounded(destination));
    for (Gate g : gates) {
      b.gate(g);
    }
    return b.build().verify();
  }

  private static VerificationReport verifyMutated(Mutation mutation, int index) {
    List<Record> mutated = mutation.apply(STREAM.records(P1), index);
    return verify(
        STREAM.byPartition(),
        Destinations.merged(Destinations.with(STREAM.byPartition(), P1, mutated)),
        Gate.exactEquality(),
        Gate.equalIgnoringDuplicates());
  }

  @Test
  void identicalStreamsPassEveryGate() {
    VerificationReport report =
        verify(
            STREAM.byPartition(),
            Destinations.merged(STREAM.byPartition()),
            Gate.exactEquality(),
            Gate.equalIgnoringDuplicates(),
            Gate.maxP99Latency(Duration.ofMillis(1)));

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.findings().partitions()).containsOnlyKeys(STREAM.partitions());
    for (PartitionReport p : report.findings().partitions().values()) {
      assertThat(p.source().count()).isEqualTo(200);
      assertThat(p.destination()).isEqualTo(p.source());
      assertThat(p.firstDivergence()).isEmpty();
      assertThat(p.missing() + p.duplicates() + p.late() + p.unexpected()).isZero();
    }
    assertThat(report.findings().latency().count()).isEqualTo(600);
    assertThat(report.findings().latency().max()).isEqualTo(1);
    assertThat(report.findings().sourceStop()).isEqualTo(ReadStop.END_OF_INPUT);
  }

  @Test
  void aDroppedRecordFailsNamingItsPartitionAndPosition() {
    VerificationReport report = verifyMutated(Mutation.DROP, 57);

    assertThat(report.passed()).isFalse();
    assertThat(report.gates()).noneMatch(GateResult::passed);
    PartitionReport p1 = onlyFailing(report);
    assertThat(p1.missing()).isEqualTo(1);
    assertThat(p1.duplicates() + p1.late() + p1.unexpected()).isZero();
    Divergence d = p1.firstDivergence().orElseThrow();
    assertThat(d.index()).isEqualTo(57);
    assertThat(d.source().orElseThrow().position()).isEqualTo(Position.of(57));
    assertThat(d.source().orElseThrow().partition()).isEqualTo(P1);
    assertThat(d.destination().orElseThrow().partition()).isEqualTo(Destinations.OUT);
    assertThat(report.gates().get(0).reason()).contains("p1", "missing 1");
  }

  @Test
  void aDroppedLastRecordShowsTheDestinationEndingEarly() {
    VerificationReport report = verifyMutated(Mutation.DROP, 199);

    Divergence d = onlyFailing(report).firstDivergence().orElseThrow();
    assertThat(d.index()).isEqualTo(199);
    assertThat(d.source().orElseThrow().position()).isEqualTo(Position.of(199));
    assertThat(d.destination()).isEmpty();
  }

  @Test
  void aDuplicatedRecordFailsExactEqualityButIsARemovableDuplicate() {
    VerificationReport report = verifyMutated(Mutation.DUPLICATE, 80);

    assertThat(report.gates().get(0).passed()).isFalse();
    assertThat(report.gates().get(1).passed()).as(report.summary()).isTrue();
    PartitionReport p1 = onlyFailing(report);
    assertThat(p1.duplicates()).isEqualTo(1);
    assertThat(p1.missing()).isZero();
    assertThat(p1.destination().count()).isEqualTo(201);
    assertThat(p1.deduplicated()).isEqualTo(p1.source());
    Divergence d = p1.firstDivergence().orElseThrow();
    assertThat(d.index()).isEqualTo(81);
    assertThat(d.source().orElseThrow().position()).isEqualTo(Position.of(81));
  }

  @Test
  void aSwappedPairIsTheSameMultisetInAnotherOrderAndFailsBothGates() {
    VerificationReport report = verifyMutated(Mutation.SWAP_WITH_NEXT, 10);

    assertThat(report.gates()).noneMatch(GateResult::passed);
    PartitionReport p1 = onlyFailing(report);
    assertThat(p1.source().sameMultisetAs(p1.destination())).isTrue();
    assertThat(p1.late()).isEqualTo(1);
    assertThat(p1.missing()).isZero();
    Divergence d = p1.firstDivergence().orElseThrow();
    assertThat(d.index()).isEqualTo(10);
    assertThat(d.source().orElseThrow().position()).isEqualTo(Position.of(10));
    // The destination holds record 11 where the source holds record 10.
    assertThat(d.destination().orElseThrow().valuePrefix())
        .isEqualTo(hex(STREAM.records(P1).get(11).value()));
  }

  @Test
  void aChangedByteInValueKeyOrHeaderFailsAtThatRecord() {
    for (Mutation m :
        List.of(Mutation.FLIP_VALUE_BYTE, Mutation.FLIP_KEY_BYTE, Mutation.FLIP_HEADER_BYTE)) {
      int index = firstFitting(m, 120);
      VerificationReport report = verifyMutated(m, index);

      assertThat(report.gates()).as(m.name()).noneMatch(GateResult::passed);
      PartitionReport p1 = onlyFailing(report);
      assertThat(p1.unexpected()).as(m.name()).isEqualTo(1);
      assertThat(p1.missing()).as(m.name()).isEqualTo(1);
      assertThat(p1.source().sameMultisetAs(p1.destination())).as(m.name()).isFalse();
      Divergence d = p1.firstDivergence().orElseThrow();
      assertThat(d.index()).as(m.name()).isEqualTo(index);
      assertThat(d.source().orElseThrow().position()).isEqualTo(Position.of(index));
    }
  }

  @Test
  void atLeastOnceReplaysPassTheDuplicatesGateButNotExactEquality() {
    // A crash after record 149 and a resume from the checkpoint after record 99 replays 100..149.
    List<Record> records = STREAM.records(P1);
    List<Record> replayed = new ArrayList<>(records.subList(0, 150));
    replayed.addAll(records.subList(100, 200));

    VerificationReport report =
        verify(
            STREAM.byPartition(),
            Destinations.merged(Destinations.with(STREAM.byPartition(), P1, replayed)),
            Gate.exactEquality(),
            Gate.equalIgnoringDuplicates());

    assertThat(report.gates().get(0).passed()).isFalse();
    assertThat(report.gates().get(1).passed()).as(report.summary()).isTrue();
    PartitionReport p1 = report.findings().partitions().get(P1);
    assertThat(p1.duplicates()).isEqualTo(50);
    assertThat(p1.duplicatesByPositionOnly()).isZero();
    assertThat(p1.equalIgnoringDuplicates()).isTrue();
  }

  @Test
  void replaysLongerThanTheWindowAreRecognisedByProvenancePosition() {
    List<Record> records = STREAM.records(P1);
    List<Record> replayed = new ArrayList<>(records.subList(0, 150));
    replayed.addAll(records.subList(20, 200));

    VerificationReport report =
        Verifier.builder()
            .source(InMemorySource.bounded(STREAM.byPartition()))
            .destination(
                InMemorySource.bounded(
                    Destinations.merged(Destinations.with(STREAM.byPartition(), P1, replayed))))
            .window(16)
            .gate(Gate.equalIgnoringDuplicates())
            .build()
            .verify();

    assertThat(report.passed()).as(report.summary()).isTrue();
    PartitionReport p1 = report.findings().partitions().get(P1);
    assertThat(p1.duplicates()).isEqualTo(130);
    assertThat(p1.duplicatesByPositionOnly()).isEqualTo(130 - 16);
  }

  @Test
  void recordsWithoutTimestampsHaveNoLatency() {
    // Text lines carry no timestamp (0): their latency is unknown, not 0 ms and not 56 years.
    Map<PartitionId, List<Record>> untimed = new java.util.LinkedHashMap<>();
    STREAM
        .byPartition()
        .forEach(
            (partition, records) ->
                untimed.put(
                    partition,
                    records.stream()
                        .map(
                            r ->
                                new Record(
                                    r.key(), r.value(), r.headers(), 0, r.partition(), r.position()))
                        .toList()));

    VerificationReport report =
        verify(untimed, Destinations.merged(untimed), Gate.exactEquality());

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.findings().latency().count()).isZero();
    assertThat(report.summary()).contains("no latency measured");
  }

  @Test
  void latencyGateComparesTheP99OfArrivalMinusSourceTimestamp() {
    // 2% of records arrive 500 ms late: p50 stays at 5 ms, p99 is 500 ms.
    Map<PartitionId, List<Record>> destination =
        Destinations.merged(
            STREAM.byPartition(),
            r -> r.timestamp() + (r.position().offset() % 50 == 0 ? 500 : 5));

    VerificationReport strict =
        verify(STREAM.byPartition(), destination, Gate.maxP99Latency(Duration.ofMillis(100)));
    VerificationReport lenient =
        verify(STREAM.byPartition(), destination, Gate.maxP99Latency(Duration.ofMillis(500)));

    assertThat(strict.passed()).isFalse();
    assertThat(strict.gates().get(0).reason()).contains("p99 500 ms > 100 ms");
    assertThat(lenient.passed()).isTrue();
    assertThat(strict.findings().latency().p50()).isEqualTo(5);
    assertThat(strict.findings().latency().p90()).isEqualTo(5);
    assertThat(strict.findings().latency().max()).isEqualTo(500);
  }

  @Test
  void aCallerSuppliedArrivalTimeDefinesLatency() {
    VerificationReport report =
        Verifier.builder()
            .source(InMemorySource.bounded(STREAM.byPartition()))
            .destination(InMemorySource.bounded(Destinations.merged(STREAM.byPartition())))
            .arrivalTime(r -> r.timestamp() + 41)
            .build()
            .verify();

    assertThat(report.findings().latency().p50()).isEqualTo(42);
  }

  @Test
  void errorRatioGateUsesTheSuppliedCounts() {
    Verifier.Builder base =
        Verifier.builder().gate(Gate.exactEquality()).gate(Gate.maxErrorRatio(0.01));

    VerificationReport within =
        base.source(InMemorySource.bounded(STREAM.byPartition()))
            .destination(InMemorySource.bounded(Destinations.merged(STREAM.byPartition())))
            .errorCounts(new ErrorCounts(600, 3, 3))
            .build()
            .verify();
    VerificationReport over =
        base.source(InMemorySource.bounded(STREAM.byPartition()))
            .destination(InMemorySource.bounded(Destinations.merged(STREAM.byPartition())))
            .errorCounts(new ErrorCounts(600, 4, 3))
            .build()
            .verify();
    VerificationReport unknown =
        Verifier.builder()
            .gate(Gate.maxErrorRatio(0.01))
            .source(InMemorySource.bounded(STREAM.byPartition()))
            .destination(InMemorySource.bounded(Destinations.merged(STREAM.byPartition())))
            .build()
            .verify();

    assertThat(within.passed()).as(within.summary()).isTrue();
    assertThat(over.passed()).isFalse();
    assertThat(over.gates().get(1).reason()).contains("4 errors + 3 dead letters of 600");
    assertThat(unknown.passed()).isFalse();
    assertThat(unknown.gates().get(0).reason()).contains("no error counts");
  }

  @Test
  void sameNamedPartitionsWithoutProvenanceAreComparedByName() {
    VerificationReport report =
        Verifier.builder()
            .source(InMemorySource.bounded(STREAM.byPartition()))
            .destination(InMemorySource.bounded(STREAM.byPartition()))
            .partitionMapping(PartitionMapping.sameName())
            .build()
            .verify();

    assertThat(report.passed()).isTrue();
    assertThat(report.findings().destinationRecords()).isEqualTo(600);
  }

  @Test
  void aPartitionMissingFromTheDestinationFails() {
    Map<PartitionId, List<Record>> withoutP1 = Destinations.with(STREAM.byPartition(), P1, List.of());

    VerificationReport report = verify(STREAM.byPartition(), Destinations.merged(withoutP1));

    PartitionReport p1 = onlyFailing(report);
    assertThat(p1.missing()).isEqualTo(200);
    assertThat(p1.firstDivergence().orElseThrow().index()).isZero();
  }

  @Test
  void aBoundedRangeIgnoresDestinationRecordsBeyondIt() {
    Checkpoint from = STREAM.checkpointCovering(1, 10, 0, 50);
    Checkpoint upTo = STREAM.checkpointCovering(2, 100, 120, 50);

    VerificationReport report =
        Verifier.builder()
            .source(InMemorySource.bounded(STREAM.byPartition()))
            .sourceRange(ReadRange.between(from, upTo))
            .destination(InMemorySource.bounded(Destinations.merged(STREAM.byPartition())))
            .build()
            .verify();

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.findings().partitions().get(GeneratedStream.partition(0)).source().count())
        .isEqualTo(90);
    assertThat(report.findings().partitions().get(P1).source().count()).isEqualTo(120);
    assertThat(report.findings().partitions().get(GeneratedStream.partition(2)).source().count())
        .isZero();
    assertThat(report.findings().sourceRecords()).isEqualTo(210);
    assertThat(report.findings().partitions().get(P1).outOfRange()).isEqualTo(80);
  }

  @Test
  void recordsWithoutProvenanceAfterABoundedRangeAreOutsideIt() {
    // After a cutover the switched writers append to the destination themselves: their records
    // carry no provenance and must not fail a verification up to the drained checkpoint.
    Checkpoint upTo = STREAM.checkpointCovering(2, 100, 120, 50);
    // "out": every source partition merged, as a Kafka or framed destination would hold them.
    Map<PartitionId, List<Record>> merged = Destinations.merged(STREAM.byPartition());
    merged.put(Destinations.OUT, withNewWriterRecord(merged.get(Destinations.OUT)));
    // Same names as the source: after each partition's last record in the range.
    Map<PartitionId, List<Record>> sameNames = new TreeMap<>();
    STREAM
        .byPartition()
        .forEach(
            (p, records) -> {
              List<Record> stamped = new ArrayList<>(records.stream().map(Destinations::stamp).toList());
              stamped.add(fromNewWriters(p));
              sameNames.put(p, renumbered(stamped));
            });

    for (Map<PartitionId, List<Record>> destination : List.of(merged, sameNames)) {
      VerificationReport bounded = verifyUpTo(upTo, destination);
      assertThat(bounded.passed()).as(bounded.summary()).isTrue();
    }
    VerificationReport whole = verify(STREAM.byPartition(), merged);
    assertThat(whole.passed()).as("without a range they are unexpected").isFalse();
  }

  @Test
  void aRecordWithoutProvenanceInsideABoundedRangeStillFails() {
    Checkpoint upTo = STREAM.checkpointCovering(2, 100, 120, 50);
    Map<PartitionId, List<Record>> destination = new TreeMap<>();
    STREAM
        .byPartition()
        .forEach(
            (p, records) ->
                destination.put(p, new ArrayList<>(records.stream().map(Destinations::stamp).toList())));
    destination.get(P1).add(10, fromNewWriters(P1)); // before P1's last record in the range
    destination.replaceAll((p, records) -> renumbered(records));

    VerificationReport report = verifyUpTo(upTo, destination);

    assertThat(report.passed()).isFalse();
    assertThat(report.findings().partitions().get(P1).unexpected()).isEqualTo(1);
  }

  /** A record a writer put into the destination itself: no provenance. */
  private static Record fromNewWriters(PartitionId partition) {
    return new Record(null, new byte[] {42}, Headers.EMPTY, 1, partition, Position.of(0));
  }

  private static List<Record> withNewWriterRecord(List<Record> records) {
    List<Record> more = new ArrayList<>(records);
    more.add(fromNewWriters(records.get(0).partition()));
    return renumbered(more);
  }

  /** The same records at destination positions 0, 1, 2...: a destination numbers its own. */
  private static List<Record> renumbered(List<Record> records) {
    List<Record> out = new ArrayList<>(records.size());
    for (Record r : records) {
      out.add(
          new Record(
              r.key(), r.value(), r.headers(), r.timestamp(), r.partition(), Position.of(out.size())));
    }
    return out;
  }

  private static VerificationReport verifyUpTo(
      Checkpoint upTo, Map<PartitionId, List<Record>> destination) {
    return Verifier.builder()
        .source(InMemorySource.bounded(STREAM.byPartition()))
        .sourceRange(ReadRange.upTo(upTo))
        .destination(InMemorySource.bounded(destination))
        .build()
        .verify();
  }

  @Test
  void invalidSettingsAreNamed() {
    assertThatThrownBy(() -> Verifier.builder().build())
        .isInstanceOf(MigrationConfigException.class)
        .extracting(e -> ((MigrationConfigException) e).setting())
        .isEqualTo("source");
    assertThatThrownBy(() -> Verifier.builder().window(0))
        .extracting(e -> ((MigrationConfigException) e).setting())
        .isEqualTo("window");
    assertThatThrownBy(() -> Verifier.builder().idleTimeout(Duration.ZERO))
        .extracting(e -> ((MigrationConfigException) e).setting())
        .isEqualTo("idleTimeout");
    assertThatThrownBy(() -> Gate.maxErrorRatio(1.5))
        .extracting(e -> ((MigrationConfigException) e).setting())
        .isEqualTo("maxErrorRatio");
    Checkpoint later = STREAM.checkpointCovering(2, 100, 100, 100);
    Checkpoint earlier = STREAM.checkpointCovering(1, 10, 10, 10);
    assertThatThrownBy(() -> ReadRange.between(later, earlier))
        .extracting(e -> ((MigrationConfigException) e).setting())
        .isEqualTo("range");
  }

  @Test
  void sourcesAreClosedAndVerifyRunsOnce() {
    InMemorySource source = InMemorySource.bounded(STREAM.byPartition());
    InMemorySource destination = InMemorySource.bounded(STREAM.byPartition());
    Verifier verifier = Verifier.builder().source(source).destination(destination).build();

    verifier.verify();

    assertThat(source.isClosed()).isTrue();
    assertThat(destination.isClosed()).isTrue();
    assertThatThrownBy(verifier::verify).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void jsonOutputNamesTheFailingPartition() {
    String json = verifyMutated(Mutation.DROP, 3).toJson();

    assertThat(json).startsWith("{\"passed\":false,").contains("\"partition\":\"p1\"", "\"missing\":1");
    assertThat(json.chars().filter(c -> c == '{').count())
        .isEqualTo(json.chars().filter(c -> c == '}').count());
  }

  static PartitionReport onlyFailing(VerificationReport report) {
    List<PartitionReport> failing =
        report.findings().partitions().values().stream()
            .filter(p -> !p.identical())
            .toList();
    assertThat(failing).as(report.summary()).hasSize(1);
    assertThat(failing.get(0).partition()).isEqualTo(P1);
    return failing.get(0);
  }

  private static int firstFitting(Mutation m, int from) {
    int i = from;
    while (!m.fits(STREAM.records(P1), i)) {
      i++;
    }
    return i;
  }

  static String hex(byte[] bytes) {
    if (bytes == null) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      s.append(String.format("%02x", bytes[i]));
    }
    return s.toString();
  }
}
