package io.streammigration.testkit.contract;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.memory.InMemoryDestination;
import io.streammigration.testkit.memory.InMemoryTransactionalSink;
import java.util.List;
import java.util.Map;

class InMemoryTransactionalSinkContractTest
    extends TransactionalSinkContractTest<InMemoryTransactionalSink, InMemoryDestination> {

  @Override
  protected InMemoryDestination createDestination() {
    return new InMemoryDestination();
  }

  @Override
  protected InMemoryTransactionalSink createSink(InMemoryDestination destination) {
    return destination.newTransactionalSink();
  }

  @Override
  protected Map<PartitionId, List<Record>> readDurable(InMemoryDestination destination) {
    return destination.committedRecords();
  }
}
