package io.streammigration.bench.kafka;

import io.streammigration.bench.ResultsTable;
import io.streammigration.bench.kafka.KafkaRun.Measured;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency, Kafka to Kafka, at half our measured maximum rate: a paced producer writes
 * to a fresh source topic while a contender copies it live, and a consumer of the destination
 * (read_committed for exactly-once) records, per record, the time from its timestamp to the
 * moment it could read it, in HdrHistogram. The maximum is measured the same way, unpaced:
 * producer, contender and consumer share the machine, so half of a backlog copy's rate would be
 * an overload on 2 cores.
 *
 * <p>Each record's timestamp is the moment it was due by the schedule, set at produce time (in
 * the Kafka timestamp, in milliseconds, and in microseconds inside the value, which is what is
 * measured): a producer or a broker that falls behind delays every record due meanwhile, and the
 * delay shows (no coordinated omission). The producer sends with {@code linger.ms=0}, so its own
 * batching adds as little as possible. The same offered rate is run through the raw loop of the
 * same guarantee, for comparison; MirrorMaker 2 is left out (its latency would need the same
 * machinery in its JVM).
 */
final class KafkaLatency {

  /** Epoch microseconds at {@link #BASE_NANOS}: with it, a microsecond clock shared by producer and consumer. */
  private static final long BASE_MICROS = System.currentTimeMillis() * 1000;
  private static final long BASE_NANOS = System.nanoTime();

  private KafkaLatency() {}

  /**
   * One latency run. {@code firstTenth} and {@code lastTenth} hold the first and last tenth of the
   * measured records (by send order): a last tenth far above the first means queues grew through
   * the run, so the contender (or the machine) did not keep up with the offered rate.
   */
  record Outcome(Contender contender, double offered, double achieved, double delivered, long measured,
      Histogram latencyMicros, Histogram firstTenth, Histogram lastTenth) {}

  /** Ours' maximum for one guarantee, live: what the paced runs offer half of. */
  record Maximum(DeliveryGuarantee guarantee, double liveRate, double backlogRate) {}

  static String run(KafkaTestBroker broker, KafkaRun.Profile profile, List<Measured> throughput) throws Exception {
    double warmup = Double.parseDouble(System.getProperty("bench.kafka.latencyWarmupSeconds", "" + profile.latencyWarmupSeconds));
    double seconds = Double.parseDouble(System.getProperty("bench.kafka.latencySeconds", "" + profile.latencySeconds));
    long maxRecords = Long.getLong("bench.kafka.records", profile.records);
    List<Outcome> outcomes = new ArrayList<>();
    List<Maximum> maxima = new ArrayList<>();
    int run = 0;
    for (DeliveryGuarantee g : List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE)) {
      Measured ours = throughput.stream()
          .filter(m -> m.contender.ours() && m.contender.guarantee() == g)
          .findFirst().orElse(null);
      if (ours == null) {
        continue;
      }
      // The maximum as LatencyRun measures it: the same set-up, unpaced. Producer, contender and
      // consumer share the machine here, so the live maximum is well below a backlog copy's.
      Outcome unpaced = once(broker, ours.contender, Double.POSITIVE_INFINITY, 0, maxRecords, "max" + run++);
      KafkaRun.deleteAllBut(broker, Set.of(KafkaRun.SOURCE_TOPIC));
      maxima.add(new Maximum(g, unpaced.delivered(), ours.rate.isEmpty() ? Double.NaN : ours.rate.median()));
      double rate = unpaced.delivered() / 2;
      long warmupRecords = (long) (rate * warmup);
      long total = warmupRecords + (long) (rate * seconds);
      for (Measured m : throughput) {
        if (m.contender.guarantee() == g && !(m.contender instanceof MirrorMaker2)) {
          outcomes.add(once(broker, m.contender, rate, warmupRecords, total, "lat" + run++));
          KafkaRun.deleteAllBut(broker, Set.of(KafkaRun.SOURCE_TOPIC));
        }
      }
    }
    return section(maxima, outcomes, warmup, seconds);
  }

  /**
   * Copies {@code total} records produced live at {@code rate} (unpaced if infinite), recording
   * the latency of those after the first {@code warmupRecords}.
   */
  private static Outcome once(KafkaTestBroker broker, Contender contender, double rate, long warmupRecords,
      long total, String runId) throws Exception {
    String bootstrap = broker.bootstrapServers();
    String source = "latency-source-" + runId;
    String destination = contender.destinationTopic(source, runId);
    broker.createTopic(source, KafkaRun.PARTITIONS);
    broker.createTopic(destination, KafkaRun.PARTITIONS);
    boolean exactlyOnce = contender.guarantee() == DeliveryGuarantee.EXACTLY_ONCE;

    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Contender.Job job = new Contender.Job(bootstrap, source, destination, KafkaRun.PARTITIONS, -1, runId);
    Thread copier = new Thread(() -> {
      try {
        contender.copy(job, stop);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, "latency-copier");
    Histogram histogram = newHistogram();
    Histogram firstTenth = newHistogram();
    Histogram lastTenth = newHistogram();
    long[] received = new long[2]; // count, nanoTime of the last
    Thread reader = new Thread(() -> {
      try {
        read(bootstrap, destination, exactlyOnce, total, warmupRecords, histogram, firstTenth, lastTenth, received, stop);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, "latency-reader");
    copier.start();
    reader.start();
    Thread.sleep(1000); // the contender's clients connect; the warm-up covers the rest
    long produceStart = System.nanoTime();
    double achieved = produce(bootstrap, source, rate, total);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (reader.isAlive() && System.nanoTime() < deadline && failure.get() == null) {
      reader.join(100);
    }
    stop.set(true);
    reader.join(10_000);
    copier.join(60_000);
    if (failure.get() != null) {
      throw new IllegalStateException("latency run of " + contender.guarantee() + " " + contender.name() + " failed",
          failure.get());
    }
    synchronized (received) {
      if (received[0] < total) {
        throw new IllegalStateException(contender.guarantee() + " " + contender.name() + ": only " + received[0]
            + " of " + total + " records arrived within 60 s of the last send");
      }
    }
    double delivered;
    synchronized (received) {
      delivered = total * 1e9 / Math.max(1, received[1] - produceStart);
    }
    KafkaRun.log("latency %s %s: offered %,.0f records/s, sent %,.0f, delivered %,.0f; p50 %.2f ms, p99 %.2f ms",
        contender.guarantee(), contender.name(), rate, achieved, delivered,
        histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3);
    return new Outcome(contender, rate, achieved, delivered, histogram.getTotalCount(), histogram, firstTenth, lastTenth);
  }

  private static Histogram newHistogram() {
    return new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
  }

  /**
   * Sends {@code total} records at {@code rate}; each record's timestamp is when it was due.
   * Sleeps between due times rather than spinning: on 2 cores a spinning producer would take a
   * whole core from the contender. Returns the achieved rate.
   */
  private static double produce(String bootstrap, String topic, double rate, long total) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("acks", "all");
    settings.put("enable.idempotence", true);
    settings.put("linger.ms", 0);
    SplittableRandom random = new SplittableRandom(7);
    byte[] noise = new byte[1 << 20];
    random.nextBytes(noise);
    double nanosPerRecord = Double.isInfinite(rate) ? 0 : 1e9 / rate;
    long start;
    long lastSent;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
      start = System.nanoTime();
      long i = 0;
      while (i < total) {
        long now = System.nanoTime();
        long dueByNow = nanosPerRecord == 0 ? total : Math.min(total, (long) ((now - start) / nanosPerRecord) + 1);
        for (; i < dueByNow; i++) {
          long dueMicros = micros(nanosPerRecord == 0 ? System.nanoTime() : start + (long) (i * nanosPerRecord));
          producer.send(new ProducerRecord<>(topic, null, dueMicros / 1000,
              BenchData.key(random.nextInt(BenchData.KEYS)), BenchData.value(random, noise, i, dueMicros)));
        }
        long nextDue = start + (long) (i * nanosPerRecord);
        LockSupport.parkNanos(Math.max(0, nextDue - System.nanoTime()));
      }
      lastSent = System.nanoTime();
      producer.flush();
    }
    return total * 1e9 / Math.max(1, lastSent - start);
  }

  private static void read(String bootstrap, String topic, boolean readCommitted, long total, long warmupRecords,
      Histogram histogram, Histogram firstTenth, Histogram lastTenth, long[] received, AtomicBoolean stop) {
    long tenth = Math.max(1, (total - warmupRecords) / 10);
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("enable.auto.commit", false);
    settings.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < KafkaRun.PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long count = 0;
      while (count < total && !stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long now = micros(System.nanoTime());
          long sequence = BenchData.sequence(r.value());
          if (sequence >= warmupRecords) {
            long latency = Math.max(0, now - BenchData.stampMicros(r.value()));
            histogram.recordValue(latency);
            if (sequence < warmupRecords + tenth) {
              firstTenth.recordValue(latency);
            } else if (sequence >= total - tenth) {
              lastTenth.recordValue(latency);
            }
          }
          count++;
        }
        synchronized (received) {
          if (count > received[0]) {
            received[0] = count;
            received[1] = System.nanoTime();
          }
        }
      }
    }
  }

  private static long micros(long nanoTime) {
    return BASE_MICROS + (nanoTime - BASE_NANOS) / 1000;
  }

  private static String section(List<Maximum> maxima, List<Outcome> outcomes, double warmup, double seconds) {
    StringBuilder s = new StringBuilder();
    s.append("\n## Kafka to Kafka latency at half the maximum rate\n\n");
    s.append(String.format(Locale.ROOT,
        "`KafkaRun`: a producer (acks=all, idempotent, linger.ms=0) writes keyed records of 100 B to 1 KB to a"
            + " fresh %d-partition topic while the contender copies it live (checkpoint every %d ms) and a"
            + " consumer of the destination (read_committed for EXACTLY_ONCE) reads it, all in this JVM."
            + " First, for each guarantee, the producer writes unpaced and the rate at which records reach"
            + " the consumer through ours is the maximum (as `LatencyRun` finds its own); then the producer"
            + " offers half of it, each record stamped with the moment it was due, and the consumer records,"
            + " per record, the time from its stamp to the moment it read it: %.0f s of warm-up, then %.0f s"
            + " measured. The raw loop of the same guarantee gets the same offered rate.%n%n",
        KafkaRun.PARTITIONS, EngineCopy.CHECKPOINT_EVERY.toMillis(), warmup, seconds));
    for (Maximum m : maxima) {
      s.append(String.format(Locale.ROOT,
          "- %s maximum, live (producer, ours and consumer together): %s records/s; a backlog copy alone"
              + " (the throughput table): %s records/s.%n",
          m.guarantee(), ResultsTable.number(m.liveRate()), ResultsTable.number(m.backlogRate())));
    }
    s.append("\nMilliseconds:\n\n");
    s.append("| Guarantee | Contender | Offered records/s | Sent | Delivered | Records measured | p50 | p99 | p99.9 | max | p50 first → last tenth |\n");
    s.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Outcome o : outcomes) {
      Histogram h = o.latencyMicros();
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %.1f → %.1f |%n",
          o.contender().guarantee(), o.contender().name(), ResultsTable.number(o.offered()),
          ResultsTable.number(o.achieved()), ResultsTable.number(o.delivered()), ResultsTable.number(o.measured()),
          h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
          h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
          o.firstTenth().getValueAtPercentile(50) / 1e3, o.lastTenth().getValueAtPercentile(50) / 1e3));
    }
    if (outcomes.isEmpty()) {
      s.append("| not measured | | | | | | | | | | |\n");
    }
    s.append("\nSent: the producer's own rate; delivered: records over the time from the first send to the"
        + " consumer's last read. The last column is the p50 of the first and of the last tenth of the"
        + " measured records: if the last is far above the first, queues grew through the run and the"
        + " percentiles are those of an overload, not of a steady state. EXACTLY_ONCE cannot be below"
        + " the commit cadence: a record is visible after the commit that follows it.\n");
    return s.toString();
  }
}
