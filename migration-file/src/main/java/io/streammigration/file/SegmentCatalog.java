package io.streammigration.file;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.record.PartitionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The segments a source reads, in order, each with a stable ordinal and an identity (file key and a
 * fingerprint of its first bytes), so a renamed file is recognised and a replaced one is not
 * mistaken for it. With a registry file the ordinals and identities survive restarts; with a commit
 * manifest the ordinals come from the FileSink's names and the lengths from the manifest. Owned by
 * the source's reader thread.
 */
final class SegmentCatalog {

  private final FileSourceConfig config;
  private final Consumer<SkippedBytes> onSkip;
  private final List<Segment> segments = new ArrayList<>();
  private final Map<String, Segment> byKey = new HashMap<>();
  private long nextOrdinal;

  SegmentCatalog(FileSourceConfig config, Consumer<SkippedBytes> onSkip) {
    this.config = config;
    this.onSkip = onSkip;
  }

  /** Segments in read order (ordinal order for a single partition). */
  List<Segment> segments() {
    return segments;
  }

  /** First listing. With a registry, files it knows keep their ordinals. */
  void load() {
    if (config.committedOnly()) {
      refreshFromManifest();
      return;
    }
    if (!config.follow() && !Files.exists(config.path())) {
      // A typo in the path would otherwise "migrate" nothing and end successfully.
      throw new MigrationException(
          "file source path "
              + config.path()
              + " does not exist: a bounded source has nothing to read (follow mode waits for it)");
    }
    SegmentRegistry.Contents registry =
        config
            .segmentRegistry()
            .map(SegmentRegistry::read)
            .orElse(new SegmentRegistry.Contents(0, List.of()));
    List<SegmentRegistry.Entry> known = registry.entries();
    nextOrdinal = registry.nextOrdinal();
    for (SegmentRegistry.Entry e : known) {
      nextOrdinal = Math.max(nextOrdinal, e.ordinal() + 1);
    }
    List<Segment> found = new ArrayList<>();
    for (Path file : list()) {
      Identity id = identify(file);
      if (id == null) {
        continue;
      }
      Optional<SegmentRegistry.Entry> match =
          known.stream()
              .filter(e -> e.fileKey().equals(id.key) && id.matches(file, e.fingerprint()))
              .findFirst();
      long ordinal = match.map(SegmentRegistry.Entry::ordinal).orElse(-1L);
      Segment s = newSegment(ordinal, file, id);
      found.add(s);
    }
    found.sort((a, b) -> Long.compare(a.ordinal, b.ordinal));
    found.forEach(this::add);
    persist();
  }

  /**
   * Looks for new segments and renames (follow mode).
   *
   * @return true if a segment was added
   */
  boolean refresh() {
    if (config.committedOnly()) {
      return refreshFromManifest();
    }
    boolean added = false;
    boolean changed = false;
    for (Path file : list()) {
      Identity id = identify(file);
      if (id == null) {
        continue;
      }
      Segment known = byKey.get(id.key);
      if (known != null
          && known.path.equals(file)
          && known.fingerprint != null
          && known.fingerprint.length() == Segment.Fingerprint.MAX_LENGTH) {
        continue; // same name, same inode, fully fingerprinted: no need to read it on every look
      }
      if (known != null && id.matches(file, known.fingerprint)) {
        known.path = file; // a rename (rotation): same inode, same first bytes
        if (known.fingerprint.length() < Segment.Fingerprint.MAX_LENGTH
            && id.size > known.fingerprint.length()) {
          // Seen while (nearly) empty: fingerprint more bytes now, and keep them for a restart.
          known.fingerprint = id.fingerprint(file);
          changed = true;
        }
        continue;
      }
      if (known != null) {
        // Same inode, other first bytes: the name and inode were reused for a new file.
        onSkip.accept(
            new SkippedBytes(
                known.path, 0, 0, "file replaced under the same inode; read as a new segment"));
        known.done = true;
        byKey.remove(id.key);
      }
      add(newSegment(-1, file, id));
      added = true;
    }
    if (added || changed) {
      persist();
    }
    return added;
  }

  /** Replaces a truncated segment by a new one over the same file, read from its start. */
  Segment restart(Segment old) {
    old.done = true;
    old.close();
    byKey.remove(old.fileKey);
    Identity id = identify(old.path);
    Segment s = newSegment(-1, old.path, id == null ? new Identity(old.fileKey, 0) : id);
    add(s);
    persist();
    return s;
  }

  private Segment newSegment(long ordinal, Path file, Identity id) {
    long o = ordinal >= 0 ? ordinal : nextOrdinal++;
    boolean perSegment = config.partitionPerSegment();
    PartitionId partition =
        perSegment
            ? PartitionId.of(file.getFileName().toString())
            : PartitionId.of(config.partitionName());
    return new Segment(o, partition, perSegment ? 0 : o, id.key, file, id.fingerprint(file));
  }

  private void add(Segment s) {
    segments.add(s);
    byKey.put(s.fileKey, s);
  }

  private void persist() {
    config.segmentRegistry().ifPresent(file -> SegmentRegistry.write(file, nextOrdinal, segments));
  }

  private boolean refreshFromManifest() {
    Optional<CommitManifest> manifest = CommittedSegments.readManifest(config.path());
    if (manifest.isEmpty()) {
      return false;
    }
    boolean added = false;
    for (Map.Entry<String, Long> e : manifest.get().segments().entrySet()) {
      Segment s = byKey.get(e.getKey());
      if (s == null) {
        Path file = config.path().resolve(e.getKey());
        long ordinal = sinkOrdinal(e.getKey());
        PartitionId partition =
            config.partitionPerSegment()
                ? PartitionId.of(e.getKey())
                : PartitionId.of(config.partitionName());
        s =
            new Segment(
                ordinal,
                partition,
                config.partitionPerSegment() ? 0 : ordinal,
                e.getKey(),
                file,
                null);
        add(s);
        added = true;
      }
      s.limit = e.getValue();
    }
    return added;
  }

  /** FileSink names end in 20 digits and an extension: the ordinal it gave the segment. */
  private long sinkOrdinal(String name) {
    int dot = name.lastIndexOf('.');
    int end = dot < 0 ? name.length() : dot;
    if (end >= 20 && name.substring(end - 20, end).chars().allMatch(Character::isDigit)) {
      return Long.parseLong(name.substring(end - 20, end));
    }
    throw new MigrationException("not a FileSink segment name in " + config.path() + ": " + name);
  }

  private List<Path> list() {
    Path path = config.path();
    if (!Files.isDirectory(path)) {
      return Files.exists(path) ? List.of(path) : List.of();
    }
    try (Stream<Path> files = Files.list(path)) {
      return files.filter(config.segmentFilter()).sorted(config.segmentOrder()).toList();
    } catch (IOException e) {
      throw SegmentFiles.failure("listing", path, e);
    }
  }

  /** The file's key and size, or null if it vanished meanwhile. */
  private static Identity identify(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      Object key = a.fileKey();
      return new Identity(
          key == null ? file.toAbsolutePath().toString() : key.toString(), a.size());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw SegmentFiles.failure("reading attributes of", file, e);
    }
  }

  private record Identity(String key, long size) {
    Segment.Fingerprint fingerprint(Path file) {
      return fingerprintOf(file, (int) Math.min(size, Segment.Fingerprint.MAX_LENGTH));
    }

    /** True if the file's first bytes are still those fingerprinted (or too few to tell). */
    boolean matches(Path file, Segment.Fingerprint fp) {
      if (fp == null || fp.length() == 0 || size < fp.length()) {
        return true; // shorter than the fingerprint: a truncation, which the reader reports
      }
      return fingerprintOf(file, fp.length()).crc() == fp.crc();
    }
  }

  static Segment.Fingerprint fingerprintOf(Path file, int length) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(length);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // read up to length bytes
      }
      b.flip();
      CRC32C crc = new CRC32C();
      crc.update(b);
      return new Segment.Fingerprint(b.limit(), (int) crc.getValue());
    } catch (IOException e) {
      throw SegmentFiles.failure("fingerprinting", file, e);
    }
  }
}
