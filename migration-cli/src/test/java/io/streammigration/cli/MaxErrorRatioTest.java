package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.checkpoint.FileCheckpointStore;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate verify --max-error-ratio}: the run's records and dead letters come from its
 * checkpoint in {@code --state-dir}, and the gate fails above the ratio and passes at or below it.
 * {@code migrate run} has no dead-letter route, so the run's newest checkpoint is followed by one
 * written as the engine writes a checkpoint after dead letters: the same positions and records,
 * 50 of the 1,000 records dead-lettered.
 */
class MaxErrorRatioTest {

  @TempDir Path tmp;
  private Path logs;
  private Path state;
  private String archive;
  private long clean;

  @BeforeEach
  void runThenRecordDeadLetters() throws Exception {
    logs = tmp.resolve("logs");
    Cli.writeLogs(logs, 1_000, 2);
    state = tmp.resolve("state");
    archive = tmp.resolve("archive").toUri().toString();
    Cli.Result run =
        Cli.migrate(
            "run", "--from", Cli.logsUri(logs), "--to", archive, "--guarantee", "at-least-once",
            "--state-dir", state.toString(), "--checkpoint-every", "400");
    assertThat(run.code()).as(run.all()).isZero();
    try (FileCheckpointStore store = FileCheckpointStore.open(state.resolve("checkpoints"))) {
      Checkpoint last = store.latest().orElseThrow();
      assertThat(last.records()).isEqualTo(1_000);
      clean = last.id();
      store.save(last.toBuilder(last.id() + 1).deadLetters(50).build());
    }
  }

  private Cli.Result verify(String... more) {
    String[] args = {"verify", "--from", Cli.logsUri(logs), "--to", archive};
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.migrate(all);
  }

  @Test
  void theGatePassesAtTheRatioOfTheNewestCheckpoint() {
    Cli.Result r = verify("--max-error-ratio", "0.05", "--state-dir", state.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .contains(
            "Verification PASSED",
            "gate max-error-ratio: passed (error ratio 0.05 (0 errors + 50 dead letters of 1000)"
                + " <= 0.05)",
            "errors 0, dead letters 50 of 1000 processed",
            "range the whole source");
  }

  @Test
  void theGateFailsAboveTheRatioThoughTheRecordsMatch() {
    Cli.Result r = verify("--max-error-ratio", "0.049", "--state-dir", state.toString(), "--json");

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(r.out())
        .contains(
            "{\"gate\":\"exact-equality\",\"passed\":true",
            "{\"gate\":\"max-error-ratio\",\"passed\":false",
            "\"errors\":{\"processed\":1000,\"errors\":0,\"deadLetters\":50,\"ratio\":0.05}");
  }

  @Test
  void anEndCheckpointsCountsAreTheOnesJudged() {
    Cli.Result r =
        verify(
            "--max-error-ratio", "0", "--state-dir", state.toString(), "--up-to-checkpoint",
            Long.toString(clean));

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).contains("errors 0, dead letters 0 of 1000 processed");
  }

  @Test
  void theRatioNeedsTheStateDir() {
    Cli.Result r = verify("--max-error-ratio", "0.01");

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--max-error-ratio reads the run's record and dead-letter counts",
        "--state-dir");
  }

  @Test
  void aRatioAboveOneIsAUsageError() {
    Cli.Result r = verify("--max-error-ratio", "1.5", "--state-dir", state.toString());

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--max-error-ratio must be from 0 to 1", "was 1.5");
  }
}
