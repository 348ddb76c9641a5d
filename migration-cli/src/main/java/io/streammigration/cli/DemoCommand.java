package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.verify.Gate;
import io.streammigration.file.CommitManifest;
import io.streammigration.file.CommittedSegments;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate demo}: the whole story on one machine, with nothing but Java. It writes a sample
 * log stream over rotated files, starts {@code migrate run} (exactly-once, file to framed segments)
 * in a child JVM from this same classpath, kills it with SIGKILL once it has committed about a
 * third, resumes the migration in this process, verifies the destination against the source with
 * the {@link io.streammigration.core.verify.Verifier} and prints the summary. Exits {@link
 * ExitCode#OK} only if verification passed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate logs, migrate them exactly once through a SIGKILL and a resume, "
            + "then verify.")
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--records",
      defaultValue = "300000",
      description = "Log lines to generate (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(
      names = "--files",
      defaultValue = "6",
      description = "Rotated log files to spread them over (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(
      names = "--dir",
      paramLabel = "<dir>",
      description = "Work directory (default: a new temporary directory, deleted afterwards).")
  Path dir;

  @Option(names = "--keep", description = "Keep the work directory to look at afterwards.")
  boolean keep;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (records < 10 || files < 1 || files > 1000) {
      throw new UsageException("--records must be at least 10 and --files in 1..1000");
    }
    if (dir != null && Files.exists(dir) && !isEmptyDirectory(dir)) {
      throw new UsageException("--dir " + dir + " must be absent or an empty directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path work = dir != null ? dir : Files.createTempDirectory("migrate-demo-");
    try {
      return demo(work.toAbsolutePath(), out);
    } finally {
      if (dir == null && !keep) {
        deleteTree(work);
      } else {
        out.println("work directory kept: " + work);
      }
      out.flush();
    }
  }

  private int demo(Path work, PrintWriter out) throws IOException, InterruptedException {
    Path logs = work.resolve("logs");
    Path archive = work.resolve("archive");
    URI from = URI.create(logs.toUri() + "?format=lines&rotation=" + DemoLogs.BASE);
    URI to = archive.toUri();

    out.printf("1/4 writing %,d log lines over %d rotated files in %s%n", records, files, logs);
    out.flush();
    DemoLogs.write(logs, records, files);

    out.printf("2/4 migrate run --from %s --to %s (exactly-once) in a child JVM%n", from, to);
    out.flush();
    long killedAt = runAndKill(from, to, work, out);

    out.printf("3/4 resuming in this JVM from the last commit (%,d records committed)%n", killedAt);
    out.flush();
    MigrationJob resume =
        new MigrationJob(
            MigrationJob.DEFAULT_ID,
            from,
            to,
            DeliveryGuarantee.EXACTLY_ONCE,
            CheckpointTrigger.everyRecords(50_000)
                .or(CheckpointTrigger.every(Duration.ofSeconds(1))),
            OptionalDouble.empty(),
            EndpointOptions.none());
    resume.run(MigrateCommand.endpoints(), out, false, Duration.ofSeconds(5));

    out.println("4/4 migrate verify --gate exact");
    out.flush();
    int code =
        VerifyCommand.verify(
            from,
            to,
            EndpointOptions.none(),
            VerifyRange.whole(),
            Gate.exactEquality(),
            Optional.empty(),
            Duration.ofSeconds(10),
            false,
            out);
    out.println(
        code == ExitCode.OK
            ? "demo passed: every line arrived exactly once, in order, across a SIGKILL"
            : "demo FAILED: the destination does not match the source");
    return code;
  }

  /**
   * Starts {@code migrate run} in a child JVM, throttled so the kill lands mid-way, and kills it
   * with SIGKILL (no shutdown hook, no final commit) once its manifest shows a third committed.
   *
   * @return the records committed when it was killed
   */
  private long runAndKill(URI from, URI to, Path work, PrintWriter out)
      throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    // Fast enough to finish in a few seconds, slow enough that the kill finds it running.
    long rate = Math.max(1_000, records / 4);
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--from",
                from.toString(),
                "--to",
                to.toString(),
                "--checkpoint-every",
                "200ms",
                "--rate",
                Long.toString(rate),
                "--progress-every",
                "1s"));
    Path childLog = work.resolve("child.log");
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(childLog.toFile())
            .start();
    long target = records / 3;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long committed = 0;
    while (child.isAlive() && committed < target && System.nanoTime() < deadline) {
      Thread.sleep(20);
      committed = committedRecords(to);
    }
    if (!child.isAlive()) {
      throw new MigrationException(
          "the child migration ended (exit "
              + child.exitValue()
              + ") before it could be killed; "
              + "its output:\n"
              + Files.readString(childLog));
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hook runs, no final checkpoint
    child.waitFor(30, TimeUnit.SECONDS);
    committed = committedRecords(to);
    out.printf(
        "    killed child pid %d with SIGKILL after %,d of %,d records were committed%n",
        child.pid(), committed, records);
    return committed;
  }

  /** Records the destination's manifest says are committed; 0 while it cannot be read. */
  private static long committedRecords(URI to) {
    try {
      return CommittedSegments.readManifest(Path.of(to))
          .flatMap(CommitManifest::checkpoint)
          .map(c -> c.records())
          .orElse(0L);
    } catch (MigrationException | UncheckedIOException e) {
      return 0; // not written yet, or being replaced: look again
    }
  }

  private static boolean isEmptyDirectory(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
