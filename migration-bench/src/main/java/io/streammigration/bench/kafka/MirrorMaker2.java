package io.streammigration.bench.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * MirrorMaker 2 in dedicated mode ({@code org.apache.kafka.connect.mirror.MirrorMaker}), run in a
 * child JVM on its own class path: connect-mirror 4.3.1 (the newest the registry serves) next to
 * our kafka 4.4.0 jars would mix two client versions on one class path. The class path comes from
 * {@code migration-bench/mirrormaker/pom.xml} through {@code dependency:build-classpath}.
 *
 * <p>Both cluster aliases point at the one test broker. Each run uses fresh aliases ({@code src<run>},
 * {@code dst<run>}), so it starts with no stored offsets, and copies topic {@code T} into {@code
 * src<run>.T}, which the harness created beforehand; see {@link #properties} for the settings and
 * why. MirrorMaker 2 never ends by itself: the harness watches the destination's end offsets
 * (without reading records, so as to take no CPU from it) until they reach the record count and
 * stay put, then stops the process with SIGTERM.
 */
final class MirrorMaker2 implements Contender {

  private final DeliveryGuarantee guarantee;
  private final String classPath;
  private final Path workDir;

  /**
   * @param classPath MirrorMaker 2's class path
   * @param workDir where each run's properties file and log go
   */
  MirrorMaker2(DeliveryGuarantee guarantee, String classPath, Path workDir) {
    this.guarantee = guarantee;
    this.classPath = classPath;
    this.workDir = workDir;
  }

  @Override
  public String name() {
    return "MirrorMaker 2";
  }

  @Override
  public DeliveryGuarantee guarantee() {
    return guarantee;
  }

  @Override
  public boolean ours() {
    return false;
  }

  @Override
  public String destinationTopic(String sourceTopic, String runId) {
    return sourceAlias(runId) + "." + sourceTopic;
  }

  @Override
  public Run copy(Job job, AtomicBoolean stop) throws IOException, InterruptedException {
    if (!job.bounded()) {
      throw new UnsupportedOperationException("MirrorMaker 2 is measured on a bounded copy only");
    }
    boolean exactlyOnce = guarantee == DeliveryGuarantee.EXACTLY_ONCE;
    Path config = workDir.resolve("mm2-" + job.runId() + ".properties");
    Files.writeString(config, properties(job, sourceAlias(job.runId()), "dst" + job.runId(), exactlyOnce), StandardCharsets.UTF_8);
    Path log = workDir.resolve("mm2-" + job.runId() + ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms1g", "-Xmx1g",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-cp", classPath,
        "org.apache.kafka.connect.mirror.MirrorMaker", config.toString()));
    long launched = System.currentTimeMillis();
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      awaitCopied(job, exactlyOnce, process, log);
    } finally {
      process.destroy(); // SIGTERM: Connect's shutdown hook stops the tasks
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    return new Run(launched, -1, -1, -1);
  }

  /** A fresh alias per run (run ids are alphanumeric), so no run sees another's offsets. */
  private static String sourceAlias(String runId) {
    return "src" + runId;
  }

  /**
   * The MirrorMaker 2 configuration of one run. Besides the two clusters and the one flow:
   *
   * <ul>
   *   <li>{@code plugin.discovery=service_load}: start-up without scanning the class path for
   *       plugins (MirrorMaker 2 suggests it itself);
   *   <li>an exact topic filter and {@code heartbeats.replication.enabled=false}, or MirrorMaker 2
   *       on one broker mirrors its own topics; heartbeat and checkpoint emission and group offset
   *       sync off (nothing here uses them, and they only add load);
   *   <li>{@code sync.topic.configs.enabled=false}: the destination keeps the LogAppendTime the
   *       harness gave it;
   *   <li>replication factor 1 for every topic it creates (one broker);
   *   <li>{@code tasks.max=1}: one consumer and one producer, as our engine and the raw loops;
   *   <li>checkpoint cadence as ours: offsets flushed every 100 ms (at-least-once), or a
   *       transaction every 100 ms ({@code exactly.once.source.support=enabled}, {@code
   *       transaction.boundary=interval}, exactly-once);
   *   <li>our producer settings (idempotent, 5 requests in flight) instead of Connect's defaults,
   *       and the same {@link ClientTuning} producer and consumer settings as every contender.
   * </ul>
   */
  static String properties(Job job, String source, String target, boolean exactlyOnce) {
    long interval = EngineCopy.CHECKPOINT_EVERY.toMillis();
    StringBuilder p = new StringBuilder();
    p.append("clusters = ").append(source).append(", ").append(target).append('\n');
    p.append(source).append(".bootstrap.servers = ").append(job.bootstrap()).append('\n');
    p.append(target).append(".bootstrap.servers = ").append(job.bootstrap()).append('\n');
    p.append(source).append("->").append(target).append(".enabled = true\n");
    // A topic filter is a list of regexes that must match whole names; the names used here are
    // plain (checked below), so the name itself is the exact filter. (\Q...\E would not survive
    // the properties file's backslash escapes.)
    if (!job.sourceTopic().matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("topic name not usable as an exact MirrorMaker 2 filter: " + job.sourceTopic());
    }
    p.append(source).append("->").append(target).append(".topics = ").append(job.sourceTopic()).append('\n');
    p.append(target).append("->").append(source).append(".enabled = false\n");
    p.append("""
        plugin.discovery = service_load
        heartbeats.replication.enabled = false
        emit.heartbeats.enabled = false
        emit.checkpoints.enabled = false
        sync.group.offsets.enabled = false
        sync.topic.configs.enabled = false
        sync.topic.acls.enabled = false
        replication.factor = 1
        offset-syncs.topic.replication.factor = 1
        heartbeats.topic.replication.factor = 1
        checkpoints.topic.replication.factor = 1
        config.storage.replication.factor = 1
        offset.storage.replication.factor = 1
        status.storage.replication.factor = 1
        """);
    // Settings of the Connect worker are read with the target cluster's prefix only, and those of
    // the Connect connector (not MirrorMaker's own) with the flow's prefix only: top-level ones
    // are silently dropped.
    String flow = source + "->" + target + ".";
    p.append(flow).append("tasks.max = 1\n");
    p.append(target).append(".offset.flush.interval.ms = ").append(interval).append('\n');
    if (exactlyOnce) {
      p.append(target).append(".exactly.once.source.support = enabled\n");
      p.append(flow).append("transaction.boundary = interval\n");
      p.append(flow).append("transaction.boundary.interval.ms = ").append(interval).append('\n');
    }
    // Connect gives source tasks a non-idempotent producer with one request in flight; ours (and
    // the raw loops) have idempotence and the client default of 5 in flight. Same settings here.
    p.append(target).append(".producer.enable.idempotence = true\n");
    p.append(target).append(".producer.acks = all\n");
    p.append(target).append(".producer.max.in.flight.requests.per.connection = 5\n");
    p.append(ClientTuning.asProperties(target + ".producer.", ClientTuning.PRODUCER));
    p.append(ClientTuning.asProperties(source + ".consumer.", ClientTuning.CONSUMER));
    return p.toString();
  }

  /**
   * Waits until the destination's end offsets (last stable offsets, exactly-once) add up to at
   * least the record count and stay put for {@link #SETTLED}. Exactly-once, end offsets count
   * commit markers too, so reaching the count is not yet the end; staying put is.
   */
  private static void awaitCopied(Job job, boolean exactlyOnce, Process process, Path log) throws InterruptedException {
    Map<TopicPartition, OffsetSpec> query = new java.util.HashMap<>();
    for (int p = 0; p < job.partitions(); p++) {
      query.put(new TopicPartition(job.destinationTopic(), p), OffsetSpec.latest());
    }
    ListOffsetsOptions options =
        new ListOffsetsOptions(exactlyOnce ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED);
    long launched = System.nanoTime();
    long deadline = launched + TIMEOUT.toNanos();
    long last = -1;
    long since = System.nanoTime();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", job.bootstrap()))) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("MirrorMaker 2 exited with " + process.exitValue() + "; see " + log);
        }
        if (last <= 0 && System.nanoTime() - launched > NOTHING_YET.toNanos()) {
          throw new IllegalStateException("MirrorMaker 2 copied nothing in " + NOTHING_YET + "; see " + log);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("MirrorMaker 2 did not copy " + job.records() + " records in " + TIMEOUT
              + " (end offsets add up to " + last + "); see " + log);
        }
        long sum;
        try {
          sum = admin.listOffsets(query, options).all().get(10, TimeUnit.SECONDS).values().stream()
              .mapToLong(r -> r.offset()).sum();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          sum = -1;
        }
        long now = System.nanoTime();
        if (sum != last) {
          last = sum;
          since = now;
        }
        if (sum >= job.records() && (!exactlyOnce || now - since >= SETTLED.toNanos())) {
          return;
        }
        Thread.sleep(100);
      }
    }
  }

  private static final Duration SETTLED = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  /** Start-up takes about 10 s; a run that has copied nothing by this time never will. */
  private static final Duration NOTHING_YET = Duration.ofSeconds(90);
}
