package io.streammigration.core.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streammigration.core.ordering.GuardFixture.RecordingContext;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard runs once per record on the writer thread; garbage there multiplies by the stream's
 * size. This is a guard rail, not a benchmark: it counts bytes allocated by this thread.
 */
class SequenceGuardAllocationTest {

  private static final int RECORDS = 40_000;

  @Test
  void perPartitionAdmitAllocatesNothingOnceThePartitionIsKnown() {
    assertAllocationFree(Ordering.perPartition(), records(false));
  }

  @Test
  void perKeyAdmitAllocatesNothingOnceTheKeyIsKnown() {
    assertAllocationFree(Ordering.perKey(), records(true));
  }

  @Test
  void headerSequenceAdmitAllocatesNothing() {
    List<Record> records = new ArrayList<>();
    List<Record> plain = records(false);
    for (int i = 0; i < plain.size(); i++) {
      // Dense per partition: each partition gets runs of three out of every twelve records.
      records.add(GuardFixture.withTextSequence(plain.get(i), (i / 12) * 3 + i % 3));
    }
    assertAllocationFree(Ordering.perPartition().sequenceFromTextHeader(GuardFixture.SEQ), records);
  }

  private static List<Record> records(boolean keyed) {
    String[] keys = {null, "a", "b", "c"};
    List<Record> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      // Four partitions in runs of three, so both the cached and the looked-up path are taken.
      int partition = (i / 3) % 4;
      long offset = i; // increasing in every partition and every key
      records.add(GuardFixture.keyed("p" + partition, keyed ? keys[i % 4] : null, 0, offset));
    }
    return records;
  }

  private static void assertAllocationFree(Ordering ordering, List<Record> records) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation counting unsupported");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    OrderingGuard guard = ordering.create(new RecordingContext(false));
    // The first few records create the scopes; only what follows must be free of garbage.
    int warmUp = 100;
    for (Record r : records.subList(0, warmUp)) {
      guard.admit(r);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    int admitted = 0;
    for (Record r : records.subList(warmUp, records.size())) {
      admitted += guard.admit(r) ? 1 : 0;
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(admitted).isEqualTo(records.size() - warmUp);
    // Far below one byte per record: anything per-record would show up as hundreds of KB.
    assertThat(allocated).as("bytes allocated by admit").isLessThan(4_096);
  }
}
