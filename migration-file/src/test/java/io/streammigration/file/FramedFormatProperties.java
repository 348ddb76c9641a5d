package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of the formats: every record survives a frame round trip, and a source returns the
 * same records whatever its read buffer size, so buffer boundaries never change what is read.
 */
class FramedFormatProperties {

  @Provide
  Arbitrary<byte[]> bytesOrNull() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.2);
  }

  @Provide
  Arbitrary<Record> records() {
    Arbitrary<Header> header =
        Combinators.combine(Arbitraries.strings().ofMinLength(0).ofMaxLength(12), bytesOrNull())
            .as(Header::of);
    Arbitrary<Headers> headers = header.list().ofMaxSize(4).map(Headers::of);
    return Combinators.combine(
            bytesOrNull(),
            bytesOrNull(),
            headers,
            Arbitraries.longs(),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20),
            Arbitraries.longs().greaterOrEqual(0),
            Arbitraries.longs().greaterOrEqual(0))
        .as(
            (k, v, h, ts, p, seg, off) ->
                new Record(k, v, h, ts, PartitionId.of(p), Position.of(seg, off)));
  }

  @Provide
  Arbitrary<List<Record>> recordLists() {
    return records().list().ofMaxSize(80);
  }

  @Property(tries = 300)
  void aFrameDecodesToTheRecordItEncodes(@ForAll("records") Record record) throws Exception {
    byte[] frame = FramedFormat.frame(record);
    assertThat(frame).hasSize(FramedFormat.frameSize(record));
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(frame);
    RecordScanner frames = RecordScanner.of(RecordFormat.FRAMED);
    assertThat(frames.scan(in, Integer.MAX_VALUE - 8)).isEqualTo(frame.length);
    Record decoded = frames.decode(in, frame.length, null, null);
    assertThat(decoded).isEqualTo(record);
  }

  @Property(tries = 40)
  void theRecordsReadDoNotDependOnTheReadBufferSize(
      @ForAll("recordLists") List<Record> records,
      @ForAll @IntRange(min = 4096, max = 9000) int bufferSize)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(FramedFormat.segmentHeader());
    List<Long> ends = new ArrayList<>();
    for (Record r : records) {
      out.writeBytes(FramedFormat.frame(r));
      ends.add((long) out.size());
    }
    Path dir = Files.createTempDirectory("frames");
    try {
      Path file = dir.resolve("s.smf");
      Files.write(file, out.toByteArray());
      FileSource source =
          SourceFiles.open(
              FileSourceConfig.builder(file)
                  .readBufferSize(bufferSize)
                  .maxRecordSize(1 << 20)
                  .build(),
              Optional.empty());
      List<Record> got = SourceFiles.drain(source);
      source.close();
      assertThat(got).hasSameSizeAs(records);
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i).sameContentAs(records.get(i))).as("record %d", i).isTrue();
        assertThat(got.get(i).timestamp()).isEqualTo(records.get(i).timestamp());
        assertThat(got.get(i).position()).isEqualTo(Position.of(0, ends.get(i)));
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
