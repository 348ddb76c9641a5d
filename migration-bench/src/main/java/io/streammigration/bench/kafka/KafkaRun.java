package io.streammigration.bench.kafka;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Kafka to Kafka on the in-JVM test broker: throughput of our engine next to a raw consumer/producer
 * loop and MirrorMaker 2, at-least-once and exactly-once, on the same broker and the same records;
 * then end-to-end latency at half our maximum rate ({@link KafkaLatency}). Appends two sections
 * to {@code results.md}.
 *
 * <p>Not JMH: each contender copies a whole topic, several times, and the figure is records per
 * second between the broker's append times of the first and the last copied record, the one
 * measure that also fits MirrorMaker 2 in its own JVM. Every copy is read back and checked.
 *
 * <p>Usage: {@code KafkaRun <results.md> <quick|full> [mirrormaker.classpath]}. Without the class
 * path file MirrorMaker 2 is left out (and its rows say so). System properties for development:
 * {@code bench.kafka.records}, {@code bench.kafka.repetitions}, {@code bench.kafka.only} (a regex
 * over "GUARANTEE name"), {@code bench.kafka.latency=false}, {@code bench.kafka.checkpointMillis},
 * {@code bench.kafka.threadCpu=true} (logs each run's CPU time per record by thread group, see
 * {@link ThreadCpu}).
 */
public final class KafkaRun {

  static final int PARTITIONS = 8;
  static final String SOURCE_TOPIC = "bench-source";
  static final String WARMUP_TOPIC = "bench-warmup";
  static final long WARMUP_RECORDS = 400_000;

  /** How long each profile runs. */
  enum Profile {
    /**
     * About 2 to 3 minutes on 2 cores: a fifth of the records, MirrorMaker 2 once per guarantee
     * (each run costs it some 15 s of start-up and shutdown besides the copy).
     */
    QUICK(200_000, 2, 1, 1, 2, 5),
    /**
     * The figures to quote: the million records, nine repetitions (MirrorMaker 2: five),
     * 30 s of latency. Five left the at-least-once ratio to the raw loop inconclusive: single
     * repetitions on the shared broker ranged from 0.46x to 1.83x. Three warm-up rounds: after one,
     * the JIT still spent 2 to 3.5 µs of CPU per record in the first measured copies, more for the
     * engine's longer code path than for the raw loop's, and about 1 µs in the second.
     */
    FULL(1_000_000, 9, 5, 3, 5, 30);

    final long records;
    final int repetitions;
    final int mirrorMakerRepetitions;
    final int warmUpRounds;
    final double latencyWarmupSeconds;
    final double latencySeconds;

    Profile(long records, int repetitions, int mirrorMakerRepetitions, int warmUpRounds, double latencyWarmupSeconds,
        double latencySeconds) {
      this.records = records;
      this.repetitions = repetitions;
      this.mirrorMakerRepetitions = mirrorMakerRepetitions;
      this.warmUpRounds = warmUpRounds;
      this.latencyWarmupSeconds = latencyWarmupSeconds;
      this.latencySeconds = latencySeconds;
    }
  }

  /** One contender's measurements over the repetitions. */
  static final class Measured {
    final Contender contender;
    final Samples rate = new Samples();
    /** The same rates by repetition number, to pair each with the baseline's of the same repetition. */
    final Map<Integer, Double> rateByRepetition = new java.util.TreeMap<>();
    final Samples wallRate = new Samples();
    final Samples startupMillis = new Samples();
    final Samples cpuMicrosPerRecord = new Samples();
    final Samples copierCpuMicrosPerRecord = new Samples();
    final Samples checkpointMillis = new Samples();
    final Samples checkpointShare = new Samples();
    final List<String> failures = new ArrayList<>();

    Measured(Contender contender) {
      this.contender = contender;
    }
  }

  private KafkaRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: KafkaRun <results.md> <quick|full> [mirrormaker.classpath]");
      System.exit(2);
    }
    Path resultsFile = Path.of(args[0]);
    Profile profile = Profile.valueOf(args[1].toUpperCase(Locale.ROOT));
    long records = Long.getLong("bench.kafka.records", profile.records);
    int repetitions = Integer.getInteger("bench.kafka.repetitions", profile.repetitions);
    int mirrorMakerRepetitions = Math.min(repetitions, profile.mirrorMakerRepetitions);
    Pattern only = Pattern.compile(System.getProperty("bench.kafka.only", ".*"));
    Optional<String> mm2ClassPath = args.length > 2
        ? Optional.of(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).trim())
        : Optional.empty();
    Path workDir = resultsFile.toAbsolutePath().getParent().resolve("kafka");
    Files.createDirectories(workDir);

    List<Contender> contenders = new ArrayList<>();
    for (DeliveryGuarantee g : List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE)) {
      contenders.add(new EngineCopy(g));
      contenders.add(new RawCopyLoop(g));
      if (g == DeliveryGuarantee.AT_LEAST_ONCE) {
        contenders.add(new RawTwoThreadLoop());
      }
      mm2ClassPath.ifPresent(cp -> contenders.add(new MirrorMaker2(g, cp, workDir)));
    }
    contenders.removeIf(c -> !only.matcher(c.guarantee() + " " + c.name()).find());

    try (KafkaTestBroker broker = new KafkaTestBroker().start()) {
      String bootstrap = broker.bootstrapServers();
      broker.createTopic(SOURCE_TOPIC, PARTITIONS);
      long fillStart = System.nanoTime();
      BenchData.Filled source = BenchData.fill(bootstrap, SOURCE_TOPIC, PARTITIONS, records, 42);
      log("filled %s with %,d records (%,d value bytes) in %.1f s", SOURCE_TOPIC, records, source.valueBytes(),
          (System.nanoTime() - fillStart) / 1e9);

      warmUp(broker, contenders, WARMUP_RECORDS, profile.warmUpRounds);

      Map<Contender, Measured> measured = new LinkedHashMap<>();
      contenders.forEach(c -> measured.put(c, new Measured(c)));
      for (int rep = 1; rep <= repetitions; rep++) {
        for (int i = 0; i < contenders.size(); i++) {
          Contender c = contenders.get(i);
          if (c instanceof MirrorMaker2 && rep > mirrorMakerRepetitions) {
            continue;
          }
          measureOnce(broker, source, c, rep, "r" + rep + "c" + i, measured.get(c));
        }
      }
      String throughput = ThroughputSection.render(profile.name().toLowerCase(Locale.ROOT), source, repetitions,
          mirrorMakerRepetitions, mm2ClassPath.isPresent(), List.copyOf(measured.values()));
      append(resultsFile, throughput);

      if (Boolean.parseBoolean(System.getProperty("bench.kafka.latency", "true"))) {
        String latency = KafkaLatency.run(broker, profile, List.copyOf(measured.values()));
        append(resultsFile, latency);
      }
    }
  }

  /**
   * Copies a smaller topic {@code rounds} times with each in-JVM contender, in turn, unmeasured:
   * the broker, the clients and the engine share this JVM, and the first copies otherwise run at a
   * fraction of the speed of later ones while the JIT compiles them. Each round logs the JIT's
   * compile time, to show whether it has settled. MirrorMaker 2 starts a fresh JVM each run and
   * cannot be warmed this way; its first-to-last rate includes its own warm-up (see README.md).
   */
  private static void warmUp(KafkaTestBroker broker, List<Contender> contenders, long records, int rounds)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    broker.createTopic(WARMUP_TOPIC, PARTITIONS);
    BenchData.fill(bootstrap, WARMUP_TOPIC, PARTITIONS, records, 7);
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      long compiledBefore = jit.getTotalCompilationTime();
      for (int i = 0; i < contenders.size(); i++) {
        Contender c = contenders.get(i);
        if (c instanceof MirrorMaker2) {
          continue;
        }
        String runId = "w" + round + "c" + i;
        String destination = c.destinationTopic(WARMUP_TOPIC, runId);
        broker.createTopic(destination, PARTITIONS);
        c.copy(new Contender.Job(bootstrap, WARMUP_TOPIC, destination, PARTITIONS, records, runId), new AtomicBoolean());
        deleteAllBut(broker, Set.of(SOURCE_TOPIC, WARMUP_TOPIC));
      }
      log("warm-up round %d of %d: %,d records per contender in %.1f s, JIT compiling for %,d ms of it", round, rounds,
          records, (System.nanoTime() - start) / 1e9, jit.getTotalCompilationTime() - compiledBefore);
    }
    deleteAllBut(broker, Set.of(SOURCE_TOPIC));
  }

  private static void measureOnce(
      KafkaTestBroker broker, BenchData.Filled source, Contender c, int repetition, String runId, Measured m) {
    String bootstrap = broker.bootstrapServers();
    String destination = c.destinationTopic(SOURCE_TOPIC, runId);
    broker.createTopic(destination, PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
    boolean exactlyOnce = c.guarantee() == DeliveryGuarantee.EXACTLY_ONCE;
    Contender.Job job = new Contender.Job(bootstrap, SOURCE_TOPIC, destination, PARTITIONS, source.records(), runId);
    try {
      long cpuBefore = processCpuNanos();
      ThreadCpu threads = ThreadCpu.startIfAsked();
      Contender.Run run;
      try {
        run = c.copy(job, new AtomicBoolean());
      } finally {
        if (threads != null) {
          threads.close();
        }
      }
      long launched = run.launchedMillis();
      long ended = System.currentTimeMillis();
      long cpuNanos = processCpuNanos() - cpuBefore;
      if (threads != null) {
        log("%s CPU us/record by thread group: %s", runId, threads.perRecord(source.records()));
      }
      DestinationCheck.Contents contents = DestinationCheck.read(bootstrap, destination, PARTITIONS, exactlyOnce, source.records());
      List<String> problems = contents.problems(source);
      if (!problems.isEmpty()) {
        m.failures.add(runId + ": " + String.join("; ", problems));
        log("%s %s %s: INVALID COPY %s", runId, c.guarantee(), c.name(), problems);
        return;
      }
      double rate = contents.records() * 1000.0 / Math.max(1, contents.spanMillis());
      m.rate.add(rate);
      m.rateByRepetition.put(repetition, rate);
      m.startupMillis.add(contents.firstAppendMillis() - launched);
      if (!(c instanceof MirrorMaker2)) {
        m.wallRate.add(contents.records() * 1000.0 / Math.max(1, ended - launched));
        m.cpuMicrosPerRecord.add(cpuNanos / 1e3 / contents.records());
        m.copierCpuMicrosPerRecord.add(run.copierCpuNanos() / 1e3 / contents.records());
        if (run.checkpoints() > 0) {
          m.checkpointMillis.add(run.checkpointNanos() / 1e6 / run.checkpoints());
          m.checkpointShare.add(run.checkpointNanos() / 1e6 / Math.max(1, ended - launched));
        }
      }
      log("%s %-14s %-28s %,10.0f records/s (first to last append %,d ms; first record %,d ms after launch;"
              + " CPU us/record: JVM %.2f, copier threads %.2f; %d checkpoints of %.1f ms on average)",
          runId, c.guarantee(), c.name(), rate, contents.spanMillis(), contents.firstAppendMillis() - launched,
          cpuNanos / 1e3 / contents.records(), run.copierCpuNanos() / 1e3 / contents.records(),
          run.checkpoints(), run.checkpointNanos() / 1e6 / Math.max(1, run.checkpoints()));
    } catch (Exception e) {
      m.failures.add(runId + ": " + e);
      log("%s %s %s: FAILED %s", runId, c.guarantee(), c.name(), e);
      e.printStackTrace();
    } finally {
      deleteAllBut(broker, Set.of(SOURCE_TOPIC));
    }
  }

  /** Deletes every topic but {@code keep}: the destination, checkpoint and MirrorMaker 2 topics. */
  static void deleteAllBut(KafkaTestBroker broker, Set<String> keep) {
    try (Admin admin = broker.admin()) {
      Set<String> doomed = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> !keep.contains(t))
          .collect(Collectors.toSet());
      if (!doomed.isEmpty()) {
        admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
      }
      // Deletion returns before every broker structure is gone; a topic of the same name would race it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(doomed::contains)) {
        Thread.sleep(50);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot delete the topics of the last run", e);
    }
  }

  /**
   * CPU time this JVM has used, all threads: the broker's and the contender's. On a shared
   * machine it moves less than wall-clock rates do, so it tells what a copy costs when the rates
   * are too noisy to compare.
   */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }

  static void append(Path resultsFile, String section) throws IOException {
    Files.writeString(resultsFile, section, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.print(section);
  }

  static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }
}
