package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsCommandTest {

  @TempDir Path tmp;
  private Path state;

  @BeforeEach
  void migrateWithCheckpointsInAStateDir() throws Exception {
    Path logs = tmp.resolve("logs");
    // Four files: the source delivers at least one batch per file, so several checkpoints.
    Cli.writeLogs(logs, 1_000, 4);
    state = tmp.resolve("state");
    Cli.Result run =
        Cli.migrate(
            "run",
            "--from",
            Cli.logsUri(logs),
            "--to",
            tmp.resolve("archive").toUri().toString(),
            "--guarantee",
            "at-least-once",
            "--state-dir",
            state.toString(),
            "--checkpoint-every",
            "200");
    assertThat(run.code()).as(run.all()).isZero();
  }

  @Test
  void listShowsEveryCheckpointNewestFirstWithItsCounters() {
    Cli.Result list = Cli.migrate("checkpoints", "list", "--state-dir", state.toString());

    assertThat(list.code()).as(list.all()).isZero();
    String[] lines = list.out().strip().split("\n");
    assertThat(lines.length).isGreaterThanOrEqualTo(2);
    assertThat(lines[0]).contains("1,000 records");
    assertThat(id(lines[0])).isGreaterThan(id(lines[1]));
  }

  @Test
  void showPrintsPositionsAndCounters() {
    long newest = newestId();

    Cli.Result show =
        Cli.migrate("checkpoints", "show", Long.toString(newest), "--state-dir", state.toString());

    assertThat(show.code()).as(show.all()).isZero();
    assertThat(show.out())
        .contains("checkpoint " + newest, "records      1000", "positions", "    logs  ");
  }

  @Test
  void rollbackMakesAnOlderCheckpointTheLatestAndSetsNewerOnesAside() throws Exception {
    long newest = newestId();
    long older = newest - 1;

    Cli.Result rollback =
        Cli.migrate(
            "checkpoints", "rollback", Long.toString(older), "--state-dir", state.toString());

    assertThat(rollback.code()).as(rollback.all()).isZero();
    assertThat(rollback.out())
        .contains("rolled back to checkpoint " + older, "set aside checkpoints [" + newest + "]");
    assertThat(newestId()).isEqualTo(older);
    try (Stream<Path> files = Files.list(state.resolve("checkpoints"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".discarded"))).hasSize(1);
    }
  }

  @Test
  void anUnknownIdIsAUsageErrorListingTheStoredIds() {
    Cli.Result show = Cli.migrate("checkpoints", "show", "999999", "--state-dir", state.toString());

    assertThat(show.code()).isEqualTo(ExitCode.USAGE);
    assertThat(show.err()).contains("no checkpoint 999999", "stored ids are [");
  }

  @Test
  void aStateDirWithoutCheckpointsIsAUsageError() {
    Cli.Result list =
        Cli.migrate("checkpoints", "list", "--state-dir", tmp.resolve("empty").toString());

    assertThat(list.code()).isEqualTo(ExitCode.USAGE);
    assertThat(list.err()).contains("holds no checkpoints");
  }

  private long newestId() {
    Cli.Result list = Cli.migrate("checkpoints", "list", "--state-dir", state.toString());
    return id(list.out().strip().split("\n")[0]);
  }

  private static long id(String line) {
    return Long.parseLong(line.strip().split("\\s+")[0]);
  }
}
