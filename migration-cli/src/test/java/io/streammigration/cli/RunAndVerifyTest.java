package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunAndVerifyTest {

  @TempDir Path tmp;

  @Test
  void exactlyOnceRunOfRotatedLogsThenVerifyPasses() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 3_000, 3);
    String to = tmp.resolve("archive").toUri().toString();

    Cli.Result run =
        Cli.migrate("run", "--from", Cli.logsUri(logs), "--to", to, "--checkpoint-every", "500");
    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("finished at end of input", "3,000 records");

    Cli.Result verify = Cli.migrate("verify", "--from", Cli.logsUri(logs), "--to", to);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out())
        .contains(
            "Verification PASSED", "source 3000 records", "destination 3000 records", "identical");
  }

  @Test
  void runningAgainAfterTheEndAddsNothingAndStillVerifies() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 500, 2);
    String to = tmp.resolve("archive").toUri().toString();
    assertThat(Cli.migrate("run", "--from", Cli.logsUri(logs), "--to", to).code()).isZero();

    Cli.Result again = Cli.migrate("run", "--from", Cli.logsUri(logs), "--to", to);

    assertThat(again.code()).as(again.all()).isZero();
    assertThat(again.out()).contains(" 0 records", "resumed from");
    assertThat(Cli.migrate("verify", "--from", Cli.logsUri(logs), "--to", to).code()).isZero();
  }

  @Test
  void verifyJsonSaysPassed() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 200, 1);
    String to = tmp.resolve("archive").toUri().toString();
    Cli.migrate("run", "--from", Cli.logsUri(logs), "--to", to);

    Cli.Result verify = Cli.migrate("verify", "--from", Cli.logsUri(logs), "--to", to, "--json");

    assertThat(verify.code()).isZero();
    assertThat(verify.out().strip()).startsWith("{").contains("\"passed\":true");
  }

  @Test
  void atLeastOnceRunKeepsCheckpointsInTheStateDirAndVerifiesWithDuplicatesAllowed()
      throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 1_000, 2);
    String to = tmp.resolve("archive").toUri().toString();
    Path state = tmp.resolve("state");

    Cli.Result run =
        Cli.migrate(
            "run",
            "--from",
            Cli.logsUri(logs),
            "--to",
            to,
            "--guarantee",
            "at-least-once",
            "--state-dir",
            state.toString(),
            "--checkpoint-every",
            "250");

    assertThat(run.code()).as(run.all()).isZero();
    try (Stream<Path> files = Files.list(state.resolve("checkpoints"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".ckpt"))).isNotEmpty();
    }
    Cli.Result verify =
        Cli.migrate(
            "verify", "--from", Cli.logsUri(logs), "--to", to, "--gate", "duplicates-allowed");
    assertThat(verify.code()).as(verify.all()).isZero();
  }

  @Test
  void aFlippedByteInADestinationSegmentFailsVerificationNamingPartitionPositionAndFile()
      throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 1_000, 2);
    Path archive = tmp.resolve("archive");
    Cli.migrate("run", "--from", Cli.logsUri(logs), "--to", archive.toUri().toString());
    Path segment;
    try (Stream<Path> files = Files.list(archive)) {
      segment = files.filter(f -> f.toString().endsWith(".smf")).findFirst().orElseThrow();
    }
    try (FileChannel ch =
        FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      long at = ch.size() / 2;
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
      ch.write(b, at);
    }

    Cli.Result verify =
        Cli.migrate("verify", "--from", Cli.logsUri(logs), "--to", archive.toUri().toString());

    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(verify.out())
        .contains(
            "Verification FAILED",
            "partition archive",
            "at position",
            segment.getFileName().toString());
    assertThat(verify.all()).doesNotContain("\tat ");
  }

  @Test
  void recordsMissingFromTheDestinationFailVerificationWithTheFirstDivergence() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 1_000, 2);
    String to = tmp.resolve("archive").toUri().toString();
    Cli.migrate("run", "--from", Cli.logsUri(logs), "--to", to);
    // The source grows after the migration: the destination now lacks its last records.
    Files.write(
        logs.resolve("app.log"),
        List.of("appended 1", "appended 2"),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    Cli.Result verify = Cli.migrate("verify", "--from", Cli.logsUri(logs), "--to", to);

    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(verify.out())
        .contains("Verification FAILED", "partition logs", "missing 2", "first divergence");
  }

  @Test
  void aLinesDestinationVerifiesWhenItsPartitionIsNamedAfterTheSources() throws Exception {
    Path logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 300, 2);
    String to = tmp.resolve("lines-out").toUri() + "?format=lines";
    assertThat(Cli.migrate("run", "--from", Cli.logsUri(logs), "--to", to).code()).isZero();

    // Lines keep no provenance headers: the destination's partition is named like the source's.
    Cli.Result verify =
        Cli.migrate("verify", "--from", Cli.logsUri(logs), "--to", to + "&partition=logs");

    assertThat(verify.code()).as(verify.all()).isZero();
    assertThat(verify.out()).contains("partition logs: source 300, destination 300, identical");
  }
}
