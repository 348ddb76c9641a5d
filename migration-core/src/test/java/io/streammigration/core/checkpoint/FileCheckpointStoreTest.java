package io.streammigration.core.checkpoint;

import static io.streammigration.core.checkpoint.Checkpoints.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import io.streammigration.core.spi.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest extends CheckpointStoreContractTest {

  @TempDir Path root;

  private Path dir() {
    return root.resolve("checkpoints");
  }

  @Override
  protected CheckpointStore newStore(int keep) {
    return FileCheckpointStore.builder(dir()).keep(keep).build();
  }

  @Override
  protected CheckpointStore reopen(CheckpointStore store) {
    store.close();
    return FileCheckpointStore.builder(dir()).keep(((FileCheckpointStore) store).keep()).build();
  }

  private FileCheckpointStore storeWith(long... ids) {
    FileCheckpointStore store = FileCheckpointStore.open(dir());
    for (long id : ids) {
      store.save(withId(id));
    }
    return store;
  }

  private Path fileOf(long id) {
    return dir().resolve(CheckpointFileNames.checkpoint(id));
  }

  private String[] fileNames() throws IOException {
    try (Stream<Path> files = Files.list(dir())) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void eachCheckpointIsAFileNamedByItsZeroPaddedId() throws IOException {
    storeWith(42, 1_000_000_000_000L);

    assertThat(fileNames())
        .containsExactly(
            "checkpoint-00000000000000000042.ckpt", "checkpoint-00000001000000000000.ckpt");
    assertThat(CheckpointCodec.decode(Files.readAllBytes(fileOf(42)), "test"))
        .isEqualTo(withId(42));
  }

  @Test
  void openKeepsTenByDefault() {
    FileCheckpointStore store = storeWith(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);

    assertThat(store.keep()).isEqualTo(10);
    assertThat(store.history(100)).hasSize(10).first().isEqualTo(withId(12));
    assertThat(fileOf(2)).doesNotExist();
    assertThat(fileOf(3)).exists();
  }

  @Test
  void checkpointFilesAreReadableAndWritableByTheOwnerOnly() throws IOException {
    assumeTrue(LocalDisk.isPosix(root), "POSIX file system");
    storeWith(1);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(1))))
        .isEqualTo("rw-------");
  }

  @Test
  void aDirectoryTheStoreCreatesIsOwnerOnly() throws IOException {
    assumeTrue(LocalDisk.isPosix(root), "POSIX file system");
    Path created = root.resolve("a/b/checkpoints");
    FileCheckpointStore.open(created);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
        .isEqualTo("rwx------");
  }

  @Test
  void aPathThatIsARegularFileIsRejectedNamingTheDirectorySetting() throws IOException {
    Path file = Files.writeString(root.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> FileCheckpointStore.open(file))
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo("directory"))
        .hasMessageContaining(file.toString());
  }

  @Test
  void everyBitFlipInTheLatestFileFailsLatestNamingTheFileAndNeverFallsBack() throws IOException {
    FileCheckpointStore store = storeWith(1, 2);
    byte[] intact = Files.readAllBytes(fileOf(2));
    for (int bit = 0; bit < intact.length * 8; bit++) {
      byte[] flipped = intact.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(fileOf(2), flipped);

      assertCorruptLatestNames(store, fileOf(2));
    }
  }

  @Test
  void everyTruncationOfTheLatestFileFailsLatestNamingTheFile() throws IOException {
    FileCheckpointStore store = storeWith(1, 2);
    byte[] intact = Files.readAllBytes(fileOf(2));
    for (int length = 0; length < intact.length; length++) {
      Files.write(fileOf(2), Arrays.copyOf(intact, length));

      assertCorruptLatestNames(store, fileOf(2));
    }
  }

  private static void assertCorruptLatestNames(FileCheckpointStore store, Path file) {
    CheckpointCorruptionException e =
        catchThrowableOfType(CheckpointCorruptionException.class, store::latest);
    assertThat(e).as("latest() on a corrupt newest file").isNotNull();
    assertThat(e.location()).isEqualTo(file.toString());
    assertThat(e.getMessage()).contains(file.toString());
  }

  @Test
  void rollbackPastACorruptFileMakesTheOlderLatestAndSetsTheCorruptOneAside() throws IOException {
    FileCheckpointStore store = storeWith(1, 2, 3);
    Files.write(fileOf(3), new byte[] {1, 2, 3});

    assertThat(store.history(10)).containsExactly(withId(2), withId(1));
    assertThat(store.rollbackTo(2)).isEqualTo(withId(2));

    assertThat(store.latest()).contains(withId(2));
    assertThat(fileOf(3)).doesNotExist();
    assertThat(dir().resolve("checkpoint-00000000000000000003.ckpt.discarded"))
        .hasBinaryContent(new byte[] {1, 2, 3});
    store.close();
    FileCheckpointStore reopened = FileCheckpointStore.open(dir());
    assertThat(reopened.latest()).contains(withId(2));
    reopened.save(withId(3));
    assertThat(reopened.latest()).contains(withId(3));
  }

  @Test
  void rollbackToACorruptCheckpointFailsAndSetsNothingAside() throws IOException {
    FileCheckpointStore store = storeWith(1, 2, 3);
    Files.write(fileOf(2), new byte[] {9});

    assertThatThrownBy(() -> store.rollbackTo(2))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("cannot roll back to checkpoint 2")
        .hasMessageContaining(fileOf(2).toString())
        .hasCauseInstanceOf(CheckpointCorruptionException.class);
    assertThat(store.latest()).contains(withId(3));
  }

  @Test
  void rollingBackOverTheSameIdTwiceKeepsBothDiscardedFiles() throws IOException {
    FileCheckpointStore store = storeWith(1, 2);
    store.rollbackTo(1);
    store.save(withId(2));
    store.rollbackTo(1);

    assertThat(fileNames())
        .containsExactly(
            "checkpoint-00000000000000000001.ckpt",
            "checkpoint-00000000000000000002.ckpt.1.discarded",
            "checkpoint-00000000000000000002.ckpt.discarded");
  }

  @Test
  void saveIsRejectedUnlessAboveACorruptFilesId() throws IOException {
    FileCheckpointStore store = storeWith(1, 5);
    Files.write(fileOf(5), new byte[0]);

    assertThatThrownBy(() -> store.save(withId(5)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("checkpoint id 5 is not greater than the latest stored id 5")
        .hasMessageContaining(fileOf(5).toString());
    store.save(withId(6));
    assertThat(store.latest()).contains(withId(6));
  }

  @Test
  void aFileWhoseNameDisagreesWithItsContentIsCorrupt() throws IOException {
    FileCheckpointStore store = storeWith(1, 2);
    Files.copy(fileOf(1), fileOf(3));

    assertThatThrownBy(store::latest)
        .isInstanceOf(CheckpointCorruptionException.class)
        .hasMessageContaining("file name says id 3 but it holds checkpoint 1");
  }

  @Test
  void tempFileDebrisIsIgnoredAndDeletedOnOpenWhileUnrelatedFilesAreLeftAlone() throws IOException {
    storeWith(1).close();
    Path debris = dir().resolve(CheckpointFileNames.temp(2));
    Files.write(debris, new byte[] {0x53, 0x4D});
    Path unrelated = Files.writeString(dir().resolve("README"), "ops notes");

    FileCheckpointStore store = FileCheckpointStore.open(dir());

    assertThat(debris).doesNotExist();
    assertThat(unrelated).hasContent("ops notes");
    assertThat(store.latest()).contains(withId(1));
    Files.write(debris, new byte[] {1});
    assertThat(store.latest()).contains(withId(1));
    store.save(withId(2));
    assertThat(store.latest()).contains(withId(2));
  }

  @Test
  void inspectListsEveryCheckpointFileNewestFirstWithItsCheckpointOrProblem() throws IOException {
    FileCheckpointStore store = storeWith(1, 2, 3);
    Files.write(fileOf(2), new byte[] {1, 2});

    assertThat(store.inspect())
        .satisfiesExactly(
            three ->
                assertThat(three).isEqualTo(StoredCheckpoint.ofIntact(3, fileOf(3), withId(3))),
            two -> {
              assertThat(two.id()).isEqualTo(2);
              assertThat(two.intact()).isFalse();
              assertThat(two.path()).isEqualTo(fileOf(2));
              assertThat(two.problem())
                  .hasValueSatisfying(p -> assertThat(p).contains("truncated"));
            },
            one -> assertThat(one.checkpoint()).contains(withId(1)));
  }

  @Test
  void peekListsWhatInspectListsAndLeavesARunningSavesTempFileAlone() throws IOException {
    FileCheckpointStore store = storeWith(1, 2, 3);
    Files.write(fileOf(2), new byte[] {1, 2});
    // A save in progress in another process: opening a store would delete this file.
    Path saving = Files.write(dir().resolve(CheckpointFileNames.temp(4)), new byte[] {0x53});

    assertThat(FileCheckpointStore.peek(dir())).isEqualTo(store.inspect());
    assertThat(saving).exists();
  }

  @Test
  void peekAtAMissingDirectoryNamesItAndCreatesNothing() {
    Path missing = root.resolve("nothing-here");

    assertThatThrownBy(() -> FileCheckpointStore.peek(missing))
        .isInstanceOf(MigrationConfigException.class)
        .hasMessageContaining(missing.toString());
    assertThat(missing).doesNotExist();
  }

  @Test
  void anIoFailureAfterTheRenameIsRetriableNamesTheFileAndLeavesThePreviousCheckpoint() {
    storeWith(1).close();
    Disk failingDirectorySync =
        new ForwardingDisk(Disk.LOCAL) {
          @Override
          public void fsyncDirectory(Path directory) throws IOException {
            throw new IOException("EIO");
          }
        };
    FileCheckpointStore failing =
        FileCheckpointStore.builder(dir()).disk(failingDirectorySync).build();

    assertThatThrownBy(() -> failing.save(withId(2)))
        .isInstanceOf(RetriableMigrationException.class)
        .hasMessageContaining(fileOf(2).toString())
        .hasMessageContaining("EIO");

    FileCheckpointStore healthy = FileCheckpointStore.open(dir());
    assertThat(healthy.latest()).contains(withId(1));
    healthy.save(withId(2));
    assertThat(healthy.latest()).contains(withId(2));
  }
}
