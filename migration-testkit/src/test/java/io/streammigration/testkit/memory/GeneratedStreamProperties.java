package io.streammigration.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Record;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class GeneratedStreamProperties {

  @Property(tries = 60)
  void generationIsDeterministicAndKeySequencesAreConsecutive(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int partitions,
      @ForAll @IntRange(min = 0, max = 80) int records,
      @ForAll @IntRange(min = 0, max = 20) int extraKeys,
      @ForAll @DoubleRange(min = 0, max = 1) double tombstoneRatio) {
    StreamSpec spec =
        StreamSpec.builder()
            .partitions(partitions, records)
            .keys(partitions + extraKeys)
            .seed(seed)
            .tombstoneRatio(tombstoneRatio)
            .build();

    assertThat(spec.generate().all()).isEqualTo(spec.generate().all());
    Map<String, Long> next = new HashMap<>();
    for (Record r : spec.generate().all()) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      long expected = next.getOrDefault(key, 0L);
      assertThat(GeneratedStream.keySequence(r)).isEqualTo(expected);
      next.put(key, expected + 1);
    }
  }
}
