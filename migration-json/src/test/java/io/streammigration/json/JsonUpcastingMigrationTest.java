package io.streammigration.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.engine.Migration;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's chain inside a whole migration over the in-memory adapters. */
@Timeout(60)
class JsonUpcastingMigrationTest {

  private static final PartitionId USERS = PartitionId.of("users-0");

  private static Record record(int offset, String version, String json) {
    return new Record(
        null,
        json.getBytes(StandardCharsets.UTF_8),
        Headers.of(Header.ofUtf8("schema-version", version)),
        1_000 + offset,
        USERS,
        Position.of(offset));
  }

  /** 300 records cycling through v1, v2 and v3 payloads of the same user. */
  private static List<Record> mixed() {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(
          switch (i % 3) {
            case 0 -> record(i, "1", "{\"user_name\":\"u" + i + "\",\"street\":\"s\",\"city\":\"c\",\"legacy_id\":1}");
            case 1 -> record(i, "2", "{\"user\":{\"name\":\"u" + i + "\"},\"country\":\"NL\",\"street\":\"s\",\"city\":\"c\"}");
            default -> record(i, "3", "{\"user\":{\"name\":\"u" + i + "\"},\"country\":\"NL\",\"address\":{\"street\":\"s\",\"city\":\"c\"}}");
          });
    }
    return records;
  }

  private static Migration migration(List<Record> records, InMemoryDestination destination) {
    return Migration.builder()
        .id("users-v3")
        .source(InMemorySource.bounded(Map.of(USERS, records)))
        .sink(destination.newTransactionalSink())
        .checkpointTrigger(CheckpointTrigger.everyRecords(100))
        .batchSize(32)
        .pollTimeout(Duration.ofMillis(20))
        .transform(UpcastingChainExampleTest.USERS_TO_V3)
        .build();
  }

  @Test
  void everyVersionArrivesAsTheSameV3Document() {
    InMemoryDestination destination = new InMemoryDestination();

    migration(mixed(), destination).run();

    List<Record> written = destination.committedRecords(USERS);
    assertThat(written).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(JsonRecords.tree(written.get(i)))
          .isEqualTo(
              JsonRecords.tree(
                  "{\"user\":{\"name\":\"u" + i + "\"},\"country\":\"NL\",\"address\":{\"street\":\"s\",\"city\":\"c\"}}"));
      assertThat(written.get(i).headers().lastNamed("schema-version"))
          .contains(Header.ofUtf8("schema-version", "3"));
    }
  }

  @Test
  void invalidJsonSurfacesAsARejectionNamingPartitionAndPosition() {
    List<Record> records = mixed();
    records.set(150, record(150, "1", "{\"user_name\": oops"));

    assertThatThrownBy(() -> migration(records, new InMemoryDestination()).run())
        .isInstanceOfSatisfying(
            RecordRejectedException.class,
            e -> assertThat(e.record().position()).isEqualTo(Position.of(150)))
        .hasMessageStartingWith("record rejected in partition users-0 at position 150: invalid JSON");
  }
}
