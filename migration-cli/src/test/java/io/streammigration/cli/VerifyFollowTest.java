package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code migrate verify --follow} on a live file source and a live {@code lines} destination, both
 * written by the test while the verification follows them on a thread of its own: drifts are
 * printed as they happen (text and JSON, up to {@code --drift-lines}), records that arrive while
 * it follows are compared, and stopping it (as Ctrl-C would, through the {@link Following} the
 * shutdown hook would get) prints the final report and returns the gates' exit code. The signal
 * itself, with a real process: {@code MigrateJarIT}.
 */
@Timeout(60)
class VerifyFollowTest {

  @TempDir Path tmp;
  private Path log;
  private Path destination;
  private String from;
  private String to;

  @BeforeEach
  void bothSidesHoldTheFirstHundredLines() throws Exception {
    log = tmp.resolve("app.log");
    Path archive = Files.createDirectories(tmp.resolve("archive"));
    destination = archive.resolve("segment-0.log");
    Files.write(log, lines(0, 100), StandardCharsets.UTF_8);
    Files.write(destination, lines(0, 100), StandardCharsets.UTF_8);
    from = log.toUri() + "?format=lines&follow=true";
    // Lines keep no provenance: the destination's partition is named after the source's.
    to = archive.toUri() + "?format=lines&partition=app.log";
  }

  @Test
  void driftsArePrintedAsTheyHappenAndStoppingPrintsTheFinalReportWithTheFailedGatesCode()
      throws Exception {
    Running verify =
        start("verify", "--follow", "--from", from, "--to", to, "--window", "4",
            "--idle-timeout", "300ms");

    // Line 105 never reaches the destination.
    append(log, lines(100, 120));
    List<String> skipping = lines(100, 105);
    skipping.addAll(lines(106, 120));
    append(destination, skipping);
    verify.awaitOutput("drift MISSING partition app.log: app.log@");
    // A record the source never had; four later source records without it make it unexpected.
    append(destination, List.of("not from the source"));
    append(log, lines(120, 130));
    append(destination, lines(120, 130));
    verify.awaitOutput("drift UNEXPECTED partition app.log: app.log@");
    assertThat(verify.code).as("still following").isNotDone();

    OptionalInt stopped = verify.following.get(10, TimeUnit.SECONDS).stop(Duration.ofSeconds(30));

    assertThat(stopped).hasValue(ExitCode.VERIFICATION_FAILED);
    assertThat(verify.code.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.VERIFICATION_FAILED);
    String out = verify.out.toString();
    assertThat(out)
        .contains(
            "Verification FAILED: source 130 records",
            "destination 130 records",
            "missing 1",
            "unexpected 1");
    // "line 105" in hex: the record's first bytes.
    assertThat(Arrays.asList(out.split("\n")))
        .filteredOn(line -> line.startsWith("drift "))
        .hasSize(2)
        .first()
        .asString()
        .contains("drift MISSING", "value=8B[6c696e6520313035]");
    assertThat(out.indexOf("drift MISSING")).isLessThan(out.indexOf("drift UNEXPECTED"));
    assertThat(out.indexOf("drift UNEXPECTED")).isLessThan(out.indexOf("Verification FAILED"));
  }

  @Test
  void recordsArrivingWhileItFollowsAreComparedAndAStopWithoutDriftPasses() throws Exception {
    Running verify =
        start("verify", "--follow", "--from", from, "--to", to, "--idle-timeout", "300ms");

    for (int i = 100; i < 400; i += 50) {
      append(log, lines(i, i + 50));
      append(destination, lines(i, i + 50));
      Thread.sleep(20);
    }
    OptionalInt stopped = verify.following.get(10, TimeUnit.SECONDS).stop(Duration.ofSeconds(30));

    assertThat(stopped).hasValue(ExitCode.OK);
    assertThat(verify.code.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    assertThat(verify.out.toString())
        .contains("Verification PASSED: source 400 records", "destination 400 records", "identical")
        .doesNotContain("drift ");
  }

  @Test
  void jsonPrintsOneObjectPerDriftUpToTheLimitThenTheReport() throws Exception {
    Running verify =
        start("verify", "--follow", "--json", "--drift-lines", "1", "--from", from, "--to", to,
            "--window", "4", "--idle-timeout", "300ms");

    append(log, lines(100, 110));
    List<String> skipping = lines(100, 105);
    skipping.addAll(lines(106, 110));
    append(destination, skipping);
    verify.awaitOutput("{\"drift\":\"MISSING\"");
    append(destination, List.of("not from the source"));
    append(log, lines(110, 120));
    append(destination, lines(110, 120));
    verify.awaitOutput("{\"driftLinesLimit\":1}");
    verify.following.get(10, TimeUnit.SECONDS).stop(Duration.ofSeconds(30));

    assertThat(verify.code.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.VERIFICATION_FAILED);
    List<String> out = Arrays.asList(verify.out.toString().strip().split("\n"));
    assertThat(out).hasSize(3);
    // "line 105" in hex: the record's first bytes, as the final report's summaries show them.
    assertThat(out.get(0))
        .startsWith("{\"drift\":\"MISSING\",\"partition\":\"app.log\",\"record\":{\"partition\":")
        .contains("\"valuePrefix\":\"6c696e6520313035\"")
        .endsWith("}}");
    assertThat(out.get(1)).isEqualTo("{\"driftLinesLimit\":1}");
    assertThat(out.get(2)).startsWith("{\"passed\":false,\"range\":");
  }

  @Test
  void aSourceThatEndsByItselfCannotBeFollowed() {
    Cli.Result r =
        Cli.migrate("verify", "--follow", "--from", log.toUri() + "?format=lines", "--to", to);

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains("--follow compares records as they arrive, but --from " + log.toUri())
        .contains("follow=true");
  }

  @Test
  void driftLinesWithoutFollowIsAUsageError() {
    Cli.Result r =
        Cli.migrate("verify", "--drift-lines", "5", "--from", from, "--to", to);

    assertThat(r.code()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--drift-lines belongs to --follow");
  }

  /** A {@code migrate} command running on its own thread, with its output so far. */
  private static final class Running {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CompletableFuture<Integer> code = new CompletableFuture<>();
    final CompletableFuture<Following> following = new CompletableFuture<>();

    void awaitOutput(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!out.toString().contains(text)) {
        if (System.nanoTime() > deadline || code.isDone()) {
          throw new AssertionError(
              "no '" + text + "' in the output: " + out + err + (code.isDone() ? " (ended)" : ""));
        }
        Thread.sleep(20);
      }
    }
  }

  /** Starts {@code migrate args}; its verification is stopped through {@link Running#following}. */
  private static Running start(String... args) {
    Running running = new Running();
    CommandLine cl = MigrateCommand.commandLine();
    cl.setOut(new PrintWriter(running.out, true));
    cl.setErr(new PrintWriter(running.err, true));
    VerifyCommand verify = cl.getSubcommands().get("verify").getCommand();
    // Instead of the shutdown hook, which would end the test's JVM.
    verify.followStop =
        following -> {
          running.following.complete(following);
          return () -> {};
        };
    Thread thread =
        new Thread(
            () -> {
              try {
                running.code.complete(cl.execute(args));
              } catch (Throwable t) {
                running.code.completeExceptionally(t);
              }
            },
            "verify-follow-test");
    thread.setDaemon(true);
    thread.start();
    return running;
  }

  private static void append(Path file, List<String> lines) throws Exception {
    Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private static List<String> lines(int from, int to) {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      lines.add("line " + i);
    }
    return lines;
  }
}
