package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.cli.endpoint.EndpointResolver;
import io.streammigration.core.checkpoint.FileCheckpointStore;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.engine.Migration;
import io.streammigration.core.engine.MigrationResult;
import io.streammigration.core.ordering.Ordering;
import io.streammigration.core.policy.CheckpointTrigger;
import io.streammigration.core.policy.Throttle;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One {@code migrate run}: resolves the endpoints (linking the sink to the source where the
 * destination's resolver wants to, see {@link #adapters}), builds the {@link Migration} and runs it
 * to its end, or through a cutover ({@link #runWithCutover}), with progress reporting and a
 * graceful stop on Ctrl-C.
 *
 * <ul>
 *   <li>EXACTLY_ONCE: the sink is transactional; a state directory, if given, holds a {@link
 *       FileCheckpointStore} that mirrors each commit for {@code migrate checkpoints}.
 *   <li>AT_LEAST_ONCE: the sink is plain; the state directory is required, and its store is the
 *       source of truth for resuming.
 * </ul>
 *
 * <p>Every record is stamped with provenance headers (source partition and position), so a framed
 * destination can be verified record for record and its latency measured.
 */
final class MigrationJob {

  /** The migration id; one state directory should serve one migration. */
  static final String DEFAULT_ID = "migrate";

  final String id;
  final URI from;
  final URI to;
  final DeliveryGuarantee guarantee;
  final CheckpointTrigger trigger;
  final OptionalDouble recordsPerSecond;
  final EndpointOptions options;

  MigrationJob(
      String id,
      URI from,
      URI to,
      DeliveryGuarantee guarantee,
      CheckpointTrigger trigger,
      OptionalDouble recordsPerSecond,
      EndpointOptions options) {
    this.id = id;
    this.from = from;
    this.to = to;
    this.guarantee = guarantee;
    this.trigger = trigger;
    this.recordsPerSecond = recordsPerSecond;
    this.options = options;
    if (guarantee == DeliveryGuarantee.AT_LEAST_ONCE && options.stateDir().isEmpty()) {
      throw new UsageException(
          "--state-dir is required with --guarantee at-least-once: the checkpoints live there");
    }
    if (recordsPerSecond.isPresent() && !(recordsPerSecond.getAsDouble() > 0)) {
      throw new UsageException("--rate must be a positive number of records per second");
    }
  }

  /**
   * Runs to the end of a bounded source, or until the JVM is asked to stop (Ctrl-C, SIGTERM), in
   * which case the migration is closed gracefully: a final checkpoint is committed before exit.
   *
   * @param out where progress and the final line go
   * @param terminal true to rewrite one progress line in place, false for periodic log lines
   * @param progressEvery how often to log progress when not on a terminal
   */
  MigrationResult run(
      EndpointRegistry registry, PrintWriter out, boolean terminal, Duration progressEvery) {
    return withMigration(
        registry,
        migration ->
            runWithStop(
                migration,
                out,
                terminal,
                progressEvery,
                progress -> {
                  MigrationResult result = migration.run();
                  // Before the summary, so a terminal's progress line does not overwrite it.
                  progress.stop();
                  out.println(describe(result));
                  out.flush();
                  return result;
                }));
  }

  /**
   * Runs the migration and cuts over once it has caught up ({@link CutoverRun}), with the same
   * graceful stop on Ctrl-C or SIGTERM as {@link #run}.
   *
   * @return how it ended: {@link ExitCode#OK} and the checkpoint drained to once the cutover
   *     completed, or one of the cutover's codes
   * @throws UsageException if the source ends by itself (a bounded run needs no cutover), or if it
   *     shares its partitions with other processes (each would drain only its own)
   */
  CutoverRun.Outcome runWithCutover(
      EndpointRegistry registry,
      PrintWriter out,
      boolean terminal,
      Duration progressEvery,
      CutoverOptions cutover) {
    // Before anything else: asking whether a scale-out source is bounded would resolve its group.
    Optional<String> shared = registry.resolverFor(from).sharedPartitions(from);
    if (shared.isPresent()) {
      throw new UsageException(
          "--cutover cannot end a run of "
              + from
              + ": with "
              + shared.get()
              + " each process reads only the partitions it is given, so each would drain only"
              + " those and leave, and the others would take them over and read on; there is no"
              + " one end of the old stream to cut over at. Stop every process with Ctrl-C or"
              + " SIGTERM instead (each commits a final checkpoint)");
    }
    if (registry.resolverFor(from).bounded(from, options.withOtherEnd(to))) {
      throw new UsageException(
          "--cutover needs a source that follows new records (file: or kafka: with follow=true);"
              + " "
              + from
              + " ends by itself at the end of its input, so the run finishes without one");
    }
    return withMigration(
        registry,
        migration ->
            runWithStop(
                migration,
                out,
                terminal,
                progressEvery,
                progress -> new CutoverRun(migration, cutover, progress).run()));
  }

  /** Builds the migration (with its checkpoint store, if any), hands it to {@code body}, closes. */
  private <T> T withMigration(EndpointRegistry registry, Function<Migration, T> body) {
    Adapters adapters = adapters(registry);
    Source source = adapters.source();
    Sink sink = adapters.sink();
    if (recordsPerSecond.isPresent()) {
      sink = Throttle.recordsPerSecond(recordsPerSecond.getAsDouble()).applyTo(sink);
    }
    Optional<FileCheckpointStore> store = options.stateDir().map(MigrationJob::checkpointsIn);
    try {
      Migration.Builder builder =
          Migration.builder()
              .id(id)
              .source(source)
              .sink(sink)
              .guarantee(guarantee)
              .checkpointTrigger(trigger)
              .ordering(Ordering.none().stampProvenance(true));
      store.ifPresent(builder::checkpointStore);
      try (Migration migration = builder.build()) {
        return body.apply(migration);
      }
    } finally {
      store.ifPresent(FileCheckpointStore::close);
    }
  }

  /** A run's source and sink as resolved from the URIs, before any wrapper. */
  record Adapters(Source source, Sink sink) {}

  /**
   * Resolves both ends, then lets the destination's resolver link the sink to the source (a
   * scale-out Kafka run's sink is fenced by its source's consumer group). Opens nothing, but the
   * link may ask the endpoints about themselves.
   */
  Adapters adapters(EndpointRegistry registry) {
    EndpointResolver fromResolver = registry.resolverFor(from);
    EndpointResolver toResolver = registry.resolverFor(to);
    Source source = fromResolver.source(from, options.withOtherEnd(to));
    Sink sink = toResolver.sink(to, guarantee, options.withOtherEnd(from));
    // Before any wrapper: the link needs the adapter itself.
    return new Adapters(source, toResolver.linkToSource(sink, to, source, from, options));
  }

  /** The checkpoint store a job keeps in {@code stateDir}. */
  static FileCheckpointStore checkpointsIn(Path stateDir) {
    return FileCheckpointStore.open(stateDir.resolve("checkpoints"));
  }

  /**
   * Runs {@code body} with progress reporting and a shutdown hook that closes the migration
   * gracefully; {@code body} runs the migration.
   */
  private static <T> T runWithStop(
      Migration migration,
      PrintWriter out,
      boolean terminal,
      Duration progressEvery,
      Function<ProgressReporter, T> body) {
    CountDownLatch reported = new CountDownLatch(1);
    // close() stops the run gracefully; waiting for the final line lets the operator see the
    // checkpoint the stop committed before the JVM halts.
    Thread stopper =
        new Thread(
            () -> {
              migration.close();
              try {
                reported.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "migrate-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    ProgressReporter progress = new ProgressReporter(migration, out, terminal, progressEvery);
    progress.start();
    try {
      return body.apply(progress);
    } finally {
      progress.stop();
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException e) {
        // the JVM is already stopping; the hook is running and ends with the migration
      }
    }
  }

  static String describe(MigrationResult r) {
    return String.format(
        java.util.Locale.ROOT,
        "%s %s: %,d records, %,d bytes in %.1f s, %d checkpoints, last checkpoint %s%s",
        r.migrationId(),
        r.endOfInput() ? "finished at end of input" : "stopped",
        r.records(),
        r.bytes(),
        r.duration().toMillis() / 1000.0,
        r.checkpoints(),
        r.lastCheckpoint().map(c -> "#" + c.id() + " (" + c.records() + " records)").orElse("none"),
        r.resumedFrom().map(c -> ", resumed from #" + c.id()).orElse(""));
  }
}
