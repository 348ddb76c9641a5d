package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate run --cutover} on a file source that follows its file: a completed cutover with
 * a writer that the before-drain command stops, a failing before-drain command, a failing
 * after-drain command, a drain past its timeout, a run that does not catch up in time and then
 * resumes, and the usage errors.
 */
@Timeout(120)
class CutoverCommandTest {

  @TempDir Path tmp;

  @Test
  void aLiveFileIsCutOverAfterTheBeforeDrainCommandStoppedItsWriterAndTheDestinationIsIdentical()
      throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 2_000), StandardCharsets.UTF_8);
    Path stop = tmp.resolve("stop");
    Path stopped = tmp.resolve("stopped");
    AtomicInteger written = new AtomicInteger(2_000);
    // The service writing the old stream: until the before-drain command tells it to stop.
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (Writer out =
                  Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                while (!Files.exists(stop)) {
                  for (String line : lines(written.get(), written.get() + 20)) {
                    out.write(line + "\n");
                  }
                  out.flush();
                  written.addAndGet(20);
                  Thread.sleep(10);
                }
                Files.createFile(stopped);
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    String to = tmp.resolve("archive").toUri().toString();

    Cli.Result run =
        Cli.migrate(
            "run",
            "--from",
            log.toUri() + "?format=lines&follow=true",
            "--to",
            to,
            "--checkpoint-every",
            "200ms",
            "--cutover",
            "--cutover-lag",
            "100000",
            "--cutover-window",
            "300ms",
            "--cutover-wait",
            "60s",
            // Stop the writer and return once it wrote its last line; the drain comes after.
            "--before-drain",
            "touch '" + stop + "' && while [ ! -e '" + stopped + "' ]; do sleep 0.05; done"
                + " && echo \"$MIGRATE_ID $MIGRATE_LAG\" > '" + tmp.resolve("before.env") + "'",
            "--after-drain",
            "cp \"$MIGRATE_END_POSITIONS\" '" + tmp.resolve("end.tsv") + "'"
                + " && echo \"$MIGRATE_END_CHECKPOINT $MIGRATE_END_RECORDS\" > '"
                + tmp.resolve("after.env") + "'");
    writer.get(10, TimeUnit.SECONDS);

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    int total = written.get();
    assertThat(total).as("the writer went on while the run caught up").isGreaterThan(2_000);
    String out = run.out();
    assertThat(out)
        .contains("cutover: waiting for lag <= 100,000 for 300ms (giving up after 1m)")
        .contains("cutover: caught up")
        .contains("cutover complete");
    assertThat(out.indexOf("running the --before-drain command"))
        .isLessThan(out.indexOf("--before-drain done"))
        .isLessThan(out.indexOf("drained to checkpoint"))
        .isLessThan(out.indexOf("running the --after-drain command"));
    assertThat(Files.readString(tmp.resolve("before.env")).strip()).startsWith("migrate ");
    // Drained to the very end the writer left: the byte offset past its last line.
    String end = "app.log\t" + Files.size(log);
    assertThat(Files.readAllLines(tmp.resolve("end.tsv"))).containsExactly(end);
    assertThat(out).contains("  app.log " + Files.size(log));
    String[] after = Files.readString(tmp.resolve("after.env")).strip().split(" ");
    assertThat(after[1]).isEqualTo(Integer.toString(total));
    assertThat(out)
        .contains("drained to checkpoint #" + after[0] + " (" + String.format(java.util.Locale.ROOT, "%,d", total));

    Cli.Result verify = Cli.migrate("verify", "--from", log.toUri() + "?format=lines", "--to", to);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out()).contains("source " + total + " records", "identical");
  }

  @Test
  void aFailingBeforeDrainCommandAbortsTheCutoverWithoutDrainingAndTheRunResumesLater()
      throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 1_000), StandardCharsets.UTF_8);
    String from = log.toUri() + "?format=lines&follow=true";
    String to = tmp.resolve("archive").toUri().toString();
    Path afterRan = tmp.resolve("after-ran");

    Cli.Result run =
        Cli.migrate(
            "run", "--from", from, "--to", to, "--cutover", "--cutover-window", "200ms",
            "--before-drain", "echo switching failed >&2; exit 3",
            "--after-drain", "touch '" + afterRan + "'");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.CUTOVER_ABORTED);
    assertThat(run.out())
        .contains("running the --before-drain command")
        .contains("cutover aborted: --before-drain command exited with 3; nothing was drained")
        .contains("stopped: 1,000 records")
        .doesNotContain("drained to")
        .doesNotContain("cutover complete");
    assertThat(afterRan).doesNotExist();

    // The final checkpoint holds: the same command, with a working hook, resumes and completes.
    Cli.Result again =
        Cli.migrate(
            "run", "--from", from, "--to", to, "--cutover", "--cutover-window", "200ms",
            "--before-drain", "true", "--after-drain", "touch '" + afterRan + "'");
    assertThat(again.code()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains(" 0 records", "resumed from", "cutover complete");
    assertThat(afterRan).exists();
    Cli.Result verify = Cli.migrate("verify", "--from", log.toUri() + "?format=lines", "--to", to);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
  }

  @Test
  void aFailingAfterDrainCommandExitsWithItsCodeAfterTheDrainPrintedTheEnd() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 300), StandardCharsets.UTF_8);

    Cli.Result run =
        Cli.migrate(
            "run", "--from", log.toUri() + "?format=lines&follow=true",
            "--to", tmp.resolve("archive").toUri().toString(),
            "--cutover", "--cutover-window", "200ms", "--after-drain", "exit 4");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.AFTER_DRAIN_FAILED);
    assertThat(run.out())
        .contains("no --before-drain command")
        .contains("drained to checkpoint")
        .contains("  app.log " + Files.size(log))
        .contains("drained and stopped at checkpoint #")
        .contains("--after-drain command exited with 4")
        .doesNotContain("cutover complete");
  }

  @Test
  void aDrainPastItsTimeoutFailsSayingTheWritersAreSwitchedAndTheNextRunFinishesIt()
      throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 500), StandardCharsets.UTF_8);
    String from = log.toUri() + "?format=lines&follow=true";
    String to = tmp.resolve("archive").toUri().toString();
    // The writers' last words before the switch: 10,000 lines the throttled drain needs 2 s for.
    Path last = tmp.resolve("last.log");
    Files.write(last, lines(500, 10_500), StandardCharsets.UTF_8);

    Cli.Result run =
        Cli.migrate(
            "run", "--from", from, "--to", to, "--rate", "5000", "--cutover",
            "--cutover-window", "200ms", "--drain-timeout", "200ms",
            "--before-drain", "cat '" + last + "' >> '" + log + "'");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.FAILED);
    assertThat(run.err())
        .contains("the drain failed after --before-drain succeeded, so the old stream's writers")
        .contains("did not finish draining within")
        .contains("Run the same command again");
    assertThat(run.out())
        .contains("migrate stopped: ")
        .doesNotContain("drained to")
        .doesNotContain("cutover complete");

    Cli.Result again =
        Cli.migrate(
            "run", "--from", from, "--to", to, "--cutover", "--cutover-window", "200ms",
            "--before-drain", "true");
    assertThat(again.code()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains("resumed from", "cutover complete");
    Cli.Result verify = Cli.migrate("verify", "--from", log.toUri() + "?format=lines", "--to", to);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out()).contains("source 10500 records", "identical");
  }

  @Test
  void aRunThatDoesNotCatchUpInTimeStopsWithAFinalCheckpointAndTheNextRunCompletes()
      throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 30_000), StandardCharsets.UTF_8);
    String from = log.toUri() + "?format=lines&follow=true";
    String to = tmp.resolve("archive").toUri().toString();
    Path beforeRan = tmp.resolve("before-ran");

    // 5,000 records/s cannot copy 30,000 records within a second.
    Cli.Result slow =
        Cli.migrate(
            "run", "--from", from, "--to", to, "--rate", "5000", "--checkpoint-every", "200ms",
            "--cutover", "--cutover-window", "200ms", "--cutover-wait", "1s",
            "--before-drain", "touch '" + beforeRan + "'");

    assertThat(slow.code()).as(slow.all()).isEqualTo(ExitCode.NOT_CAUGHT_UP);
    assertThat(slow.out())
        .contains("cutover: not caught up within 1s (lag ")
        .contains("needed <= 0 for 200ms); nothing was switched")
        .contains("stopped: ")
        .doesNotContain("caught up (lag")
        .doesNotContain("drained to");
    assertThat(beforeRan).doesNotExist();

    Cli.Result again =
        Cli.migrate(
            "run", "--from", from, "--to", to, "--cutover", "--cutover-window", "200ms",
            "--before-drain", "touch '" + beforeRan + "'");
    assertThat(again.code()).as(again.all()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains("resumed from", "cutover complete");
    assertThat(beforeRan).exists();
    Cli.Result verify = Cli.migrate("verify", "--from", log.toUri() + "?format=lines", "--to", to);
    assertThat(verify.code()).as(verify.all()).isEqualTo(ExitCode.OK);
    assertThat(verify.out()).contains("source 30000 records", "identical");
  }

  @Test
  void cutoverOfASourceThatEndsByItselfIsAUsageError() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 10), StandardCharsets.UTF_8);

    Cli.Result run =
        Cli.migrate(
            "run", "--from", log.toUri() + "?format=lines",
            "--to", tmp.resolve("archive").toUri().toString(), "--cutover");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--cutover needs a source that follows new records");
    assertThat(tmp.resolve("archive")).doesNotExist();
  }

  @Test
  void cutoverOptionsWithoutCutoverAreAUsageError() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 10), StandardCharsets.UTF_8);

    Cli.Result run =
        Cli.migrate(
            "run", "--from", log.toUri() + "?format=lines&follow=true",
            "--to", tmp.resolve("archive").toUri().toString(), "--before-drain", "true");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--before-drain belongs to a cutover: add --cutover");
  }

  @Test
  void withVerifyACompletedCutoverVerifiesTheSourceUpToTheCheckpointItDrainedTo() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 1_000), StandardCharsets.UTF_8);
    String to = tmp.resolve("archive").toUri().toString();

    // The old stream gets two more lines once drained: after the end, so not verified.
    Cli.Result run =
        Cli.migrate(
            "run", "--from", log.toUri() + "?format=lines&follow=true", "--to", to,
            "--cutover", "--cutover-window", "200ms", "--verify",
            "--after-drain", "printf 'late 1\\nlate 2\\n' >> '" + log + "'");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.OK);
    assertThat(Files.readAllLines(log)).hasSize(1_002);
    String out = run.out();
    assertThat(out)
        .contains(
            "cutover complete",
            "verify: the source up to checkpoint #",
            "Verification PASSED: source 1000 records (RANGE_END)",
            "range from the source's start up to checkpoint ");
    assertThat(out.indexOf("cutover complete")).isLessThan(out.indexOf("Verification PASSED"));
  }

  @Test
  void withVerifyADestinationDamagedAfterTheDrainFailsWithTheVerificationCode() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 500), StandardCharsets.UTF_8);
    Path archive = tmp.resolve("archive");

    // A byte in the middle of each destination segment flipped once the drain is done.
    Cli.Result run =
        Cli.migrate(
            "run", "--from", log.toUri() + "?format=lines&follow=true",
            "--to", archive.toUri().toString(), "--cutover", "--cutover-window", "200ms",
            "--verify",
            "--after-drain",
            "for f in '" + archive + "'/*.smf; do"
                + " printf X | dd of=\"$f\" bs=1 seek=$(( $(wc -c < \"$f\") / 2 ))"
                + " conv=notrunc 2>/dev/null; done");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.VERIFICATION_FAILED);
    assertThat(run.out())
        .contains("cutover complete", "Verification FAILED: corrupt data in partition archive");
  }

  @Test
  void verifyWithoutCutoverIsAUsageError() throws Exception {
    Path log = tmp.resolve("app.log");
    Files.write(log, lines(0, 10), StandardCharsets.UTF_8);

    Cli.Result run =
        Cli.migrate(
            "run", "--from", log.toUri() + "?format=lines",
            "--to", tmp.resolve("archive").toUri().toString(), "--verify");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--verify belongs to a cutover: add --cutover");
  }

  @Test
  void verifyOfASourceStartingAtLatestIsRefusedBeforeTheRun() {
    // No broker behind it: the refusal comes before anything is opened.
    String from = "kafka://127.0.0.1:9/orders?follow=true&start=latest";

    Cli.Result run =
        Cli.migrate(
            "run", "--from", from, "--to", "kafka://127.0.0.1:9/orders-copy", "--cutover",
            "--verify");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--verify reads --from " + from, "start=latest");
  }

  @Test
  void cutoverOfAKafkaScaleOutSourceIsAUsageErrorNamingIt() {
    // No broker behind it: the refusal comes before the group or the cluster is asked anything.
    String from = "kafka://127.0.0.1:9/orders?group=orders-mig&scale-out=true";

    Cli.Result run =
        Cli.migrate(
            "run", "--from", from, "--to", "kafka://127.0.0.1:9/orders-copy?transactional-id=a",
            "--cutover");

    assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains(
            "--cutover cannot end a run of " + from,
            "with scale-out=true each process reads only the partitions it is given",
            "Stop every process with Ctrl-C or SIGTERM");
  }

  private static List<String> lines(int from, int to) {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      lines.add("line " + i + " of the live log");
    }
    return lines;
  }
}
