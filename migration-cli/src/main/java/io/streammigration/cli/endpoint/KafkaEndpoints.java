package io.streammigration.cli.endpoint;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import io.streammigration.kafka.CheckpointTopicPositions;
import io.streammigration.kafka.ClientSettings;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code kafka:} endpoints: topics of a Kafka cluster, read by a {@link KafkaSource} and written
 * by a {@link TransactionalKafkaSink} (EXACTLY_ONCE) or a {@link KafkaSink} (AT_LEAST_ONCE).
 *
 * <p>Form: {@code kafka://host:port[,host:port...]/[topic[,topic...]][?parameters]} (see {@link
 * KafkaUri}). A source reads one or more topics; a destination names one topic, which every record
 * goes to, or none and maps source topics with {@code rename}. Parameters (unknown ones are errors
 * naming them):
 *
 * <ul>
 *   <li>source ({@code --from}): {@code read-committed=true|false} (default true: aborted
 *       transactions are never migrated; on topics without transactions it reads the same
 *       records), {@code start=earliest|latest|<time>} (where partitions without a checkpoint
 *       start: the log start, the end when the source opens, or the first record at or after a
 *       time, written ISO-8601 ({@code 2026-01-01T00:00:00Z}) or as epoch milliseconds; default
 *       earliest), {@code follow=true} (keep reading new records; default false: the source is
 *       bounded and ends at the end offsets seen when it opens), {@code group=<id>} (commit each
 *       durable checkpoint's offsets to this consumer group so lag tools see progress; never read
 *       back), {@code scale-out=true} (with {@code group}: consumer-group mode, below), {@code
 *       gaps=fail|skip} (deleted offsets: fail, the default, or skip and count);
 *   <li>sink ({@code --to}): {@code partitioning=preserve|by-key|by-source-partition} (default
 *       preserve: source partition n goes to partition n, which needs a Kafka source; use {@code
 *       by-key} or {@code by-source-partition} for file sources), {@code rename=a:a2,b:b2} (each
 *       source topic to its own destination topic, {@link TopicMapping#renamed}; the path then
 *       names no topic, and in a run the map must name exactly the source's topics), {@code
 *       checkpoint-topic=<name>} (the compacted topic holding the exactly-once sink's checkpoints;
 *       default {@value KafkaSinkConfig#DEFAULT_CHECKPOINT_TOPIC}), {@code transactional-id=<id>}
 *       (default {@code sm-<migration id>}).
 * </ul>
 *
 * <p><b>Scale-out.</b> In a run, a source with {@code group=<id>&scale-out=true} joins that
 * consumer group ({@link KafkaSourceConfig.Builder#consumerGroup}), so several {@code migrate run}
 * processes with the same {@code --id} share the topics' partitions. It reads without end (a
 * partition can move at any time, so there is no end to reach; the run stops on Ctrl-C or
 * SIGTERM). The destination must be Kafka, exactly-once, with its own {@code transactional-id} per
 * process: each commit also writes the positions of the partitions it wrote, and a process newly
 * assigned a partition resumes from them ({@link CheckpointTopicPositions} on the destination's
 * checkpoint topic). Read only ({@code verify}, {@code assess}), the same URI reads the topics
 * directly, as if {@code scale-out} were absent.
 *
 * <p><b>Zombie fencing.</b> A process paused (GC, a frozen VM) long enough for the group to give
 * its partitions to another process must not commit what it read before, when it resumes. When
 * source and destination are <b>the same cluster</b> (their cluster ids, asked with the {@code
 * --kafka-config} settings when the run starts, are equal), each process's sink is {@linkplain
 * TransactionalKafkaSink#fencedBy fenced by its source}: every transaction carries the consumer
 * group's metadata, and the group refuses the commit of a process that is no longer the member it
 * was (Kafka's KIP-447); that process then stops with {@link
 * io.streammigration.kafka.InstanceFencedException}. This needs the classic group protocol with
 * an eager assignor (the defaults); other settings are refused. Across clusters a transaction
 * cannot commit offsets to the source's group, so the run goes on unfenced, with one warning:
 * zombie fencing then relies on timeouts (keep {@code transaction.timeout.ms} below {@code
 * session.timeout.ms}, so that a process that lost its partitions finds its transaction aborted).
 *
 * <p>The destination topics must exist: the sinks never create data topics. For AT_LEAST_ONCE the
 * command keeps checkpoints in its {@code --state-dir} (a file store), like for files, so one
 * resume mechanism serves every destination. Reading a destination back ({@code migrate verify})
 * uses a bounded read_committed source over its topics, so only committed transactions count.
 *
 * <p>Client settings come from {@code --kafka-config} (a properties file) and reach every client
 * unchanged; the adapters refuse settings that would weaken a guarantee. Their values may be
 * secrets: they are never printed, and errors name the file, never a value (see {@link Secrets}).
 */
public final class KafkaEndpoints implements EndpointResolver {

  private static final Set<String> SOURCE_PARAMS =
      Set.of("read-committed", "start", "follow", "group", "scale-out", "gaps");
  private static final Set<String> SINK_PARAMS =
      Set.of("partitioning", "rename", "checkpoint-topic", "transactional-id");

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
    Map<String, Object> settings = clientSettings(options);
    KafkaSourceConfig.Builder b =
        KafkaSourceConfig.builder()
            .bootstrapServers(k.servers())
            .topics(k.sourceTopics().toArray(String[]::new))
            .readCommitted(q.flag("read-committed", true))
            .startAt(startPosition(q))
            .clientSettings(settings);
    String gaps = q.get("gaps", "fail");
    switch (gaps) {
      case "fail" -> b.gapPolicy(GapPolicy.FAIL);
      case "skip" -> b.gapPolicy(GapPolicy.SKIP_AND_COUNT);
      default -> throw q.invalid("gaps", "must be fail or skip");
    }
    // Scale-out only where this source feeds a migration; read only, the topics are read directly.
    boolean groupMode = scaleOut(k) && options.otherEnd().isPresent();
    b.bounded(!groupMode && !q.flag("follow", false));
    if (groupMode) {
      KafkaUri destination = scaleOutDestination(uri, options.otherEnd().get());
      CheckpointTopicPositions positions =
          new CheckpointTopicPositions(
              destination.servers(),
              build(uri, () -> ClientSettings.of(settings)),
              destination.query().get("checkpoint-topic", KafkaSinkConfig.DEFAULT_CHECKPOINT_TOPIC));
      String group = q.get("group", "");
      build(uri, () -> b.consumerGroup(group, positions));
    } else if (q.has("group")) {
      String group = q.get("group", "");
      build(uri, () -> b.groupId(group));
    }
    return new KafkaSource(build(uri, b::build));
  }

  /**
   * True if a source on {@code uri} ends by itself: unless {@code follow=true}, or {@code
   * scale-out=true} in a run.
   */
  @Override
  public boolean bounded(URI uri, EndpointOptions options) {
    KafkaUri k = KafkaUri.of(uri, SOURCE_PARAMS);
    return !k.query().flag("follow", false) && !(scaleOut(k) && options.otherEnd().isPresent());
  }

  /** {@code scale-out=true}: the processes of the consumer group share the partitions. */
  @Override
  public Optional<String> sharedPartitions(URI uri) {
    return scaleOut(KafkaUri.of(uri, SOURCE_PARAMS))
        ? Optional.of("scale-out=true")
        : Optional.empty();
  }

  @Override
  public Sink sink(URI uri, DeliveryGuarantee guarantee, EndpointOptions options) {
    KafkaUri k = KafkaUri.of(uri, SINK_PARAMS);
    UriQuery q = k.query();
    KafkaSinkConfig.Builder b =
        KafkaSinkConfig.builder()
            .bootstrapServers(k.servers())
            .topicMapping(topicMapping(k, options))
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
    Optional<URI> scaleOutSource =
        options.otherEnd().filter(from -> supports(from) && scaleOut(KafkaUri.of(from, SOURCE_PARAMS)));
    if (scaleOutSource.isPresent()) {
      URI from = scaleOutSource.get();
      if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
        throw new EndpointException(
            "scale-out=true (in "
                + from
                + ") needs --guarantee exactly-once: a process that takes over a partition "
                + "resumes from the positions the transactional sink commits");
      }
      if (!q.has("transactional-id")) {
        throw new EndpointException(
            "scale-out=true (in "
                + from
                + ") needs transactional-id=<id> in "
                + uri
                + ": each process its own, the same across its restarts");
      }
      b.positionsPerPartition(true);
    }
    KafkaSinkConfig config = build(uri, b::build);
    return guarantee == DeliveryGuarantee.EXACTLY_ONCE
        ? new TransactionalKafkaSink(config)
        : new KafkaSink(config);
  }

  /** {@code start=latest}: the end offsets when the source opens, which move on. */
  @Override
  public Optional<String> movingStart(URI uri) {
    UriQuery q = KafkaUri.of(uri, SOURCE_PARAMS).query();
    startPosition(q); // a malformed start= is reported as the source would report it
    return q.get("start", "earliest").equals("latest")
        ? Optional.of("start=latest")
        : Optional.empty();
  }

  /**
   * {@code kafka://<server>/<topic>} for each bootstrap server (host lower-cased) and each topic
   * written (the path's topic or the {@code rename} targets): two destinations sharing a server
   * are one cluster, so they collide when they also share a topic, whatever the order or case of
   * their servers and parameters.
   */
  @Override
  public Set<String> destinationNames(URI uri) {
    KafkaUri k = KafkaUri.of(uri, SINK_PARAMS);
    Set<String> topics =
        k.query().has("rename")
            ? new TreeSet<>(renames(k).values())
            : Set.of(k.destinationTopic());
    Set<String> names = new TreeSet<>();
    for (String server : k.servers().split(",")) {
      for (String topic : topics) {
        names.add("kafka://" + server.toLowerCase(Locale.ROOT) + "/" + topic);
      }
    }
    return names;
  }

  /**
   * A scale-out run's exactly-once sink, fenced by its source's consumer group if source and
   * destination are the same cluster ({@link TransactionalKafkaSink#fencedByIfOneCluster}: the
   * sink asks both for their cluster id when it opens, and across clusters runs unfenced with one
   * warning); for any other run, {@code sink} unchanged.
   *
   * @throws EndpointException if the source's settings rule the fence out (a cooperative or
   *     KIP-848 group protocol)
   */
  @Override
  public Sink linkToSource(Sink sink, URI to, Source source, URI from, EndpointOptions options) {
    if (!(sink instanceof TransactionalKafkaSink transactional)
        || !(source instanceof KafkaSource kafkaSource)
        || !supports(from)
        || !scaleOut(KafkaUri.of(from, SOURCE_PARAMS))) {
      return sink;
    }
    try {
      return transactional.fencedByIfOneCluster(kafkaSource);
    } catch (MigrationConfigException e) {
      throw new EndpointException(
          "scale-out=true in "
              + from
              + " fences each process by its consumer group where source and destination are one"
              + " cluster, but "
              + e.getMessage()
              + " (from --kafka-config)");
    }
  }

  @Override
  public Source readBack(URI uri, EndpointOptions options) {
    return readBack(uri, options, false);
  }

  /** As {@link #readBack}, unbounded: committed transactions keep arriving until closed. */
  @Override
  public Source readBackFollowing(URI uri, EndpointOptions options) {
    return readBack(uri, options, true);
  }

  private Source readBack(URI uri, EndpointOptions options, boolean follow) {
    // The same URI as the run's --to, so sink parameters are accepted (and have no say here).
    KafkaUri k = KafkaUri.of(uri, SINK_PARAMS);
    List<String> topics =
        k.query().has("rename")
            ? new ArrayList<>(new TreeSet<>(renames(k).values()))
            : List.of(k.destinationTopic());
    KafkaSourceConfig.Builder b =
        KafkaSourceConfig.builder()
            .bootstrapServers(k.servers())
            .topics(topics.toArray(String[]::new))
            // Only committed transactions are the migration's output; bounded so verify ends,
            // unless it follows the destination.
            .readCommitted(true)
            .bounded(!follow)
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
            .topics(k.sourceTopics().toArray(String[]::new))
            .readCommitted(k.query().flag("read-committed", true))
            .bounded(true)
            .startAt(StartPosition.earliest())
            .clientSettings(clientSettings(options));
    return KafkaAssessor.assess(uri, new KafkaSource(build(uri, b::build)));
  }

  /** A broker does not tell its free disk space to clients. */
  @Override
  public OptionalLong freeBytes(URI uri, EndpointOptions options) {
    topicMapping(KafkaUri.of(uri, SINK_PARAMS), options);
    return OptionalLong.empty();
  }

  /**
   * {@code start=}: {@code earliest} (default), {@code latest}, an ISO-8601 instant ({@code
   * 2026-01-01T00:00:00Z}, or with an offset such as {@code +01:00}, its {@code +} written {@code
   * %2B} in a URI) or epoch milliseconds.
   */
  private static StartPosition startPosition(UriQuery q) {
    String start = q.get("start", "earliest");
    switch (start) {
      case "earliest":
        return StartPosition.earliest();
      case "latest":
        return StartPosition.latest();
      default:
        try {
          return StartPosition.atTimestamp(
              start.chars().allMatch(Character::isDigit) && !start.isEmpty()
                  ? Instant.ofEpochMilli(Long.parseLong(start))
                  : Instant.parse(start));
        } catch (DateTimeParseException | NumberFormatException e) {
          throw q.invalid(
              "start",
              "must be earliest, latest, a time such as 2026-01-01T00:00:00Z, or epoch milliseconds");
        }
    }
  }

  /**
   * True if the source URI asks for consumer-group mode, checking what goes with it.
   *
   * @throws EndpointException if {@code group} is missing or {@code follow=false} contradicts it
   */
  private static boolean scaleOut(KafkaUri k) {
    UriQuery q = k.query();
    if (!q.flag("scale-out", false)) {
      return false;
    }
    if (!q.has("group")) {
      throw new EndpointException(
          "scale-out=true needs group=<id>, the consumer group the processes share, in " + k.uri());
    }
    if (q.has("follow") && !q.flag("follow", true)) {
      throw new EndpointException(
          "scale-out=true reads without end (partitions move between processes), so follow=false"
              + " cannot hold in "
              + k.uri());
    }
    return true;
  }

  /** The Kafka destination a scale-out source's committed positions are read from. */
  private KafkaUri scaleOutDestination(URI from, URI to) {
    if (!supports(to)) {
      throw new EndpointException(
          "scale-out=true (in "
              + from
              + ") needs a kafka: destination, which commits the positions a process taking over"
              + " a partition resumes from; "
              + to
              + " is not one");
    }
    return KafkaUri.of(to, SINK_PARAMS);
  }

  /**
   * Where each record goes: the path's one topic, or the {@code rename} map. In a run (the other
   * end known) the map must name exactly the Kafka source's topics, so a typo fails before
   * anything is read rather than at the first record of an unmapped topic.
   */
  private TopicMapping topicMapping(KafkaUri k, EndpointOptions options) {
    if (!k.query().has("rename")) {
      return TopicMapping.allTo(k.destinationTopic());
    }
    Map<String, String> renames = renames(k);
    if (options.otherEnd().isPresent()) {
      URI from = options.otherEnd().get();
      if (!supports(from)) {
        throw new EndpointException(
            "rename= in "
                + k.uri()
                + " maps Kafka topics, but the source "
                + from
                + " is not a kafka: URI; name one destination topic instead");
      }
      Set<String> sourceTopics = new TreeSet<>(KafkaUri.of(from, SOURCE_PARAMS).sourceTopics());
      Set<String> unmapped = new TreeSet<>(sourceTopics);
      unmapped.removeAll(renames.keySet());
      if (!unmapped.isEmpty()) {
        throw new EndpointException(
            "rename= in " + k.uri() + " gives no destination for source topics " + unmapped);
      }
      Set<String> unread = new TreeSet<>(renames.keySet());
      unread.removeAll(sourceTopics);
      if (!unread.isEmpty()) {
        throw new EndpointException(
            "rename= in " + k.uri() + " maps topics " + unread + " that the source " + from
                + " does not read");
      }
    }
    return TopicMapping.renamed(renames);
  }

  /** The rename map of a destination, which then names no topic in its path. */
  private static Map<String, String> renames(KafkaUri k) {
    if (!k.topics().isEmpty()) {
      throw new EndpointException(
          "give either one destination topic in the path or rename=..., not both, in " + k.uri());
    }
    return k.renames();
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
}
