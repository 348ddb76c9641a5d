package io.streammigration.kafka.testbroker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
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
import org.apache.kafka.clients.admin.NewTopic;
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
 *   <li>Use {@link #bootstrapServers()}, {@link #createTopic} and {@link #admin()}.
 *   <li>{@link #stop()} shuts the broker down, keeping its log and ports; {@link #start()} again
 *       restarts it with the same data on the same address: a "broker bounced" scenario.
 *   <li>{@link #close()} stops it and deletes the log directory. Idempotent.
 * </ol>
 *
 * <p>The settings make a one-node cluster usable for transactions and consumer groups at once:
 * replication factor 1 for the internal topics (otherwise {@code initTransactions} waits a minute
 * for replicas that never come) and no initial rebalance delay (otherwise each new group waits 3
 * s), a session-timeout floor of 0.5 s (so a test can have a paused consumer declared dead in
 * seconds), and no time-based retention (tests use fixed, old timestamps). {@link #withConfig} adds
 * or overrides any broker setting before the first start.
 *
 * <p><b>Threads.</b> Start, stop and close from one thread (a test's lifecycle thread); the
 * accessors may be called from any thread.
 */
public final class KafkaTestBroker implements AutoCloseable {

  private final Map<String, String> overrides = new HashMap<>();
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

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(config);
  }

  /** Creates a topic with replication factor 1 and waits until it exists. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates a topic with replication factor 1 and the given topic configs, and waits. */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
      awaitLeaders(admin, name, partitions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /**
   * Creation returns once the controller has it; the broker learns of it a moment later. Waiting
   * for every partition's leader spares clients a burst of UNKNOWN_TOPIC and NOT_LEADER retries.
   */
  private static void awaitLeaders(Admin admin, String name, int partitions) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        var description = admin.describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name);
        if (description.partitions().size() == partitions
            && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
        // not visible yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("topic " + name + " has no leaders 30 s after creation");
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
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    // Tests write fixed, old timestamps; with the default 7-day retention the broker's first
    // retention check (30 s after start) deletes them, and a source then sees a gap.
    props.put("log.retention.ms", "-1");
    props.putAll(overrides);
    return props;
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
