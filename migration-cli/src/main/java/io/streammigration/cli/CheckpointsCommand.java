package io.streammigration.cli;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.checkpoint.StoredCheckpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code migrate checkpoints list|show|rollback}: the checkpoints a {@code migrate run} kept in its
 * state directory ({@code <state-dir>/checkpoints}, a {@link FileCheckpointStore}). {@code list}
 * and {@code show} only read the files ({@link FileCheckpointStore#peek}), so they are safe while a
 * run saves checkpoints there; run {@code rollback} while no migration uses the directory: one
 * store per directory at a time.
 *
 * <p>Rolling back sets every newer checkpoint file aside ({@code *.discarded}), so the next
 * at-least-once run resumes from the chosen one and delivers what came after it again. An
 * exactly-once run resumes from its sink's commit manifest, which this command does not change.
 */
@Command(
    name = "checkpoints",
    mixinStandardHelpOptions = true,
    description = "List, show and roll back the checkpoints in a state directory.",
    subcommands = {
      CheckpointsCommand.ListCheckpoints.class,
      CheckpointsCommand.ShowCheckpoint.class,
      CheckpointsCommand.RollbackCheckpoints.class
    })
final class CheckpointsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: list, show <id> or rollback <id>");
  }

  /** The options every subcommand shares. */
  abstract static class StoreCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--state-dir",
        required = true,
        paramLabel = "<dir>",
        description = "The state directory given to 'migrate run'.")
    Path stateDir;

    @Override
    public Integer call() {
      return call(checkpointsIn(stateDir, "--state-dir"), spec.commandLine().getOut());
    }

    /** Runs the subcommand on the checkpoint directory {@code dir}, which exists. */
    abstract int call(Path dir, PrintWriter out);
  }

  /**
   * The checkpoint directory of the state directory {@code stateDir}, absolute.
   *
   * @param option the option that named {@code stateDir}, for the message
   * @throws UsageException if it holds no checkpoint directory
   */
  static Path checkpointsIn(Path stateDir, String option) {
    Path dir = stateDir.resolve("checkpoints").toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          option + " " + stateDir + " holds no checkpoints (no directory " + dir + ")");
    }
    return dir;
  }

  /** One line per checkpoint file, newest first. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "One line per stored checkpoint, newest first; corrupt files say why.")
  static final class ListCheckpoints extends StoreCommand {
    @Override
    int call(Path dir, PrintWriter out) {
      // Read without opening a store, so listing is safe while a run saves checkpoints.
      List<StoredCheckpoint> all = FileCheckpointStore.peek(dir);
      if (all.isEmpty()) {
        out.println("no checkpoints in " + dir);
      }
      for (StoredCheckpoint s : all) {
        out.println(
            s.checkpoint()
                .map(
                    c ->
                        String.format(
                            Locale.ROOT,
                            "%6d  %s  %,d records  %,d bytes  %d partitions",
                            c.id(),
                            c.createdAt(),
                            c.records(),
                            c.bytes(),
                            c.positions().size()))
                .orElse(
                    String.format(
                        Locale.ROOT, "%6d  CORRUPT  %s", s.id(), s.problem().orElse(""))));
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /** Every field of one checkpoint. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "A checkpoint's positions per partition and its counters.")
  static final class ShowCheckpoint extends StoreCommand {
    @Parameters(index = "0", paramLabel = "<id>", description = "The checkpoint id.")
    long id;

    @Override
    int call(Path dir, PrintWriter out) {
      StoredCheckpoint stored = find(FileCheckpointStore.peek(dir), dir, id);
      out.println("checkpoint " + stored.id() + "  " + stored.path());
      if (stored.problem().isPresent()) {
        out.println("  CORRUPT: " + stored.problem().get());
        out.flush();
        return ExitCode.FAILED;
      }
      Checkpoint c = stored.checkpoint().orElseThrow();
      out.println("  created      " + c.createdAt());
      out.println("  records      " + c.records());
      out.println("  bytes        " + c.bytes());
      out.println("  dead letters " + c.deadLetters());
      out.println("  guard state  " + c.guardState().length + " bytes");
      out.println("  positions (last delivered record per partition: segment/offset)");
      c.positions().forEach((p, pos) -> out.println("    " + p.name() + "  " + pos));
      out.flush();
      return ExitCode.OK;
    }
  }

  /** Makes an older checkpoint the latest. */
  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = "Make checkpoint <id> the latest; newer files are set aside as *.discarded.")
  static final class RollbackCheckpoints extends StoreCommand {
    @Parameters(index = "0", paramLabel = "<id>", description = "The checkpoint id to go back to.")
    long id;

    @Override
    int call(Path dir, PrintWriter out) {
      try (FileCheckpointStore store = FileCheckpointStore.open(dir)) {
        return rollback(store, out);
      }
    }

    private int rollback(FileCheckpointStore store, PrintWriter out) {
      find(store.inspect(), store.directory(), id);
      List<Long> newer =
          store.inspect().stream().map(StoredCheckpoint::id).filter(i -> i > id).sorted().toList();
      Checkpoint c = store.rollbackTo(id);
      out.println(
          "rolled back to checkpoint "
              + c.id()
              + " ("
              + c.records()
              + " records); set aside "
              + (newer.isEmpty() ? "nothing" : "checkpoints " + newer));
      // The store is the truth only for at-least-once; say so rather than let an exactly-once
      // operator believe the destination was rewound.
      out.println(
          "the next at-least-once run resumes after it; an exactly-once run resumes from its"
              + " sink's commit manifest, which this does not change");
      out.flush();
      return ExitCode.OK;
    }
  }

  /**
   * The checkpoint {@code id} among {@code all}, those stored in {@code dir}, or a usage error
   * listing the ids there are.
   */
  static StoredCheckpoint find(List<StoredCheckpoint> all, Path dir, long id) {
    Optional<StoredCheckpoint> found = all.stream().filter(s -> s.id() == id).findFirst();
    return found.orElseThrow(
        () ->
            new UsageException(
                "no checkpoint "
                    + id
                    + " in "
                    + dir
                    + "; stored ids are "
                    + all.stream().map(StoredCheckpoint::id).sorted().toList()));
  }
}
