package io.streammigration.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.bench.kafka.KafkaRun.Measured;
import io.streammigration.core.engine.DeliveryGuarantee;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The targets are judged from two estimates that must agree, the ratio of the medians and the
 * median of the ratios of repetitions run side by side, never from one lucky repetition.
 */
class ThroughputSectionTest {

  @Test
  void exactlyOnceMeetsItsTargetWhenBothEstimatesReachIt() {
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.EXACTLY_ONCE), 100_000, 120_000);
    Measured mm2 = measured(new MirrorMaker2(DeliveryGuarantee.EXACTLY_ONCE, "", Path.of(".")), 40_000, 50_000);

    assertThat(ThroughputSection.judge(List.of(ours, mm2)).get(0))
        .startsWith("MET:")
        .contains("2.44x (ratio of the medians)")
        .contains("2.45x (median of 2 paired repetitions");
  }

  @Test
  void aSlowSpellThatSlowsBothOfARepetitionCancelsOutInThePairedRatio() {
    // Repetition 2 ran in a slow spell of the machine: the ranges alone (0.50x to 1.73x) say nothing.
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.AT_LEAST_ONCE), 90_000, 50_000, 95_000);
    Measured raw = measured(new RawCopyLoop(DeliveryGuarantee.AT_LEAST_ONCE), 100_000, 55_000, 100_000);

    assertThat(ThroughputSection.judge(List.of(ours, raw)).get(1))
        .startsWith("MET:")
        .contains("0.91x (median of 3 paired repetitions, 0.90x to 0.95x)")
        .contains("0.50x to 1.73x over the repetitions' ranges");
  }

  @Test
  void estimatesOnEitherSideOfTheTargetAreInconclusive() {
    // Medians: 100 k / 110 k = 0.91x; pairs: 0.89x, 1.09x, 0.77x, median 0.89x.
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.AT_LEAST_ONCE), 89_000, 120_000, 100_000);
    Measured raw = measured(new RawCopyLoop(DeliveryGuarantee.AT_LEAST_ONCE), 100_000, 110_000, 130_000);

    assertThat(ThroughputSection.judge(List.of(ours, raw)).get(1)).startsWith("INCONCLUSIVE");
  }

  @Test
  void bothEstimatesBelowTheTargetIsMissed() {
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.AT_LEAST_ONCE), 50_000, 60_000);
    Measured raw = measured(new RawCopyLoop(DeliveryGuarantee.AT_LEAST_ONCE), 100_000, 110_000);

    assertThat(ThroughputSection.judge(List.of(ours, raw)).get(1)).startsWith("MISSED:");
  }

  @Test
  void onlyRepetitionsBothCompletedArePaired() {
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.AT_LEAST_ONCE), 90_000, 95_000);
    Measured raw = new Measured(new RawCopyLoop(DeliveryGuarantee.AT_LEAST_ONCE));
    raw.rate.add(100_000);
    raw.rateByRepetition.put(2, 100_000.0); // repetition 1 failed

    assertThat(ThroughputSection.pairedRatios(ours, raw).count()).isEqualTo(1);
    assertThat(ThroughputSection.pairedRatios(ours, raw).median()).isEqualTo(0.95);
  }

  @Test
  void aBaselineThatWasNotRunIsSaidToBeNotMeasured() {
    Measured ours = measured(new EngineCopy(DeliveryGuarantee.EXACTLY_ONCE), 100_000, 120_000);

    assertThat(ThroughputSection.judge(List.of(ours)).get(0)).startsWith("NOT MEASURED:");
  }

  /** A contender's rates, repetition 1 first. */
  private static Measured measured(Contender contender, double... rates) {
    Measured m = new Measured(contender);
    for (int i = 0; i < rates.length; i++) {
      m.rate.add(rates[i]);
      m.rateByRepetition.put(i + 1, rates[i]);
    }
    return m;
  }
}
