package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.cli.endpoint.EndpointOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate replay-check}: a checkpointed range of an unchanged file source reads the same
 * twice; a byte changed inside the range between the two reads makes its partition differ (and
 * only that one), with exit code 3; the JSON states both reads; range mistakes are usage errors.
 */
class ReplayCheckTest {

  @TempDir Path tmp;
  private Path logs;
  private Path state;
  private String from;
  /** The run's checkpoint ids, oldest first. */
  private List<Long> ids;

  @BeforeEach
  void runWithCheckpoints() throws Exception {
    logs = tmp.resolve("logs");
    // Two files, app.log.1 and app.log, of 1,500 lines each: a partition each, read in batches
    // of 1,000, so several checkpoints.
    Cli.writeLogs(logs, 3_000, 2);
    from = logs.toUri() + "?format=lines&per-segment=true";
    state = tmp.resolve("state");
    Cli.Result run =
        Cli.migrate(
            "run", "--from", from, "--to", tmp.resolve("archive").toUri().toString(),
            "--guarantee", "at-least-once", "--state-dir", state.toString(),
            "--checkpoint-every", "200");
    assertThat(run.code()).as(run.all()).isZero();
    Cli.Result list = Cli.migrate("checkpoints", "list", "--state-dir", state.toString());
    ids =
        Arrays.stream(list.out().strip().split("\n"))
            .map(line -> Long.parseLong(line.strip().split("\\s+")[0]))
            .sorted()
            .toList();
    assertThat(ids).hasSizeGreaterThanOrEqualTo(2);
  }

  private String last() {
    return Long.toString(ids.get(ids.size() - 1));
  }

  @Test
  void anUnchangedSourceReadsTheSameTwiceAndPasses() {
    Cli.Result r =
        Cli.migrate(
            "replay-check", "--from", from, "--state-dir", state.toString(),
            "--up-to-checkpoint", last());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .contains(
            "Replay check PASSED: two reads of the range gave the same records in 2 partitions",
            "range from the source's start up to checkpoint " + last() + " (",
            "read 1 stopped at RANGE_END, read 2 at RANGE_END")
        .containsPattern("partition app\\.log: 1500 records, digest [0-9a-f]{64}, same")
        .containsPattern("partition app\\.log\\.1: 1500 records, digest [0-9a-f]{64}, same");
  }

  @Test
  void aByteChangedInsideTheRangeBetweenTheReadsFailsNamingOnlyThatPartition() {
    StringWriter out = new StringWriter();
    // The first line of app.log.1, "line 0 ...", becomes "Line 0 ...": same size, same positions.
    Runnable rewrite = () -> overwrite(logs.resolve("app.log.1"), 0, (byte) 'L');

    int code =
        ReplayCheckCommand.check(
            MigrateCommand.endpoints(),
            URI.create(from),
            EndpointOptions.none(),
            VerifyRange.of(
                Optional.of(state), OptionalLong.empty(), OptionalLong.of(ids.get(ids.size() - 1))),
            Duration.ofSeconds(5),
            false,
            new PrintWriter(out, true),
            rewrite);

    assertThat(code).as(out.toString()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(out.toString())
        .startsWith("Replay check FAILED: partition app.log.1 differs between the reads\n")
        .containsPattern("partition app\\.log: 1500 records, digest [0-9a-f]{64}, same");
    Matcher changed =
        Pattern.compile(
                "partition app\\.log\\.1: 1500 / 1500 records,"
                    + " digest ([0-9a-f]{64}) / ([0-9a-f]{64}), DIFFERENT")
            .matcher(out.toString());
    assertThat(changed.find()).as(out.toString()).isTrue();
    assertThat(changed.group(1)).isNotEqualTo(changed.group(2));
  }

  @Test
  void theJsonStatesTheRangeBothReadsAndEachPartitionsDigests() {
    long after = ids.get(0);
    Cli.Result r =
        Cli.migrate(
            "replay-check", "--from", from, "--state-dir", state.toString(),
            "--after-checkpoint", Long.toString(after), "--up-to-checkpoint", last(), "--json");

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.OK);
    assertThat(r.out().strip())
        .startsWith("{\"passed\":true,\"range\":{\"after\":{\"id\":" + after + ",")
        .contains(
            "\"failures\":[]",
            "\"reads\":[{\"stop\":\"RANGE_END\"},{\"stop\":\"RANGE_END\"}]",
            "{\"partition\":\"app.log\",\"same\":true,\"first\":{\"count\":")
        .endsWith("}]}");
  }

  @Test
  void anUnknownCheckpointIsAUsageErrorListingTheStoredIds() {
    Cli.Result r =
        Cli.migrate(
            "replay-check", "--from", from, "--state-dir", state.toString(),
            "--up-to-checkpoint", "999999");

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains("--up-to-checkpoint: no checkpoint 999999 in ", "stored ids are " + ids);
  }

  @Test
  void withoutAnEndCheckpointItIsAUsageError() {
    Cli.Result r = Cli.migrate("replay-check", "--from", from, "--state-dir", state.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--up-to-checkpoint");
  }

  private static void overwrite(Path file, long at, byte value) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {value}), at);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
