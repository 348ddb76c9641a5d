package io.streammigration.testkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.verify.Gate;
import io.streammigration.core.verify.PartitionReport;
import io.streammigration.core.verify.ReadStop;
import io.streammigration.core.verify.VerificationReport;
import io.streammigration.core.verify.Verifier;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryLog;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the verifier behaves at its memory limits, on live sources and on foreign records. */
class VerifierLimitsTest {

  private static final GeneratedStream STREAM =
      StreamSpec.builder().partitions(2, 300).keys(10).build().generate();
  private static final PartitionId P0 = GeneratedStream.partition(0);
  private static final PartitionId P1 = GeneratedStream.partition(1);

  @Test
  void sidesTooFarApartGiveUpAlignmentButKeepExactDigests() {
    // The source sends all of p0 first, the destination all of p1 first: each side is ahead in a
    // different partition, more than maxPending allows.
    List<Record> sourceOrder = new ArrayList<>(STREAM.records(P0));
    sourceOrder.addAll(STREAM.records(P1));
    List<Record> destinationOrder = new ArrayList<>();
    STREAM.records(P1).forEach(r -> destinationOrder.add(Destinations.stamp(r)));
    STREAM.records(P0).forEach(r -> destinationOrder.add(Destinations.stamp(r)));

    VerificationReport report =
        Verifier.builder()
            .source(new ScriptedSource(sourceOrder))
            .destination(new ScriptedSource(renumbered(destinationOrder)))
            .batchSize(10)
            .window(8)
            .maxPending(40)
            .gate(Gate.exactEquality())
            .gate(Gate.equalIgnoringDuplicates())
            .build()
            .verify();

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.findings().partitions().values()).anyMatch(p -> !p.aligned());
    assertThat(report.findings().partitions().values()).allMatch(PartitionReport::identical);
    assertThat(report.summary()).contains("identical");
  }

  @Test
  void unalignedPartitionsWithDifferencesFailTheDuplicatesGate() {
    List<Record> sourceOrder = new ArrayList<>(STREAM.records(P0));
    sourceOrder.addAll(STREAM.records(P1));
    List<Record> destinationOrder = new ArrayList<>();
    STREAM.records(P1).forEach(r -> destinationOrder.add(Destinations.stamp(r)));
    List<Record> p0 = new ArrayList<>(STREAM.records(P0));
    p0.add(p0.get(p0.size() - 1)); // a harmless trailing replay, unprovable without alignment
    p0.forEach(r -> destinationOrder.add(Destinations.stamp(r)));

    VerificationReport report =
        Verifier.builder()
            .source(new ScriptedSource(sourceOrder))
            .destination(new ScriptedSource(renumbered(destinationOrder)))
            .batchSize(10)
            .window(8)
            .maxPending(40)
            .gate(Gate.equalIgnoringDuplicates())
            .build()
            .verify();

    PartitionReport p0Report = report.findings().partitions().get(P0);
    assertThat(p0Report.aligned()).isFalse();
    assertThat(p0Report.equalIgnoringDuplicates()).isFalse();
    assertThat(report.passed()).isFalse();
    assertThat(report.gates().get(0).reason()).contains("alignment given up");
  }

  @Test
  void liveSourcesStopAfterTheIdleTimeout() {
    InMemoryLog source = InMemoryLog.openWith(STREAM.byPartition());
    InMemoryLog destination = InMemoryLog.openWith(Destinations.merged(STREAM.byPartition()));

    VerificationReport report =
        Verifier.builder()
            .source(new InMemorySource(source))
            .destination(new InMemorySource(destination))
            .pollTimeout(Duration.ofMillis(10))
            .idleTimeout(Duration.ofMillis(100))
            .build()
            .verify();

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.findings().sourceStop()).isEqualTo(ReadStop.IDLE);
    assertThat(report.findings().destinationStop()).isEqualTo(ReadStop.IDLE);
    assertThat(report.findings().sourceRecords()).isEqualTo(600);
  }

  @Test
  void aForeignRecordIsUnexpectedAndNothingIsMissing() {
    List<Record> p1 = new ArrayList<>(STREAM.records(P1));
    Record template = p1.get(100);
    p1.add(100, template.withHeaders(Headers.of(Header.ofUtf8("foreign", "yes"))));

    VerificationReport report =
        VerifierTest.verify(
            STREAM.byPartition(),
            Destinations.merged(Destinations.with(STREAM.byPartition(), P1, p1)),
            Gate.exactEquality(),
            Gate.equalIgnoringDuplicates());

    PartitionReport p1Report = report.findings().partitions().get(P1);
    assertThat(p1Report.unexpected()).isEqualTo(1);
    assertThat(p1Report.missing()).isZero();
    assertThat(p1Report.firstDivergence().orElseThrow().index()).isEqualTo(100);
    assertThat(report.gates()).noneMatch(g -> g.passed());
  }

  private static List<Record> renumbered(List<Record> records) {
    List<Record> out = new ArrayList<>();
    for (Record r : records) {
      out.add(
          new Record(
              r.key(), r.value(), r.headers(), r.timestamp(), Destinations.OUT,
              Position.of(out.size())));
    }
    return out;
  }
}
