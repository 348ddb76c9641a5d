package io.streammigration.testkit.guide;

// tag::suite[]
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.testkit.contract.SourceContractTest;
import io.streammigration.testkit.memory.GeneratedStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.io.TempDir;

/** Runs the testkit's source contract against {@link JsonDirectorySource}. */
class JsonDirectorySourceContractTest extends SourceContractTest<Path> {

  @TempDir Path temp;

  @Override
  protected Path createEndpoint() {
    return GuideFiles.newDirectory(temp, "input-");
  }

  @Override
  protected SortedMap<PartitionId, List<Record>> write(Path directory, GeneratedStream content) {
    return GuideFiles.writeInput(directory, content.byPartition());
  }

  @Override
  protected Source createBoundedSource(Path directory) {
    return new JsonDirectorySource(directory);
  }
}
// end::suite[]
