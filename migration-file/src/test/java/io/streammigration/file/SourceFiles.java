package io.streammigration.file;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.testkit.memory.StandaloneSourceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test fixtures: files in either format with known record boundaries, and read loops. */
final class SourceFiles {

  private SourceFiles() {}

  /** The bytes of a file and the offset just past each record. */
  record Layout(byte[] bytes, long firstStart, List<Long> ends, List<byte[]> values) {
    long startOf(int record) {
      return record == 0 ? firstStart : ends.get(record - 1);
    }

    /** How many records end at or before {@code cut}. */
    int completeBefore(long cut) {
      int n = 0;
      while (n < ends.size() && ends.get(n) <= cut) {
        n++;
      }
      return n;
    }
  }

  static Record record(int i, byte[] value) {
    return new Record(
        ("k" + i).getBytes(StandardCharsets.UTF_8),
        value,
        Headers.of(Header.ofUtf8("n", Integer.toString(i))),
        1_700_000_000_000L + i,
        PartitionId.of("origin"),
        Position.of(i));
  }

  /** {@code values} laid out in {@code format}; lines alternate LF and CRLF terminators. */
  static Layout layout(RecordFormat format, List<byte[]> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Long> ends = new ArrayList<>();
    if (format == RecordFormat.FRAMED) {
      out.writeBytes(FramedFormat.segmentHeader());
    }
    for (int i = 0; i < values.size(); i++) {
      if (format == RecordFormat.FRAMED) {
        out.writeBytes(FramedFormat.frame(record(i, values.get(i))));
      } else {
        out.writeBytes(values.get(i));
        out.writeBytes(i % 2 == 0 ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
      }
      ends.add((long) out.size());
    }
    long first = format == RecordFormat.FRAMED ? FramedFormat.SEGMENT_HEADER_SIZE : 0;
    return new Layout(out.toByteArray(), first, ends, values);
  }

  /** Values with 4-byte UTF-8 characters, empty values and ASCII. */
  static List<byte[]> values(int n) {
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s =
          i % 3 == 0 ? "" : i % 3 == 1 ? "value-" + i + "-\uD83D\uDE00\uD83C\uDF89" : "plain " + i;
      values.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return values;
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void append(Path file, byte[] bytes, int from, int to) {
    try {
      Files.write(file, java.util.Arrays.copyOfRange(bytes, from, to), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FileSource open(
      FileSourceConfig config, Optional<io.streammigration.core.checkpoint.Checkpoint> from) {
    FileSource source = new FileSource(config);
    source.open(new StandaloneSourceContext("test"), from);
    return source;
  }

  /** Polls a bounded source to its end. */
  static List<Record> drain(Source source) {
    List<Record> all = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!source.isEndOfInput()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no end of input");
      }
      all.addAll(source.poll(1000, Duration.ofMillis(50)));
    }
    return all;
  }

  /** Polls a following source until it delivered {@code count} records, or 10 s passed. */
  static List<Record> pollUntil(Source source, int count) {
    List<Record> all = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (all.size() < count && System.nanoTime() < deadline) {
      all.addAll(source.poll(1000, Duration.ofMillis(20)));
    }
    return all;
  }

  static List<String> utf8Values(List<Record> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }
}
