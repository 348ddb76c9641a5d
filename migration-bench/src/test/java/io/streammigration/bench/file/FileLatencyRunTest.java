package io.streammigration.bench.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.file.RecordFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file latency run paces at half the smaller of the bounded and the sustained maximum, measures
 * every record of every guarantee and format, at the commit and at the destination reader, and
 * writes one row each. A few hundred milliseconds of pacing per case,
 * no warm-up (about two seconds in all), so nothing here says anything about the figures themselves.
 */
class FileLatencyRunTest {

  @Test
  void everyRecordIsTimedAtItsCommitAndWhenReadBack() throws Exception {
    List<FileLatencyRun.Outcome> outcomes = FileLatencyRun.measure(0.2, 2_000, 0);

    assertThat(outcomes).hasSize(4);
    assertThat(outcomes).extracting(FileLatencyRun.Outcome::guarantee)
        .containsOnly(DeliveryGuarantee.EXACTLY_ONCE, DeliveryGuarantee.AT_LEAST_ONCE);
    assertThat(outcomes).extracting(FileLatencyRun.Outcome::format)
        .containsOnly(RecordFormat.values());
    assertThat(outcomes).allSatisfy(o -> {
      assertThat(o.sustainedRate()).isPositive();
      assertThat(o.rate()).isEqualTo(Math.min(o.maxRate(), o.sustainedRate()) / 2);
      assertThat(o.records()).isPositive();
      assertThat(o.committed().getTotalCount()).isEqualTo(o.records());
      assertThat(o.visible().getTotalCount()).isEqualTo(o.records());
    });
    String section = FileLatencyRun.section(outcomes, 0.2);
    assertThat(section.lines().filter(l -> l.startsWith("| EXACTLY_ONCE") || l.startsWith("| AT_LEAST_ONCE")))
        .hasSize(8);
  }
}
