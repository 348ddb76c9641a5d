package io.streammigration.bench.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The memory-bound run reports what its child JVM measured, and reports a child that ran out of
 * heap as a failure rather than as figures. 16 MiB of records, so each takes about a second.
 */
class MemoryBoundRunTest {

  private static final long RECORDS = 16_384;

  @Test
  void aChildThatCompletesReportsItsRateAndHeap() throws Exception {
    MemoryBoundRun.Outcome outcome = MemoryBoundRun.run(RECORDS, MemoryBoundRun.MAX_HEAP);

    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.figures()).containsEntry("records", Long.toString(RECORDS));
    assertThat(Long.parseLong(outcome.figures().get("maxLive"))).isPositive().isLessThan(256L << 20);
    assertThat(Long.parseLong(outcome.figures().get("sinkBytes"))).isGreaterThan(RECORDS * 1024);
    assertThat(MemoryBoundRun.section(outcome)).contains("| 16.4 k |").doesNotContain("FAILED");
  }

  @Test
  void aChildThatRunsOutOfHeapIsReportedAsFailed() throws Exception {
    // The engine alone may hold 10 batches of 1,000 records of 1 KiB: 8 MiB cannot do.
    MemoryBoundRun.Outcome outcome = MemoryBoundRun.run(RECORDS, "8m");

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(MemoryBoundRun.section(outcome)).contains("**FAILED**").contains("OutOfMemoryError");
  }
}
