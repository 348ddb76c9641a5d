package io.streammigration.kafka.testbroker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real, single-node Kafka broker (KRaft: broker and controller in one process) running inside
 * this JVM, listening on {@code 127.0.0.1} only, with its log in a temporary directory.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link #start()}: picks two free ports (client and controller) the first time, formats the
 *       storage and starts the broker. Blocks until it serves requests (about 3 s).
 *   <li>Use {@link #bootstrapServers()}, {@link #createTopic} (which returns once the topic takes
 *       writes) and {@link #admin()}.
 *   <li>{@link #stop()} shuts the broker down, keeping its log and ports; {@link #start()} again
 *       restarts it with the same data on the same address: a "broker bounced" scenario.
 *   <li>{@link #close()} stops it and deletes the log directory. Idempotent.
 * </ol>
 *
 * <p>The settings make a one-node cluster usable for transactions and consumer groups at once:
 * replication factor 1 for the internal topics (otherwise {@code initTransactions} waits a minute
 * for replicas that never come) and no initial rebalance delay (otherwise each new group waits 3
 * s), a session-timeout floor of 0.5 s (so a test can have a paused consumer declared dead in
 * seconds), timed-out transactions aborted within a second rather than ten, and no time-based
 * retention (tests use fixed, old timestamps). {@link #withConfig} adds
 * or overrides any broker setting before the first start.
 *
 * <p><b>Authorization.</b> {@link #withAuthorization} makes a broker like a locked-down production
 * cluster: clients authenticate over SASL_PLAINTEXT with PLAIN, {@code StandardAuthorizer} allows
 * only what ACLs grant, and {@value #ADMIN} is a super user. {@link #admin()} and {@link
 * #createTopic} then act as {@value #ADMIN}; other clients take their settings from {@link
 * #clientSettings(String)}.
 *
 * <p><b>Threads.</b> Start, stop and close from one thread (a test's lifecycle thread); the
 * accessors may be called from any thread.
 */
public final class KafkaTestBroker implements AutoCloseable {

  /** How long {@link #createTopic} waits for a new topic's partitions to take requests. */
  private static final int TOPIC_READY_SECONDS = 30;

  /** The super user of a broker {@linkplain #withAuthorization with authorization}. */
  public static final String ADMIN = "admin";

  private final Map<String, String> overrides = new HashMap<>();
  /** User name to password, {@link #ADMIN} included, once authorization is on; empty otherwise. */
  private final Map<String, String> users = new LinkedHashMap<>();
  private Path logDir;
  private int port;
  private int controllerPort;
  private String clusterId;
  private KafkaRaftServer server;
  private boolean closed;

  /** A broker that is not started yet. */
  public KafkaTestBroker() {}

  /** Adds or overrides a broker setting; only before the first {@link #start()}. */
  public KafkaTestBroker withConfig(String name, String value) {
    if (clusterId != null) {
      throw new IllegalStateException("configure the broker before its first start");
    }
    overrides.put(name, value);
    return this;
  }

  /**
   * Turns on authentication and authorization; only before the first {@link #start()}. Clients
   * connect over SASL_PLAINTEXT (mechanism PLAIN) on {@code 127.0.0.1}; the broker's authorizer is
   * KRaft's {@code StandardAuthorizer}, which denies whatever no ACL allows. {@value #ADMIN} (whose
   * password the harness makes up) is a super user, as is the principal of the controller listener
   * (PLAINTEXT, so {@code User:ANONYMOUS}; it is reachable by the broker itself only in practice,
   * since clients are never told its address).
   *
   * @param others user name to password for the other users, who may do only what ACLs grant
   */
  public KafkaTestBroker withAuthorization(Map<String, String> others) {
    if (clusterId != null) {
      throw new IllegalStateException("configure the broker before its first start");
    }
    if (others.containsKey(ADMIN)) {
      throw new IllegalArgumentException(ADMIN + " is the harness's super user; pick another name");
    }
    users.put(ADMIN, ADMIN + "-" + Uuid.randomUuid());
    users.putAll(others);
    return this;
  }

  /** True if the broker was configured {@linkplain #withAuthorization with authorization}. */
  public boolean authorizationEnabled() {
    return !users.isEmpty();
  }

  /**
   * Client settings (for producers, consumers and admin clients) that connect as {@code user}:
   * {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}. Empty for a
   * broker without authorization, where every client connects as it is.
   */
  public Map<String, Object> clientSettings(String user) {
    if (users.isEmpty()) {
      return Map.of();
    }
    String password = users.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no user " + user + " on this broker; users: " + users.keySet());
    }
    return Map.of(
        "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", plainLogin(user, password));
  }

  /** Starts (or restarts after {@link #stop()}) the broker; blocks until it serves requests. */
  public synchronized KafkaTestBroker start() {
    if (closed) {
      throw new IllegalStateException("broker closed");
    }
    if (server != null) {
      return this;
    }
    try {
      if (clusterId == null) {
        logDir = Files.createTempDirectory("kafka-test-broker-");
        port = freePort();
        controllerPort = freePort();
        clusterId = Uuid.randomUuid().toString();
      }
      Properties props = properties();
      Path configFile = logDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(configFile)) {
        props.store(out, "single-node KRaft test broker");
      }
      // Formatting prints to the stream it is given; tests do not want that noise.
      StorageTool.execute(
          new String[] {"format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"},
          new PrintStream(OutputStream.nullOutputStream()));
      KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      started.startup();
      server = started;
      awaitReady();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the test broker's log directory", e);
    } catch (Exception e) {
      throw new IllegalStateException("test broker failed to start on 127.0.0.1:" + port, e);
    }
  }

  /** Stops the broker, keeping its data and address for a later {@link #start()}. */
  public synchronized void stop() {
    if (server != null) {
      KafkaRaftServer running = server;
      server = null;
      running.shutdown();
      running.awaitShutdown();
    }
  }

  /** True between {@link #start()} and {@link #stop()}. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** {@code 127.0.0.1:<port>}, stable across restarts. */
  public String bootstrapServers() {
    if (clusterId == null) {
      throw new IllegalStateException("broker never started");
    }
    return "127.0.0.1:" + port;
  }

  /** A new admin client for this broker (as {@value #ADMIN} if authorization is on); the caller closes it. */
  public Admin admin() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    config.putAll(clientSettings(ADMIN));
    return Admin.create(config);
  }

  /**
   * Creates a topic with replication factor 1 and waits until every partition takes requests (see
   * {@link #createTopic(String, int, Map)}).
   */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /**
   * Creates a topic with replication factor 1 and the given topic configs, and waits until every
   * partition has a leader in the metadata <em>and</em> that leader answers ListOffsets for it,
   * for at most {@value #TOPIC_READY_SECONDS} s.
   *
   * <p>Why both: creation returns once the controller has the topic, and the metadata names the
   * leaders a moment before the broker serves the partitions. A produce request in that moment
   * fails with NOT_LEADER_OR_FOLLOWER; an idempotent producer whose first batch to a partition
   * failed so while its next batches succeeded retries that first batch against a partition that
   * already holds later sequences, gets OUT_OF_ORDER_SEQUENCE_NUMBER on every retry and stalls
   * until {@code delivery.timeout.ms}. ListOffsets needs the same leadership as Produce.
   *
   * @throws IllegalStateException if the topic cannot be created, or is not ready in time (the
   *     message names the topic and what it was still waiting for)
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
      awaitReady(admin, name, partitions, Duration.ofSeconds(TOPIC_READY_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /**
   * Waits until every one of {@code partitions} partitions of {@code name} has a leader that
   * answers ListOffsets for it.
   *
   * @throws IllegalStateException after {@code timeout} (plus at most 5 s for the call under way),
   *     naming the topic and what is missing
   */
  static void awaitReady(Admin admin, String name, int partitions, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      // Each call is bounded, so a slow answer overruns the deadline by 5 s at most; and it gets a
      // second at least, so that the last answer before giving up is the broker's, not our timeout.
      String missing = notReady(admin, name, partitions, (int) Math.min(Math.max(leftMillis, 1_000), 5_000));
      if (missing == null) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            "topic " + name + " is not ready " + timeout.toMillis() + " ms after creation: " + missing);
      }
      Thread.sleep(20);
    }
  }

  /** Null if every partition has a leader that answers ListOffsets; otherwise what is missing. */
  private static String notReady(Admin admin, String name, int partitions, int callTimeoutMs)
      throws InterruptedException {
    TopicDescription description;
    try {
      description = admin.describeTopics(List.of(name), new DescribeTopicsOptions().timeoutMs(callTimeoutMs))
          .allTopicNames().get().get(name);
    } catch (ExecutionException e) {
      return "describing it failed: " + e.getCause();
    }
    if (description.partitions().size() != partitions) {
      return "the metadata shows " + description.partitions().size() + " of its " + partitions + " partitions";
    }
    List<Integer> leaderless = description.partitions().stream()
        .filter(p -> p.leader() == null || p.leader().isEmpty())
        .map(TopicPartitionInfo::partition)
        .toList();
    if (!leaderless.isEmpty()) {
      return "partitions " + leaderless + " have no leader in the metadata";
    }
    Map<TopicPartition, OffsetSpec> query = new LinkedHashMap<>();
    for (int p = 0; p < partitions; p++) {
      query.put(new TopicPartition(name, p), OffsetSpec.latest());
    }
    ListOffsetsResult offsets = admin.listOffsets(query, new ListOffsetsOptions().timeoutMs(callTimeoutMs));
    List<String> silent = new ArrayList<>();
    for (TopicPartition tp : query.keySet()) {
      try {
        offsets.partitionResult(tp).get();
      } catch (ExecutionException e) {
        silent.add(tp.partition() + " (" + e.getCause().getClass().getSimpleName() + ")");
      }
    }
    return silent.isEmpty() ? null : "the leaders of partitions " + silent + " do not answer ListOffsets";
  }

  /** Stops the broker and deletes its data. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    if (logDir != null) {
      deleteRecursively(logDir);
    }
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    String client = users.isEmpty() ? "PLAINTEXT" : "SASL_PLAINTEXT";
    props.put("listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", client + "://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
    if (!users.isEmpty()) {
      props.put("inter.broker.listener.name", client);
      props.put("sasl.enabled.mechanisms", "PLAIN");
      props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      // The broker logs in as admin; the user_<name> entries are the accounts it accepts.
      StringBuilder accounts = new StringBuilder();
      users.forEach((user, password) -> accounts.append(" user_").append(user).append("=\"").append(password).append('"'));
      props.put(
          "listener.name.sasl_plaintext.plain.sasl.jaas.config",
          plainLogin(ADMIN, users.get(ADMIN)).replace(";", accounts + ";"));
      props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      // The controller listener is PLAINTEXT, so the broker reaches its controller as ANONYMOUS.
      props.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
    }
    props.put("log.dirs", logDir.resolve("data").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("group.initial.rebalance.delay.ms", "0");
    // Lets a test give its consumers a session timeout of a second or two (the broker's default
    // floor is 6 s), so that a member paused past it is declared dead quickly.
    props.put("group.min.session.timeout.ms", "500");
    // A transaction past its transaction.timeout.ms is aborted at the next check, every 10 s by
    // default: a test waiting for a killed producer's transaction to end would wait up to that.
    props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    // Tests write fixed, old timestamps; with the default 7-day retention the broker's first
    // retention check (30 s after start) deletes them, and a source then sees a gap.
    props.put("log.retention.ms", "-1");
    props.putAll(overrides);
    return props;
  }

  private static String plainLogin(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
  }

  private void awaitReady() throws Exception {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless; failing the test over it would not be.
    }
  }
}
