package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointAssessment;
import io.streammigration.cli.endpoint.EndpointAssessment.PartitionFacts;
import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.cli.endpoint.EndpointResolver;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate assess}: sizes a migration before it runs. Counts the source twice, {@code
 * --sample} apart, for its partitions, records, bytes, time span and growth rate; with {@code
 * --throughput} estimates the duration (a growing source is caught up with at throughput minus
 * growth) and suggests a checkpoint interval; with {@code --to}, reports the destination's free
 * space against what the source needs.
 */
@Command(
    name = "assess",
    mixinStandardHelpOptions = true,
    description =
        "Size a source before migrating it: partitions, records, bytes, growth, "
            + "estimated duration, destination free space.")
final class AssessCommand implements Callable<Integer> {

  /** Framed records carry about this much beyond their value: frame, timestamp, origin, lengths. */
  private static final long FRAMING_BYTES_PER_RECORD = 48;

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "<uri>", description = "Source endpoint.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "<uri>",
      description = "Destination endpoint, for its free space.")
  String to;

  @Option(
      names = "--throughput",
      paramLabel = "<records/s>",
      description = "Expected migration throughput, for the duration estimate.")
  Double throughput;

  @Option(
      names = "--sample",
      paramLabel = "<duration>",
      defaultValue = "1s",
      converter = Converters.PositiveDuration.class,
      description = "Time between the two counts that measure growth (default: ${DEFAULT-VALUE}).")
  Duration sample;

  @Option(names = "--json", description = "Print the assessment as JSON.")
  boolean json;

  @Mixin KafkaConfigOption kafkaConfig;

  @Override
  public Integer call() throws InterruptedException {
    if (throughput != null && !(throughput > 0)) {
      throw new UsageException("--throughput must be a positive number of records per second");
    }
    EndpointOptions options =
        EndpointOptions.of(Optional.empty(), kafkaConfig.file(), "--kafka-config");
    EndpointRegistry registry = MigrateCommand.endpoints();
    URI source = EndpointRegistry.parse("--from", from);
    EndpointResolver resolver = registry.resolverFor(source);
    OptionalLong free = OptionalLong.empty();
    if (to != null) {
      URI destination = EndpointRegistry.parse("--to", to);
      free = registry.resolverFor(destination).freeBytes(destination, options);
    }
    long started = System.nanoTime();
    EndpointAssessment first = resolver.assess(source, options);
    Thread.sleep(sample.toMillis());
    EndpointAssessment second = resolver.assess(source, options);
    double seconds = (System.nanoTime() - started) / 1e9;
    double growth = Math.max(0, (second.records() - first.records()) / seconds);
    Estimate estimate = new Estimate(second, growth, throughput, free);
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? estimate.json() : estimate.text());
    out.flush();
    return ExitCode.OK;
  }

  /** The numbers an operator plans with. */
  private record Estimate(
      EndpointAssessment source, double growthPerSecond, Double throughput, OptionalLong free) {

    long neededBytes() {
      return source.bytes() + source.records() * FRAMING_BYTES_PER_RECORD;
    }

    /** Seconds to catch up, or -1 if the source grows at least as fast as the throughput. */
    double seconds() {
      double net = throughput - growthPerSecond;
      return net > 0 ? source.records() / net : -1;
    }

    /** About a second of work per checkpoint, within 1,000..100,000 records. */
    String checkpointEvery() {
      if (throughput == null) {
        return "1s";
      }
      return Math.max(1_000, Math.min(100_000, Math.round(throughput))) + " records (about 1s)";
    }

    String text() {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "source %s: %d partitions, %,d records, %,d bytes%n",
              source.endpoint(),
              source.partitions().size(),
              source.records(),
              source.bytes()));
      for (PartitionFacts p : source.partitions()) {
        s.append(
            String.format(
                Locale.ROOT,
                "  partition %s: %d segments, %,d records, %,d bytes, oldest %s, newest %s%n",
                p.name(),
                p.segments(),
                p.records(),
                p.bytes(),
                p.oldest().map(Object::toString).orElse("unknown"),
                p.newest().map(Object::toString).orElse("unknown")));
      }
      s.append(String.format(Locale.ROOT, "growth: %,.1f records/s%n", growthPerSecond));
      if (throughput != null) {
        double secs = seconds();
        s.append(
            secs < 0
                ? String.format(
                    Locale.ROOT,
                    "estimate: never catches up: the source grows at least as fast as %,.0f"
                        + " records/s%n",
                    throughput)
                : String.format(
                    Locale.ROOT,
                    "estimate: %s at %,.0f records/s%n",
                    Duration.ofSeconds((long) Math.ceil(secs)),
                    throughput));
      }
      s.append("suggested --checkpoint-every: ").append(checkpointEvery()).append('\n');
      if (free.isPresent()) {
        s.append(
            String.format(
                Locale.ROOT,
                "destination free space: %,d bytes; needs about %,d (framed)%s",
                free.getAsLong(),
                neededBytes(),
                free.getAsLong() < neededBytes() ? " -- NOT ENOUGH" : ""));
      }
      return s.toString().stripTrailing();
    }

    String json() {
      StringBuilder s =
          new StringBuilder("{\"source\":")
              .append(Json.string(source.endpoint()))
              .append(",\"records\":")
              .append(source.records())
              .append(",\"bytes\":")
              .append(source.bytes())
              .append(",\"partitions\":[");
      String sep = "";
      for (PartitionFacts p : source.partitions()) {
        s.append(sep)
            .append("{\"name\":")
            .append(Json.string(p.name()))
            .append(",\"segments\":")
            .append(p.segments())
            .append(",\"records\":")
            .append(p.records())
            .append(",\"bytes\":")
            .append(p.bytes())
            .append(",\"oldest\":")
            .append(p.oldest().map(i -> Json.string(i.toString())).orElse("null"))
            .append(",\"newest\":")
            .append(p.newest().map(i -> Json.string(i.toString())).orElse("null"))
            .append('}');
        sep = ",";
      }
      s.append("],\"growthRecordsPerSecond\":")
          .append(String.format(Locale.ROOT, "%.3f", growthPerSecond));
      s.append(",\"throughput\":").append(throughput == null ? "null" : throughput.toString());
      s.append(",\"estimatedSeconds\":")
          .append(
              throughput == null || seconds() < 0
                  ? "null"
                  : String.format(Locale.ROOT, "%.1f", seconds()));
      s.append(",\"suggestedCheckpointEvery\":").append(Json.string(checkpointEvery()));
      s.append(",\"destinationFreeBytes\":")
          .append(free.isPresent() ? Long.toString(free.getAsLong()) : "null");
      s.append(",\"destinationNeedsBytes\":").append(neededBytes());
      return s.append('}').toString();
    }
  }
}
