package io.streammigration.cli;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.MigrationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;

/**
 * What a plan keeps in its state directory, so that a re-invocation skips what is done and resumes
 * the rest:
 *
 * <pre>
 * state-dir/
 *   plan.lock                            held while a 'migrate plan' runs
 *   streams/&lt;stream&gt;/checkpoints/       the stream's checkpoints, as 'migrate run --state-dir'
 *   streams/&lt;stream&gt;/finished.properties  written once the stream ran to its end and passed
 * </pre>
 *
 * <p>A stream with a {@code finished.properties} is never run again. The file records the
 * stream's id, endpoints and guarantee; if the plan later says otherwise for that stream, {@link
 * PlanCheck} refuses to start rather than guess which is right. The file is written durably
 * (temporary file, fsync, atomic rename, fsync of the directory), so a crash leaves either no
 * record, and the stream is run again (resuming from its checkpoints, then verified), or a whole
 * one.
 *
 * <p>Thread-safe: streams of a stage record their completion concurrently, each its own file.
 */
final class PlanState implements AutoCloseable {

  static final String FINISHED = "finished.properties";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private PlanState(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens {@code dir} for a run, creating it if needed, and takes its lock, so two invocations
   * cannot run one plan at once.
   *
   * @throws UsageException if another process (or this one) holds the lock
   * @throws UncheckedIOException if the directory cannot be created or locked
   */
  static PlanState lock(Path dir) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dir.resolve("streams"));
      channel =
          FileChannel.open(
              dir.resolve("plan.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw busy(dir);
      }
      return new PlanState(dir, channel, lock);
    } catch (OverlappingFileLockException e) {
      close(channel);
      throw busy(dir);
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException("cannot open the plan's state directory " + dir, e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  /** Reads {@code dir} as it is, creating and locking nothing: for a dry run. */
  static PlanState peek(Path dir) {
    return new PlanState(dir, null, null);
  }

  private static UsageException busy(Path dir) {
    return new UsageException(
        "another 'migrate plan' is running with the state directory " + dir + "; wait for it");
  }

  /** The state directory of {@code stream}: its checkpoints, and whether it finished. */
  Path streamDir(Plan.Stream stream) {
    return dir.resolve("streams").resolve(stream.name());
  }

  /** The record of {@code stream} having finished and passed, if it did. */
  Optional<Finished> finished(Plan.Stream stream) {
    Path file = streamDir(stream).resolve(FINISHED);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
      return Optional.of(
          new Finished(
              file,
              p.getProperty("stage", ""),
              p.getProperty("id", ""),
              p.getProperty("from", ""),
              p.getProperty("to", ""),
              p.getProperty("guarantee", ""),
              Long.parseLong(p.getProperty("records", "0")),
              p.getProperty("finished-at", "")));
    } catch (IOException | IllegalArgumentException e) {
      // NumberFormatException included: the file was edited or damaged.
      throw new UsageException(file + " cannot be read; remove it to run the stream again");
    }
  }

  /** Records, durably, that {@code stream} of {@code stage} ran to its end and passed its gates. */
  void markFinished(Plan.Stream stream, String stage, MigrationResult result) {
    Properties p = new Properties();
    p.setProperty("stage", stage);
    p.setProperty("id", stream.id());
    p.setProperty("from", stream.from().toString());
    p.setProperty("to", stream.to().toString());
    p.setProperty("guarantee", stream.guaranteeName());
    long records = result.lastCheckpoint().map(Checkpoint::records).orElse(result.records());
    p.setProperty("records", Long.toString(records));
    p.setProperty("finished-at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    StringWriter text = new StringWriter();
    try {
      p.store(text, "written by 'migrate plan' when the stream finished and passed its gates");
      Path streamDir = streamDir(stream);
      Files.createDirectories(streamDir);
      Path temp = streamDir.resolve(FINISHED + ".tmp");
      try (FileChannel ch =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      Files.move(temp, streamDir.resolve(FINISHED), StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel d = FileChannel.open(streamDir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot record that stream " + stream.name() + " finished in " + streamDir(stream), e);
    }
  }

  /** Releases the lock, if this state holds it. */
  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException e) {
      // closing the channel below releases it too
    } finally {
      close(lockChannel);
    }
  }

  private static void close(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }

  /**
   * A stream's completion record.
   *
   * @param file where it is kept
   * @param stage the stage the stream was in
   * @param id its migration id then
   * @param from its source then
   * @param to its destination then
   * @param guarantee its guarantee then
   * @param records source records its last checkpoint covered
   * @param finishedAt when it passed, ISO-8601
   */
  record Finished(
      Path file,
      String stage,
      String id,
      String from,
      String to,
      String guarantee,
      long records,
      String finishedAt) {

    /**
     * What differs between this record and what the plan now says of the stream, as {@code key:
     * was -> now}; empty if nothing does.
     */
    Optional<String> differenceFrom(Plan.Stream s) {
      StringBuilder d = new StringBuilder();
      differ(d, "id", id, s.id());
      differ(d, "from", from, s.from().toString());
      differ(d, "to", to, s.to().toString());
      differ(d, "guarantee", guarantee, s.guaranteeName());
      return d.length() == 0 ? Optional.empty() : Optional.of(d.toString());
    }

    private static void differ(StringBuilder d, String key, String was, String now) {
      if (!was.equals(now)) {
        d.append(d.length() == 0 ? "" : "; ").append(key).append(" was ").append(was)
            .append(", now ").append(now);
      }
    }
  }
}
