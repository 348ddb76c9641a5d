package io.streammigration.testkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.verify.Gate;
import io.streammigration.core.verify.PartitionReport;
import io.streammigration.core.verify.VerificationReport;
import io.streammigration.core.verify.Verifier;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemorySource;
import io.streammigration.testkit.memory.StreamSpec;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Over random streams (1 to 5 partitions of 1 to 150 records, tombstones, empty values), any
 * single mutation of one record is detected: exact equality fails, in the mutated partition only,
 * with the first divergence where the records first differ; untouched streams always pass.
 */
class VerifierProperties {

  @Provide
  Arbitrary<StreamSpec> streams() {
    Arbitrary<int[]> counts =
        Arbitraries.integers().between(1, 150).array(int[].class).ofMinSize(1).ofMaxSize(5);
    return Combinators.combine(counts, Arbitraries.longs(), Arbitraries.integers().between(1, 5))
        .as(
            (c, seed, keysPerPartition) ->
                StreamSpec.builder()
                    .recordsPerPartition(c)
                    .keys(c.length * keysPerPartition)
                    .seed(seed)
                    .tombstoneRatio(0.1)
                    .valueSize(0, 12)
                    .build());
  }

  @Property(tries = 300)
  void everySingleMutationIsDetectedAtItsPartitionAndIndex(
      @ForAll("streams") StreamSpec spec,
      @ForAll Mutation mutation,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double partitionPoint,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double indexPoint) {
    GeneratedStream stream = spec.generate();
    PartitionId partition =
        stream.partitions().get((int) (partitionPoint * stream.partitions().size()));
    List<Record> records = stream.records(partition);
    int index = (int) (indexPoint * records.size());
    Assume.that(mutation.fits(records, index));

    List<Record> mutatedRecords = mutation.apply(records, index);

    VerificationReport report =
        VerifierTest.verify(
            stream.byPartition(),
            Destinations.merged(Destinations.with(stream.byPartition(), partition, mutatedRecords)),
            Gate.exactEquality());

    assertThat(report.passed()).as(report.summary()).isFalse();
    for (PartitionReport p : report.findings().partitions().values()) {
      assertThat(p.identical()).as(p.toString()).isEqualTo(!p.partition().equals(partition));
    }
    PartitionReport mutated = report.findings().partitions().get(partition);
    assertThat(mutated.firstDivergence().orElseThrow().index())
        .isEqualTo(firstDifference(records, mutatedRecords));
    boolean reorder = mutation == Mutation.SWAP_WITH_NEXT;
    assertThat(mutated.source().sameMultisetAs(mutated.destination())).isEqualTo(reorder);
    if (mutation == Mutation.DUPLICATE) {
      assertThat(mutated.equalIgnoringDuplicates()).isTrue();
    } else {
      assertThat(mutated.equalIgnoringDuplicates()).isFalse();
    }
  }

  /** Ground truth: the first index whose records differ in content, or where one list ends. */
  private static long firstDifference(List<Record> expected, List<Record> actual) {
    int i = 0;
    while (i < expected.size() && i < actual.size() && expected.get(i).sameContentAs(actual.get(i))) {
      i++;
    }
    return i;
  }

  @Property(tries = 50)
  void untouchedStreamsAlwaysPass(@ForAll("streams") StreamSpec spec) {
    GeneratedStream stream = spec.generate();

    VerificationReport report =
        VerifierTest.verify(
            stream.byPartition(),
            Destinations.merged(stream.byPartition()),
            Gate.exactEquality(),
            Gate.equalIgnoringDuplicates());

    assertThat(report.passed()).as(report.summary()).isTrue();
  }

  @Property(tries = 100)
  void atLeastOnceReplaysAlwaysPassTheDuplicatesGateAndAreCountedExactly(
      @ForAll("streams") StreamSpec spec,
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 60) Integer> advances,
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 60) Integer> rewinds,
      @ForAll @IntRange(min = 1, max = 64) int window) {
    GeneratedStream stream = spec.generate();
    PartitionId partition = stream.partitions().get(0);
    List<Record> records = stream.records(partition);
    // Deliver some records, crash, resume a little earlier, and again; then finish.
    List<Record> delivered = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < Math.min(advances.size(), rewinds.size()); i++) {
      int upTo = Math.min(records.size(), next + advances.get(i));
      delivered.addAll(records.subList(next, upTo));
      next = Math.max(0, upTo - rewinds.get(i));
    }
    delivered.addAll(records.subList(next, records.size()));

    VerificationReport report =
        Verifier.builder()
            .source(InMemorySource.bounded(stream.byPartition()))
            .destination(
                InMemorySource.bounded(
                    Destinations.merged(
                        Destinations.with(stream.byPartition(), partition, delivered))))
            .window(window)
            .gate(Gate.equalIgnoringDuplicates())
            .build()
            .verify();

    assertThat(report.passed()).as(report.summary()).isTrue();
    PartitionReport p = report.findings().partitions().get(partition);
    assertThat(p.duplicates()).isEqualTo(delivered.size() - records.size());
    assertThat(p.missing() + p.late() + p.unexpected()).isZero();
  }
}
