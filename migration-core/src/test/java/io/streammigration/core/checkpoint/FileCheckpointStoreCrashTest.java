package io.streammigration.core.checkpoint;

import static io.streammigration.core.checkpoint.Checkpoints.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crashes a {@link FileCheckpointStore} before and after each file-system step, abandons it, and
 * checks what a restarted process finds. Two kinds of crash: the process dies but the operating
 * system keeps everything written ({@link Failure#PROCESS_CRASH}), or the power fails and whatever
 * was not fsynced is lost: unsynced files are torn, unsynced renames undone ({@link
 * Failure#POWER_CUT}).
 */
class FileCheckpointStoreCrashTest {

  enum Step {
    WRITE_TEMP,
    FSYNC_FILE,
    RENAME,
    FSYNC_DIRECTORY
  }

  enum Moment {
    BEFORE,
    AFTER
  }

  enum Failure {
    PROCESS_CRASH,
    POWER_CUT
  }

  @TempDir Path dir;

  static Stream<Arguments> everyCrashPointOfASave() {
    List<Arguments> points = new ArrayList<>();
    for (Failure failure : Failure.values()) {
      for (Step step : Step.values()) {
        for (Moment moment : Moment.values()) {
          points.add(Arguments.of(failure, step, moment, true));
          points.add(Arguments.of(failure, step, moment, false));
        }
      }
    }
    return points.stream();
  }

  @ParameterizedTest(name = "{0} {2} {1}, earlier checkpoint: {3}")
  @MethodSource("everyCrashPointOfASave")
  void aCrashedSaveLeavesThePreviousOrTheNewCheckpointNeverACorruptOne(
      Failure failure, Step step, Moment moment, boolean hadEarlierCheckpoint) throws IOException {
    FileCheckpointStore healthy = FileCheckpointStore.open(dir);
    Optional<Checkpoint> previous = Optional.empty();
    if (hadEarlierCheckpoint) {
      healthy.save(withId(1));
      previous = Optional.of(withId(1));
    }
    CrashingDisk disk = new CrashingDisk(failure, step, moment, 1);
    FileCheckpointStore doomed = FileCheckpointStore.builder(dir).disk(disk).build();

    assertThatThrownBy(() -> doomed.save(withId(2))).isInstanceOf(SimulatedCrash.class);

    FileCheckpointStore restarted = FileCheckpointStore.open(dir);
    boolean newIsDurable =
        failure == Failure.POWER_CUT
            ? step == Step.FSYNC_DIRECTORY && moment == Moment.AFTER
            : step == Step.FSYNC_DIRECTORY || (step == Step.RENAME && moment == Moment.AFTER);
    assertThat(restarted.latest()).isEqualTo(newIsDurable ? Optional.of(withId(2)) : previous);
    assertThat(restarted.inspect()).allMatch(StoredCheckpoint::intact);
    assertThat(tempFiles()).isEmpty();
    restarted.save(withId(3));
    assertThat(restarted.latest()).contains(withId(3));
  }

  static Stream<Arguments> everyCrashPointOfARollback() {
    List<Arguments> points = new ArrayList<>();
    for (Failure failure : Failure.values()) {
      for (Moment moment : Moment.values()) {
        for (int call = 1; call <= 2; call++) {
          points.add(Arguments.of(failure, Step.RENAME, moment, call));
        }
        points.add(Arguments.of(failure, Step.FSYNC_DIRECTORY, moment, 1));
      }
    }
    return points.stream();
  }

  @ParameterizedTest(name = "{0} {2} {1} #{3}")
  @MethodSource("everyCrashPointOfARollback")
  void aCrashedRollbackLeavesIntactCheckpointsAndRepeatingItCompletesIt(
      Failure failure, Step step, Moment moment, int call) {
    FileCheckpointStore.open(dir).close();
    FileCheckpointStore healthy = FileCheckpointStore.open(dir);
    for (long id = 1; id <= 4; id++) {
      healthy.save(withId(id));
    }
    CrashingDisk disk = new CrashingDisk(failure, step, moment, call);
    FileCheckpointStore doomed = FileCheckpointStore.builder(dir).disk(disk).build();

    assertThatThrownBy(() -> doomed.rollbackTo(2)).isInstanceOf(SimulatedCrash.class);

    FileCheckpointStore restarted = FileCheckpointStore.open(dir);
    assertThat(restarted.latest().orElseThrow().id()).isBetween(2L, 4L);
    assertThat(restarted.rollbackTo(2)).isEqualTo(withId(2));
    assertThat(restarted.history(10)).containsExactly(withId(2), withId(1));
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  /** The process dying: an Error, so no catch of IOException or RuntimeException absorbs it. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String where) {
      super("simulated crash " + where);
    }
  }

  /**
   * Performs the real steps, remembering what is not yet durable, and crashes at one point. On a
   * power cut it first undoes what a real one could lose.
   */
  static final class CrashingDisk implements Disk {
    private final Failure failure;
    private final Step crashStep;
    private final Moment crashMoment;
    private final int crashCall;
    private final Map<Step, Integer> calls = new EnumMap<>(Step.class);
    private final Set<Path> unsyncedFiles = new LinkedHashSet<>();
    private final Deque<Path[]> unsyncedRenames = new ArrayDeque<>();

    CrashingDisk(Failure failure, Step step, Moment moment, int call) {
      this.failure = failure;
      this.crashStep = step;
      this.crashMoment = moment;
      this.crashCall = call;
    }

    @Override
    public void writeTemp(Path temp, byte[] bytes) throws IOException {
      at(Step.WRITE_TEMP, Moment.BEFORE);
      Disk.LOCAL.writeTemp(temp, bytes);
      unsyncedFiles.add(temp);
      at(Step.WRITE_TEMP, Moment.AFTER);
    }

    @Override
    public void fsyncFile(Path file) throws IOException {
      at(Step.FSYNC_FILE, Moment.BEFORE);
      Disk.LOCAL.fsyncFile(file);
      unsyncedFiles.remove(file);
      at(Step.FSYNC_FILE, Moment.AFTER);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
      at(Step.RENAME, Moment.BEFORE);
      Disk.LOCAL.rename(from, to);
      unsyncedRenames.push(new Path[] {from, to});
      if (unsyncedFiles.remove(from)) {
        unsyncedFiles.add(to);
      }
      at(Step.RENAME, Moment.AFTER);
    }

    @Override
    public void fsyncDirectory(Path directory) throws IOException {
      at(Step.FSYNC_DIRECTORY, Moment.BEFORE);
      Disk.LOCAL.fsyncDirectory(directory);
      unsyncedRenames.clear();
      at(Step.FSYNC_DIRECTORY, Moment.AFTER);
    }

    private void at(Step step, Moment moment) throws IOException {
      int call = moment == Moment.BEFORE ? calls.merge(step, 1, Integer::sum) : calls.get(step);
      if (step == crashStep && moment == crashMoment && call == crashCall) {
        if (failure == Failure.POWER_CUT) {
          losePowerCutCasualties();
        }
        throw new SimulatedCrash(moment + " " + step + " #" + call);
      }
    }

    private void losePowerCutCasualties() throws IOException {
      while (!unsyncedRenames.isEmpty()) {
        Path[] rename = unsyncedRenames.pop();
        Files.move(rename[1], rename[0]);
        if (unsyncedFiles.remove(rename[1])) {
          unsyncedFiles.add(rename[0]);
        }
      }
      for (Path torn : unsyncedFiles) {
        try (FileChannel channel = FileChannel.open(torn, StandardOpenOption.WRITE)) {
          channel.truncate(channel.size() / 2);
        }
      }
    }
  }
}
