package io.streammigration.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In a live migration most records are already at the target version; that path runs once per
 * record, so it must not allocate. A guard rail counting this thread's allocated bytes, not a
 * benchmark.
 */
class UpcastingAllocationTest {

  @Test
  void recordsAtTheTargetPassWithoutAllocating() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation counting unsupported");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    Upcasting upcasting =
        Upcasting.builder()
            .versionFromHeader("schema-version")
            .register(1, Upcaster.ofValue(v -> v))
            .register(2, Upcaster.ofValue(v -> v))
            .target(3)
            .build();
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      records.add(
          new Record(
              null,
              new byte[] {1},
              Headers.of(Header.ofUtf8("other", "x"), Header.ofUtf8("schema-version", "3")),
              i,
              PartitionId.of("p"),
              Position.of(i)));
    }
    Record[] out = new Record[1];
    for (Record r : records.subList(0, 100)) {
      upcasting.apply(r, x -> out[0] = x);
    }
    io.streammigration.core.spi.Transform.Emitter emitter = x -> out[0] = x;

    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    int same = 0;
    for (Record r : records) {
      upcasting.apply(r, emitter);
      same += out[0] == r ? 1 : 0;
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(same).isEqualTo(records.size());
    assertThat(allocated).as("bytes allocated for records at the target").isLessThan(4_096);
  }
}
