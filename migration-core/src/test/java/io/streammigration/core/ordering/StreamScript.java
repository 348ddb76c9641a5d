package io.streammigration.core.ordering;

import io.streammigration.core.ordering.Ordering.SequenceSource;
import io.streammigration.core.record.Record;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A generated interleaving of up to 8 partitions, each in source order, turned into records for a
 * given sequence source. Keys come from a small pool that includes the null and the empty key, so
 * per-key scopes interleave within a partition.
 */
final class StreamScript {

  private static final String[] KEYS = {null, "", "a", "b", "c"};

  /** One record: its partition, its key, and how far its position moves on. */
  record Step(int partition, int key, boolean newSegment, int skip) {}

  final List<Step> steps;

  StreamScript(List<Step> steps) {
    this.steps = steps;
  }

  static Arbitrary<StreamScript> scripts() {
    return Arbitraries.integers()
        .between(1, 8)
        .flatMap(
            partitions ->
                Combinators.combine(
                        Arbitraries.integers().between(0, partitions - 1),
                        Arbitraries.integers().between(0, KEYS.length - 1),
                        Arbitraries.integers().between(0, 9).map(n -> n == 0),
                        Arbitraries.integers().between(0, 20))
                    .as(Step::new)
                    .list()
                    .ofMaxSize(120))
        .map(StreamScript::new);
  }

  /**
   * The records of this script, in order for every scope: positions increase per partition (by
   * exactly one within a segment when {@code dense}), and header sequences increase by one per
   * scope, starting at a scope-specific (sometimes negative) value.
   */
  List<Record> records(boolean perKey, SequenceSource source, boolean dense) {
    Map<Integer, long[]> positions = new HashMap<>();
    Map<String, Long> sequences = new HashMap<>();
    List<Record> records = new ArrayList<>(steps.size());
    for (Step step : steps) {
      long[] position = positions.get(step.partition());
      if (position == null) {
        position = new long[] {0, step.skip()};
        positions.put(step.partition(), position);
      } else if (step.newSegment()) {
        position[0] += 1;
        position[1] = step.skip();
      } else {
        position[1] += dense ? 1 : 1 + step.skip();
      }
      String partition = "p" + step.partition();
      String scope = perKey ? partition + "/" + step.key() : partition;
      long sequence = sequences.getOrDefault(scope, 1000L * step.partition() - 5 - step.key());
      sequences.put(scope, sequence + 1);
      Record record = GuardFixture.keyed(partition, KEYS[step.key()], position[0], position[1]);
      records.add(GuardFixture.withSequence(source, record, sequence));
    }
    return records;
  }

  @Override
  public String toString() {
    return steps.toString();
  }
}
