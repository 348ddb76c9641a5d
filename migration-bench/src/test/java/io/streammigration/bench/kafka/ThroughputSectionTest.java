package io.streammigration.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.bench.kafka.KafkaRun.Measured;
import io.streammigration.core.engine.DeliveryGuarantee;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The targets are judged from the repetitions' ranges, never from one lucky repetition. */
class ThroughputSectionTest {

  @Test
  void exactlyOnceMeetsItsTargetOnlyWhenOursSlowestBeatsMirrorMakersFastestTwice() {
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.EXACTLY_ONCE), 100_000, 120_000);
    Measured mm2 = measured(new MirrorMaker2(DeliveryGuarantee.EXACTLY_ONCE, "", Path.of(".")), 40_000, 50_000);

    assertThat(ThroughputSection.judge(List.of(ours, mm2)).get(0)).startsWith("MET:").contains("2.44x");
  }

  @Test
  void rangesThatStraddleTheTargetAreInconclusive() {
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.AT_LEAST_ONCE), 80_000, 120_000);
    Measured raw = measured(new RawCopyLoop(DeliveryGuarantee.AT_LEAST_ONCE), 100_000, 110_000);

    assertThat(ThroughputSection.judge(List.of(ours, raw)).get(1)).startsWith("INCONCLUSIVE");
  }

  @Test
  void oursFastestBelowTheTargetIsMissed() {
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.AT_LEAST_ONCE), 50_000, 60_000);
    Measured raw = measured(new RawCopyLoop(DeliveryGuarantee.AT_LEAST_ONCE), 100_000, 110_000);

    assertThat(ThroughputSection.judge(List.of(ours, raw)).get(1)).startsWith("MISSED:");
  }

  @Test
  void aBaselineThatWasNotRunIsSaidToBeNotMeasured() {
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.EXACTLY_ONCE), 100_000, 120_000);

    assertThat(ThroughputSection.judge(List.of(ours)).get(0)).startsWith("NOT MEASURED:");
  }

  private static Measured measured(Contender contender, double... rates) {
    Measured m = new Measured(contender);
    for (double r : rates) {
      m.rate.add(r);
    }
    return m;
  }
}
