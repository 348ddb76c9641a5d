package io.streammigration.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmarks still run: JMH finds them (the annotation processor ran) and one short iteration
 * of a benchmark and of its baseline produces a score. Not a performance test: the figures are
 * not checked, only that they exist. Runs in this JVM (no fork) to stay fast.
 */
class BenchmarkSmokeTest {

  @Test
  void aBenchmarkAndItsBaselineEachProduceAScore() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(CheckpointCodecBenchmark.class.getSimpleName() + "\\.(encode|baselinePlainEncode)$")
            .param("partitions", "16")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    assertThat(results).hasSize(2);
    assertThat(results)
        .allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
  }
}
