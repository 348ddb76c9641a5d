package io.streammigration.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real process deaths: a child JVM migrates 200,000 framed records from a directory of segments to
 * a FileSink and is SIGKILLed at random moments, then started again, until it finishes. The number
 * of kills comes from the system property {@code file.crash.kills} (10 by default, 100 under the
 * {@code soak} profile); if a run finishes before enough kills, a new round starts on a fresh
 * destination, and every round's destination is checked.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class FileMigrationCrashTest {

  private static final int SEGMENTS = 4;
  private static final int RECORDS_PER_SEGMENT = 50_000;

  @TempDir Path dir;

  @Test
  void exactlyOnceDestinationEqualsTheSourceAfterRepeatedSigkills() throws Exception {
    Map<PartitionId, List<Record>> source = writeSource(dir.resolve("src"), true);
    crashUntilDone(
        DeliveryGuarantee.EXACTLY_ONCE,
        destination -> {
          Map<PartitionId, List<Record>> got =
              FileSinkContractTest.byOrigin(CommittedSegments.read(destination));
          assertThat(got.keySet()).isEqualTo(source.keySet());
          source.forEach(
              (p, records) -> assertThat(got.get(p)).as("partition %s", p).isEqualTo(records));
        });
  }

  @Test
  void atLeastOnceDestinationHasEverythingInOrderAfterRemovingReplays() throws Exception {
    List<Record> source = writeSource(dir.resolve("src"), false).get(PartitionId.of("all"));
    crashUntilDone(
        DeliveryGuarantee.AT_LEAST_ONCE,
        destination -> {
          List<Record> got = CommittedSegments.read(destination);
          List<Record> deduplicated = new ArrayList<>();
          Map<Position, Record> seen = new HashMap<>();
          Position last = null;
          for (Record r : got) {
            Record earlier = seen.putIfAbsent(r.position(), r);
            if (earlier != null) {
              assertThat(r).as("a replay repeats the original exactly").isEqualTo(earlier);
              continue;
            }
            if (last != null) {
              assertThat(r.position()).as("new records come in source order").isGreaterThan(last);
            }
            last = r.position();
            deduplicated.add(r);
          }
          assertThat(deduplicated).isEqualTo(source);
          // A FileSource that stops before torn tails reads the same records out of the directory.
          FileSource reader =
              SourceFiles.open(
                  FileSourceConfig.builder(destination)
                      .tornTail(TornTailPolicy.STOP_BEFORE)
                      .build(),
                  java.util.Optional.empty());
          List<Record> reread = SourceFiles.drain(reader);
          reader.close();
          assertThat(reread).hasSameSizeAs(got);
          for (int i = 0; i < got.size(); i++) {
            assertThat(reread.get(i).sameContentAs(got.get(i)))
                .as("record %d read by a FileSource", i)
                .isTrue();
          }
          System.out.printf(
              "AT_LEAST_ONCE: %d records written, %d replays%n",
              got.size(), got.size() - source.size());
        });
  }

  interface Check {
    void verify(Path destination) throws Exception;
  }

  private void crashUntilDone(DeliveryGuarantee guarantee, Check check) throws Exception {
    int wanted = Integer.getInteger("file.crash.kills", 10);
    Random random = new Random(42);
    int kills = 0;
    int killsAfterACommit = 0;
    int round = 0;
    List<String> report = new ArrayList<>();
    while (kills < wanted) {
      round++;
      Path destination = dir.resolve("dst-" + round);
      Path state = dir.resolve("state-" + round);
      boolean done = false;
      for (int run = 1; !done; run++) {
        Path log = dir.resolve("child-" + round + "-" + run + ".out");
        long started = System.nanoTime();
        Process child = start(guarantee, destination, state, log);
        long killAfter = kills < wanted ? 200 + random.nextInt(2500) : Long.MAX_VALUE;
        if (child.waitFor(
            Math.min(killAfter, TimeUnit.MINUTES.toMillis(5)), TimeUnit.MILLISECONDS)) {
          assertThat(child.exitValue())
              .as("child exit; output:%n%s", Files.readString(log))
              .isZero();
          done = true;
        } else if (killAfter == Long.MAX_VALUE) {
          throw new AssertionError("child did not finish within 5 minutes; see " + log);
        } else {
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no final commit
          assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
          kills++;
        }
        String lines = Files.readString(log, StandardCharsets.UTF_8).replace('\n', ' ').trim();
        if (!done && lines.contains("checkpoint")) {
          killsAfterACommit++;
        }
        report.add(
            String.format(
                "round %d run %d: %s after %d ms; child: %s",
                round,
                run,
                done ? "finished" : "killed",
                (System.nanoTime() - started) / 1_000_000,
                lines));
      }
      check.verify(destination);
    }
    System.out.printf(
        "%s: %d SIGKILLs (%d after the run had committed) over %d round(s)%n  %s%n",
        guarantee, kills, killsAfterACommit, round, String.join("\n  ", report));
    assertThat(kills).isGreaterThanOrEqualTo(wanted);
    // Kills during JVM start-up prove little; enough must land in a migration that is committing.
    assertThat(killsAfterACommit).isGreaterThanOrEqualTo(wanted / 4);
  }

  private Process start(DeliveryGuarantee guarantee, Path destination, Path state, Path log)
      throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            FileMigrationProcess.class.getName(),
            guarantee.name(),
            dir.resolve("src").toString(),
            destination.toString(),
            state.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Four framed segments; returns the records a FileSource over them delivers, by partition. */
  private static Map<PartitionId, List<Record>> writeSource(Path src, boolean partitionPerSegment)
      throws IOException {
    Files.createDirectories(src);
    Random random = new Random(3);
    Map<PartitionId, List<Record>> expected = new TreeMap<>();
    for (int s = 0; s < SEGMENTS; s++) {
      String name = "part-" + s + ".smf";
      PartitionId partition = PartitionId.of(partitionPerSegment ? name : "all");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(FramedFormat.segmentHeader());
      List<Record> records = expected.computeIfAbsent(partition, p -> new ArrayList<>());
      for (int i = 0; i < RECORDS_PER_SEGMENT; i++) {
        byte[] value = new byte[random.nextInt(64)];
        random.nextBytes(value);
        Record r =
            new Record(
                ("key-" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8),
                i % 97 == 0 ? null : value,
                Headers.of(Header.ofUtf8("seq", s + "/" + i)),
                1_700_000_000_000L + i,
                PartitionId.of("upstream"),
                Position.of(i));
        out.writeBytes(FramedFormat.frame(r));
        Position at = Position.of(partitionPerSegment ? 0 : s, out.size());
        records.add(new Record(r.key(), r.value(), r.headers(), r.timestamp(), partition, at));
      }
      Files.write(src.resolve(name), out.toByteArray());
    }
    return expected;
  }
}
