package io.streammigration.testkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.verify.Divergence;
import io.streammigration.core.verify.Gate;
import io.streammigration.core.verify.PartitionReport;
import io.streammigration.core.verify.VerificationReport;
import io.streammigration.core.verify.Verifier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Streams of millions of records, generated as they are read, so that keeping them would need
 * several hundred megabytes: the verifier must complete and get the answer right with digests,
 * counters and bounded windows only.
 */
class LargeStreamVerificationTest {

  private static final int PARTITIONS = 4;
  private static final long EACH = 500_000;
  private static final UnaryOperator<Record> AS_DESTINATION =
      r -> {
        Record stamped = Destinations.stamp(r);
        return new Record(
            stamped.key(), stamped.value(), stamped.headers(), r.timestamp() + 3,
            Destinations.OUT, r.position());
      };

  @Test
  void twoMillionIdenticalRecordsVerifyInBoundedMemory() {
    VerificationReport report =
        Verifier.builder()
            .source(new SyntheticSource(7, PARTITIONS, EACH, -1, UnaryOperator.identity()))
            .destination(new SyntheticSource(7, PARTITIONS, EACH, -1, AS_DESTINATION))
            .gate(Gate.exactEquality())
            .gate(Gate.equalIgnoringDuplicates())
            .build()
            .verify();

    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.findings().sourceRecords()).isEqualTo(PARTITIONS * EACH);
    assertThat(report.findings().latency().count()).isEqualTo(PARTITIONS * EACH);
    assertThat(report.findings().latency().p99()).isEqualTo(3);
  }

  @Test
  void oneLostRecordDeepInTheStreamIsFoundAtItsPosition() {
    long lost = 345_678;

    VerificationReport report =
        Verifier.builder()
            .source(new SyntheticSource(7, PARTITIONS, EACH, -1, UnaryOperator.identity()))
            .destination(new SyntheticSource(7, PARTITIONS, EACH, lost, AS_DESTINATION))
            .build()
            .verify();

    assertThat(report.passed()).isFalse();
    PartitionReport p0 = report.findings().partitions().get(SyntheticSource.partition(0));
    assertThat(p0.missing()).isEqualTo(1);
    assertThat(p0.destination().count()).isEqualTo(EACH - 1);
    Divergence d = p0.firstDivergence().orElseThrow();
    assertThat(d.index()).isEqualTo(lost);
    assertThat(d.source().orElseThrow().position()).isEqualTo(Position.of(lost));
    assertThat(report.findings().partitions().values().stream().filter(PartitionReport::identical))
        .hasSize(PARTITIONS - 1);
  }
}
