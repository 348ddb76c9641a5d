package io.streammigration.cli.endpoint;

import io.streammigration.cli.endpoint.EndpointAssessment.PartitionFacts;
import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.kafka.KafkaSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts a Kafka endpoint for {@code migrate assess}: reads every record once through a bounded
 * {@link KafkaSource} (so the counts are what a migration would move): records, key and value
 * bytes, and timestamps per partition.
 */
final class KafkaAssessor {

  private KafkaAssessor() {}

  /** Reads {@code source} (bounded, not yet opened) to its end and closes it. */
  static EndpointAssessment assess(URI uri, KafkaSource source) {
    Map<String, long[]> tallies = new TreeMap<>(); // records, bytes, min ts, max ts
    try (source) {
      source.open(READ_ONLY, Optional.empty());
      while (!source.isEndOfInput()) {
        for (Record r : source.poll(10_000, Duration.ofMillis(200))) {
          long[] t =
              tallies.computeIfAbsent(
                  r.partition().name(), n -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
          t[0]++;
          t[1] += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
          t[2] = Math.min(t[2], r.timestamp());
          t[3] = Math.max(t[3], r.timestamp());
        }
      }
    }
    List<PartitionFacts> facts = new ArrayList<>();
    tallies.forEach(
        (name, t) ->
            facts.add(
                new PartitionFacts(
                    name,
                    1,
                    t[0],
                    t[1],
                    Optional.of(Instant.ofEpochMilli(t[2])),
                    Optional.of(Instant.ofEpochMilli(t[3])))));
    return new EndpointAssessment(uri.toString(), facts, OptionalLong.empty());
  }

  /** Reading for assess only: no checkpoints are committed. */
  private static final SourceContext READ_ONLY =
      new SourceContext() {
        @Override
        public String migrationId() {
          return "migrate-assess";
        }

        @Override
        public Optional<Checkpoint> commitAndRelease(Set<PartitionId> partitions) {
          return Optional.empty();
        }
      };
}
