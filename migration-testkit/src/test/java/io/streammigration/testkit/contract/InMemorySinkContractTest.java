package io.streammigration.testkit.contract;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemorySink;
import java.util.List;
import java.util.Map;

class InMemorySinkContractTest extends SinkContractTest<InMemorySink, InMemoryDestination> {

  @Override
  protected InMemoryDestination createDestination() {
    return new InMemoryDestination();
  }

  @Override
  protected InMemorySink createSink(InMemoryDestination destination) {
    return destination.newSink();
  }

  @Override
  protected Map<PartitionId, List<Record>> readDurable(InMemoryDestination destination) {
    return destination.committedRecords();
  }
}
