package io.streammigration.file;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.error.CheckpointCorruptionException;
import io.streammigration.core.error.MigrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The last few commit manifests of a {@link FileSink}, kept beside the current one as {@code
 * commit.manifest.<20-digit checkpoint id>}: what a rollback returns the directory to. Segments only
 * grow while a sink appends, so an older manifest's lengths still describe a prefix of them.
 *
 * <p>A history file is written after the current manifest, so a crash between the two only loses
 * the newest history entry, never a commit; each file carries the manifest's own checksum, so a
 * torn one is refused rather than rolled back to.
 */
final class ManifestHistory {

  /** How many manifests are kept for rollback. */
  static final int KEEP = 16;

  private static final Pattern NAME =
      Pattern.compile(Pattern.quote(CommitManifest.FILE_NAME) + "\\.(\\d{20})");

  private final Path directory;

  ManifestHistory(Path directory) {
    this.directory = directory;
  }

  /** Records {@code manifest}, committed for {@code checkpoint}, and prunes the oldest. */
  void record(Checkpoint checkpoint, CommitManifest manifest) throws IOException {
    SegmentFiles.replaceAtomically(file(checkpoint.id()), manifest.encode());
    TreeMap<Long, Path> kept = files();
    while (kept.size() > KEEP) {
      Files.deleteIfExists(kept.pollFirstEntry().getValue());
    }
  }

  /** Up to {@code max} recorded checkpoints, newest first; torn files are left out. */
  List<Checkpoint> checkpoints(int max) {
    List<Checkpoint> newestFirst = new ArrayList<>();
    for (Map.Entry<Long, Path> e : files().descendingMap().entrySet()) {
      if (newestFirst.size() == max) {
        break;
      }
      try {
        read(e.getValue()).checkpoint().ifPresent(newestFirst::add);
      } catch (CheckpointCorruptionException torn) {
        // left out: a rollback to it would be refused anyway
      }
    }
    return newestFirst;
  }

  /**
   * The manifest committed with checkpoint {@code id}.
   *
   * @throws MigrationException if none is kept; CheckpointCorruptionException if it is torn
   */
  CommitManifest manifest(long id) {
    Path file = file(id);
    if (!Files.isRegularFile(file)) {
      throw new MigrationException(
          "no committed checkpoint "
              + id
              + " kept in "
              + directory
              + " to roll back to; kept: "
              + files().keySet());
    }
    return read(file);
  }

  /** Deletes the history of every checkpoint after {@code id}: it no longer happened. */
  void forgetAfter(long id) throws IOException {
    for (Path later : files().tailMap(id, false).values()) {
      Files.deleteIfExists(later);
    }
  }

  private CommitManifest read(Path file) {
    try {
      return CommitManifest.decode(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw SegmentFiles.failure("reading", file, e);
    }
  }

  private Path file(long id) {
    return directory.resolve(CommitManifest.FILE_NAME + "." + String.format("%020d", id));
  }

  private TreeMap<Long, Path> files() {
    TreeMap<Long, Path> found = new TreeMap<>();
    try (Stream<Path> list = Files.list(directory)) {
      list.forEach(
          f -> {
            Matcher m = NAME.matcher(f.getFileName().toString());
            if (m.matches()) {
              found.put(Long.parseLong(m.group(1)), f);
            }
          });
    } catch (IOException e) {
      throw SegmentFiles.failure("listing", directory, e);
    }
    return found;
  }

  @Override
  public String toString() {
    return "ManifestHistory{" + directory + "}";
  }
}
