package io.streammigration.cli.endpoint;

import io.streammigration.cli.endpoint.EndpointAssessment.PartitionFacts;
import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.kafka.GapPolicy;
import io.streammigration.kafka.KafkaSink;
import io.streammigration.kafka.KafkaSinkConfig;
import io.streammigration.kafka.KafkaSource;
import io.streammigration.kafka.KafkaSourceConfig;
import io.streammigration.kafka.Partitioning;
import io.streammigration.kafka.StartPosition;
import io.streammigration.kafka.TopicMapping;
import io.streammigration.kafka.TransactionalKafkaSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code kafka:} endpoints: one topic of a Kafka cluster, read by a {@link KafkaSource} and written
 * by a {@link TransactionalKafkaSink} (EXACTLY_ONCE) or a {@link KafkaSink} (AT_LEAST_ONCE).
 *
 * <p>Form: {@code kafka://host:port[,host:port...]/topic[?parameters]}. The authority is the
 * bootstrap server list; the path is exactly one topic. Parameters (unknown ones are errors naming
 * them):
 *
 * <ul>
 *   <li>source ({@code --from}): {@code read-committed=true|false} (default true: aborted
 *       transactions are never migrated; on topics without transactions it reads the same
 *       records), {@code start=earliest|latest} (where partitions without a checkpoint start;
 *       default earliest), {@code follow=true} (keep reading new records; default false: the source
 *       is bounded and ends at the end offsets seen when it opens), {@code group=<id>} (commit each
 *       durable checkpoint's offsets to this consumer group so lag tools see progress; never read
 *       back), {@code gaps=fail|skip} (deleted offsets: fail, the default, or skip and count);
 *   <li>sink ({@code --to}): {@code partitioning=preserve|by-key|by-source-partition} (default
 *       preserve: source partition n goes to partition n, which needs a Kafka source; use {@code
 *       by-key} or {@code by-source-partition} for file sources), {@code checkpoint-topic=<name>}
 *       (the compacted topic holding the exactly-once sink's checkpoints; default {@value
 *       KafkaSinkConfig#DEFAULT_CHECKPOINT_TOPIC}), {@code transactional-id=<id>} (default {@code
 *       sm-<migration id>}).
 * </ul>
 *
 * <p>Every record goes to the URI's topic, whatever its source topic or file. The destination topic
 * must exist: the sinks never create data topics. For AT_LEAST_ONCE the command keeps checkpoints
 * in its {@code --state-dir} (a file store), like for files, so one resume mechanism serves every
 * destination. Reading a destination back ({@code migrate verify}) uses a bounded read_committed
 * source over the topic, so only committed transactions count.
 *
 * <p>Client settings come from {@code --kafka-config} (a properties file) and reach every client
 * unchanged; the adapters refuse settings that would weaken a guarantee. Their values may be
 * secrets: they are never printed, and errors name the file, never a value (see {@link Secrets}).
 */
public final class KafkaEndpoints implements EndpointResolver {

  private static final Set<String> SOURCE_PARAMS =
      Set.of("read-committed", "start", "follow", "group", "gaps");
  private static final Set<String> SINK_PARAMS =
      Set.of("partitioning", "checkpoint-topic", "transactional-id");

  // host:port, where host is a name, an IPv4 address or a bracketed IPv6 address.
  private static final Pattern SERVER = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):\\d{1,5}");

  @Override
  public String scheme() {
    return "kafka";
  }

  @Override
  public boolean supports(URI uri) {
    return "kafka".equalsIgnoreCase(uri.getScheme());
  }

  @Override
  public Source source(URI uri, EndpointOptions options) {
    KafkaUri k = KafkaUri.of(uri, SOURCE_PARAMS);
    UriQuery q = k.query();
    KafkaSourceConfig.Builder b =
        KafkaSourceConfig.builder()
            .bootstrapServers(k.servers())
            .topics(k.topic())
            .readCommitted(q.flag("read-committed", true))
            .bounded(!q.flag("follow", false))
            .clientSettings(clientSettings(options));
    String start = q.get("start", "earliest");
    switch (start) {
      case "earliest" -> b.startAt(StartPosition.earliest());
      case "latest" -> b.startAt(StartPosition.latest());
      default -> throw q.invalid("start", "must be earliest or latest");
    }
    String gaps = q.get("gaps", "fail");
    switch (gaps) {
      case "fail" -> b.gapPolicy(GapPolicy.FAIL);
      case "skip" -> b.gapPolicy(GapPolicy.SKIP_AND_COUNT);
      default -> throw q.invalid("gaps", "must be fail or skip");
    }
    if (q.has("group")) {
      String group = q.get("group", "");
      build(uri, () -> b.groupId(group));
    }
    return new KafkaSource(build(uri, b::build));
  }

  @Override
  public Sink sink(URI uri, DeliveryGuarantee guarantee, EndpointOptions options) {
    KafkaUri k = KafkaUri.of(uri, SINK_PARAMS);
    UriQuery q = k.query();
    KafkaSinkConfig.Builder b =
        KafkaSinkConfig.builder()
            .bootstrapServers(k.servers())
            .topicMapping(TopicMapping.allTo(k.topic()))
            .clientSettings(clientSettings(options));
    String partitioning = q.get("partitioning", "preserve");
    switch (partitioning) {
      case "preserve" -> b.partitioning(Partitioning.PRESERVE);
      case "by-key" -> b.partitioning(Partitioning.BY_KEY);
      case "by-source-partition" -> b.partitioning(Partitioning.BY_SOURCE_PARTITION);
      default -> throw q.invalid("partitioning", "must be preserve, by-key or by-source-partition");
    }
    if (q.has("checkpoint-topic")) {
      String topic = q.get("checkpoint-topic", "");
      build(uri, () -> b.checkpointTopic(topic));
    }
    if (q.has("transactional-id")) {
      String id = q.get("transactional-id", "");
      build(uri, () -> b.transactionalId(id));
    }
    KafkaSinkConfig config = build(uri, b::build);
    return guarantee == DeliveryGuarantee.EXACTLY_ONCE
        ? new TransactionalKafkaSink(config)
        : new KafkaSink(config);
  }

  @Override
  public Source readBack(URI uri, EndpointOptions options) {
    // The same URI as the run's --to, so sink parameters are accepted (and have no say here).
    KafkaUri k = KafkaUri.of(uri, SINK_PARAMS);
    KafkaSourceConfig.Builder b =
        KafkaSourceConfig.builder()
            .bootstrapServers(k.servers())
            .topics(k.topic())
            // Only committed transactions are the migration's output; bounded so verify ends.
            .readCommitted(true)
            .bounded(true)
            .startAt(StartPosition.earliest())
            .clientSettings(clientSettings(options));
    return new KafkaSource(build(uri, b::build));
  }

  @Override
  public EndpointAssessment assess(URI uri, EndpointOptions options) {
    // Counted through the source a migration would use, bounded whatever the URI says: what is
    // there now is what is assessed.
    KafkaUri k = KafkaUri.of(uri, SOURCE_PARAMS);
    KafkaSourceConfig.Builder b =
        KafkaSourceConfig.builder()
            .bootstrapServers(k.servers())
            .topics(k.topic())
            .readCommitted(k.query().flag("read-committed", true))
            .bounded(true)
            .startAt(StartPosition.earliest())
            .clientSettings(clientSettings(options));
    Map<String, long[]> tallies = new TreeMap<>(); // records, bytes, min ts, max ts
    try (KafkaSource source = new KafkaSource(build(uri, b::build))) {
      source.open(READ_ONLY, Optional.empty());
      while (!source.isEndOfInput()) {
        for (Record r : source.poll(10_000, Duration.ofMillis(200))) {
          long[] t =
              tallies.computeIfAbsent(
                  r.partition().name(), n -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
          t[0]++;
          t[1] += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
          t[2] = Math.min(t[2], r.timestamp());
          t[3] = Math.max(t[3], r.timestamp());
        }
      }
    }
    List<PartitionFacts> facts = new ArrayList<>();
    tallies.forEach(
        (name, t) ->
            facts.add(
                new PartitionFacts(
                    name,
                    1,
                    t[0],
                    t[1],
                    Optional.of(Instant.ofEpochMilli(t[2])),
                    Optional.of(Instant.ofEpochMilli(t[3])))));
    return new EndpointAssessment(uri.toString(), facts, OptionalLong.empty());
  }

  /** A broker does not tell its free disk space to clients. */
  @Override
  public OptionalLong freeBytes(URI uri, EndpointOptions options) {
    KafkaUri.of(uri, SINK_PARAMS);
    return OptionalLong.empty();
  }

  /**
   * The {@code --kafka-config} properties, unchanged. Errors name the file only: a half-parsed
   * line could hold a secret.
   */
  static Map<String, Object> clientSettings(EndpointOptions options) {
    if (options.clientConfig().isEmpty()) {
      return Map.of();
    }
    Path file = options.clientConfig().get();
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new EndpointException("--kafka-config " + file + ": cannot be read as a properties file");
    }
    Map<String, Object> settings = new HashMap<>();
    props.stringPropertyNames().forEach(name -> settings.put(name, props.getProperty(name)));
    return settings;
  }

  /**
   * Runs a config step, turning the library's config errors into errors naming the URI. The
   * library's messages carry setting names, never values.
   */
  private static <T> T build(URI uri, Supplier<T> step) {
    try {
      return step.get();
    } catch (MigrationConfigException e) {
      // clientSettings are the --kafka-config file's: send the operator there, not to the URI.
      String where =
          e.setting().equals("clientSettings") ? "from --kafka-config, for " + uri : "in " + uri;
      throw new EndpointException(e.getMessage() + " (" + where + ")");
    }
  }

  /** Reading for assess only: no checkpoints are committed. */
  private static final SourceContext READ_ONLY =
      new SourceContext() {
        @Override
        public String migrationId() {
          return "migrate-assess";
        }

        @Override
        public Optional<Checkpoint> commitAndRelease(Set<PartitionId> partitions) {
          return Optional.empty();
        }
      };

  /** A Kafka URI's servers, topic and query. */
  record KafkaUri(String servers, String topic, UriQuery query) {

    static KafkaUri of(URI uri, Set<String> params) {
      if (uri.isOpaque() || uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
        throw new EndpointException(
            "no bootstrap servers in " + uri + "; write kafka://host:port[,host:port]/topic");
      }
      String servers = uri.getRawAuthority();
      for (String server : servers.split(",", -1)) {
        if (!SERVER.matcher(server).matches()) {
          throw new EndpointException(
              "'" + server + "' is not a host:port bootstrap server in " + uri);
        }
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      String topic = URLDecoder.decode(path.replaceFirst("^/", "").replace("+", "%2B"), StandardCharsets.UTF_8);
      if (topic.isEmpty() || topic.contains("/")) {
        throw new EndpointException(
            "expected exactly one topic as the path of " + uri + "; write kafka://host:port/topic");
      }
      return new KafkaUri(servers, topic, UriQuery.parse(uri, uri.getRawQuery(), params));
    }
  }
}
