package io.streammigration.testkit.contract;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.testkit.memory.GeneratedStream;
import io.streammigration.testkit.memory.InMemoryLog;
import io.streammigration.testkit.memory.InMemorySource;
import java.util.List;
import java.util.SortedMap;

class InMemorySourceContractTest extends SourceContractTest<InMemoryLog> {

  @Override
  protected InMemoryLog createEndpoint() {
    return new InMemoryLog();
  }

  @Override
  protected SortedMap<PartitionId, List<Record>> write(InMemoryLog log, GeneratedStream content) {
    content.byPartition().values().forEach(log::append);
    log.seal();
    return content.byPartition();
  }

  @Override
  protected Source createBoundedSource(InMemoryLog log) {
    return new InMemorySource(log);
  }
}
