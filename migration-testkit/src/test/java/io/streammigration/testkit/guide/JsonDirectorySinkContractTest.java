package io.streammigration.testkit.guide;

// tag::suite[]
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.contract.TransactionalSinkContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the testkit's transactional sink contract (which includes the plain sink contract) against
 * {@link JsonDirectorySink}.
 */
class JsonDirectorySinkContractTest
    extends TransactionalSinkContractTest<JsonDirectorySink, Path> {

  @TempDir Path temp;

  @Override
  protected Path createDestination() {
    // Called several times per test (once per crash step): each call gets its own directory.
    return GuideFiles.newDirectory(temp, "target-");
  }

  @Override
  protected JsonDirectorySink createSink(Path directory) {
    return new JsonDirectorySink(directory);
  }

  @Override
  protected Map<PartitionId, List<Record>> readDurable(Path directory) {
    return CommittedOutput.read(directory);
  }
}
// end::suite[]
