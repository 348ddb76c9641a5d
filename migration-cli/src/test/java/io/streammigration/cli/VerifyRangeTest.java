package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate verify --after-checkpoint / --up-to-checkpoint}: a range of a run's checkpoints,
 * read from its state directory, is what is verified, so a run that started after a checkpoint
 * passes, a source that grew after a cutover's checkpoint passes up to it, and the report says
 * which range it checked. Kafka ranges and start times: {@code KafkaVerifyRangeTest}.
 */
class VerifyRangeTest {

  @TempDir Path tmp;
  private Path logs;
  private Path state;
  private String archive;
  /** The run's checkpoint ids, oldest first. */
  private List<Long> ids;

  @BeforeEach
  void runWithCheckpoints() throws Exception {
    logs = tmp.resolve("logs");
    // Four files: the source delivers at least one batch per file, so several checkpoints.
    Cli.writeLogs(logs, 1_000, 4);
    state = tmp.resolve("state");
    archive = tmp.resolve("archive").toUri().toString();
    Cli.Result run = atLeastOnceRun(archive);
    assertThat(run.code()).as(run.all()).isZero();
    ids = checkpointIds();
    assertThat(ids).hasSizeGreaterThanOrEqualTo(3);
  }

  private Cli.Result atLeastOnceRun(String to) {
    return Cli.migrate(
        "run", "--from", Cli.logsUri(logs), "--to", to, "--guarantee", "at-least-once",
        "--state-dir", state.toString(), "--checkpoint-every", "200");
  }

  private List<Long> checkpointIds() {
    Cli.Result list = Cli.migrate("checkpoints", "list", "--state-dir", state.toString());
    assertThat(list.code()).as(list.all()).isZero();
    return Arrays.stream(list.out().strip().split("\n"))
        .map(line -> Long.parseLong(line.strip().split("\\s+")[0]))
        .sorted()
        .toList();
  }

  private Cli.Result verify(String to, String... more) {
    String[] args = {"verify", "--from", Cli.logsUri(logs), "--to", to};
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.migrate(all);
  }

  @Test
  void aRunThatStartedAfterACheckpointPassesOnlyWhenVerifiedAfterThatCheckpoint() {
    long start = ids.get(1);
    long earlier = ids.get(0);
    // A second destination that gets only what comes after checkpoint 'start': resume from it.
    assertThat(
            Cli.migrate(
                    "checkpoints", "rollback", Long.toString(start), "--state-dir", state.toString())
                .code())
        .isZero();
    String late = tmp.resolve("late").toUri().toString();
    Cli.Result run = atLeastOnceRun(late);
    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out()).contains("resumed from #" + start);

    Cli.Result whole = verify(late);
    Cli.Result after =
        verify(late, "--state-dir", state.toString(), "--after-checkpoint", Long.toString(start));
    Cli.Result tooEarly =
        verify(late, "--state-dir", state.toString(), "--after-checkpoint", Long.toString(earlier));

    assertThat(whole.code()).as(whole.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(whole.out()).contains("range the whole source");
    assertThat(after.code()).as(after.all()).isEqualTo(ExitCode.OK);
    assertThat(after.out())
        .contains("Verification PASSED", "range after checkpoint " + start + " (", "to the source's end",
            "checkpoints in " + state.resolve("checkpoints").toAbsolutePath());
    // The records between the two checkpoints are not in the late destination.
    assertThat(tooEarly.code()).as(tooEarly.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(tooEarly.out()).contains("missing");
  }

  @Test
  void upToTheCheckpointACutoverDrainedToLeavesOutWhatTheSourceGotAfterIt() throws Exception {
    long drained = ids.get(ids.size() - 1);
    // The old source keeps receiving writes after the cutover.
    Files.write(
        logs.resolve("app.log"),
        List.of("after cutover 1", "after cutover 2"),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    Cli.Result whole = verify(archive);
    Cli.Result upTo =
        verify(archive, "--state-dir", state.toString(), "--up-to-checkpoint", Long.toString(drained));

    assertThat(whole.code()).as(whole.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(upTo.code()).as(upTo.all()).isEqualTo(ExitCode.OK);
    assertThat(upTo.out())
        .contains(
            "source 1000 records (RANGE_END)",
            "from the source's start up to checkpoint " + drained + " (");
  }

  @Test
  void anEarlierEndCheckpointCountsLaterDestinationRecordsAsOutOfRange() {
    long middle = ids.get(1);

    Cli.Result upTo =
        verify(
            archive, "--json", "--state-dir", state.toString(), "--up-to-checkpoint",
            Long.toString(middle));

    assertThat(upTo.code()).as(upTo.all()).isEqualTo(ExitCode.OK);
    // The destination holds all 1000; those past the checkpoint are set aside by provenance.
    assertThat(upTo.out())
        .contains("\"outOfRange\":")
        .doesNotContain("\"outOfRange\":0", "\"sourceRecords\":1000");
  }

  @Test
  void theJsonReportStatesTheRangeAfterPassed() {
    long start = ids.get(0);
    long end = ids.get(ids.size() - 1);

    Cli.Result range =
        verify(
            archive, "--json", "--state-dir", state.toString(), "--after-checkpoint",
            Long.toString(start), "--up-to-checkpoint", Long.toString(end));
    Cli.Result whole = verify(archive, "--json");

    assertThat(range.code()).as(range.all()).isZero();
    assertThat(range.out().strip())
        .startsWith("{\"passed\":true,\"range\":{\"after\":{\"id\":" + start + ",\"createdAt\":")
        .contains(",\"upTo\":{\"id\":" + end + ",", "\"positions\":{\"logs\":\"", "\"checkpoints\":\"")
        .contains("\"sourceStop\":\"RANGE_END\"");
    assertThat(whole.out().strip())
        .startsWith("{\"passed\":true,\"range\":{\"after\":null,\"upTo\":null,\"checkpoints\":null},");
  }

  @Test
  void anUnknownCheckpointIsAUsageErrorListingTheStoredIds() {
    Cli.Result r =
        verify(archive, "--state-dir", state.toString(), "--after-checkpoint", "999999");

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains("--after-checkpoint: no checkpoint 999999 in ", "stored ids are " + ids);
  }

  @Test
  void aCheckpointWithoutAStateDirIsAUsageErrorSayingWhereCheckpointsAreRead() {
    Cli.Result r = verify(archive, "--up-to-checkpoint", "1");

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--up-to-checkpoint reads the run's checkpoints", "--state-dir");
  }

  @Test
  void aStateDirWithoutCheckpointsIsAUsageError() {
    Path empty = tmp.resolve("no-state");

    Cli.Result r = verify(archive, "--state-dir", empty.toString(), "--after-checkpoint", "1");

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--state-dir " + empty + " holds no checkpoints");
    assertThat(empty).doesNotExist();
  }

  @Test
  void anEndBeforeTheStartIsAUsageError() {
    long start = ids.get(1);
    long end = ids.get(0);

    Cli.Result r =
        verify(
            archive, "--state-dir", state.toString(), "--after-checkpoint", Long.toString(start),
            "--up-to-checkpoint", Long.toString(end));

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains(
            "--up-to-checkpoint " + end + " is before --after-checkpoint " + start,
            "would end before it starts");
  }

  @Test
  void followingCannotEndAtACheckpoint() {
    Cli.Result r =
        Cli.migrate(
            "verify", "--follow", "--from", Cli.logsUri(logs) + "&follow=true", "--to", archive,
            "--state-dir", state.toString(), "--up-to-checkpoint", Long.toString(ids.get(0)));

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--follow compares records as they arrive without end");
  }

  @Test
  void aStateDirWithoutACheckpointOptionIsAUsageErrorRatherThanIgnored() {
    Cli.Result r = verify(archive, "--state-dir", state.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--state-dir is read only for --after-checkpoint");
  }
}
