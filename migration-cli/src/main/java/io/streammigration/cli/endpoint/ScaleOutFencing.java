package io.streammigration.cli.endpoint;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.kafka.KafkaSource;
import io.streammigration.kafka.TransactionalKafkaSink;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a scale-out run's sink is fenced by its source's consumer group ({@link
 * TransactionalKafkaSink#fencedBy}, Kafka's KIP-447): yes when source and destination are the same
 * Kafka cluster, which only works there; otherwise the run goes on unfenced with one warning.
 *
 * <p>"The same cluster" is decided by asking each side for its cluster id with an Admin client and
 * the {@code --kafka-config} settings, never by comparing bootstrap strings: two server lists
 * written differently ({@code localhost} and {@code 127.0.0.1}, another broker of the cluster) can
 * name one cluster, and one host name can move to another cluster.
 */
final class ScaleOutFencing {

  private static final Logger LOG = LoggerFactory.getLogger(ScaleOutFencing.class);

  /** How long to wait for a cluster to say its id before the run fails. */
  private static final Duration CLUSTER_ID_TIMEOUT = Duration.ofSeconds(30);

  private ScaleOutFencing() {}

  /**
   * {@code sink} fenced by {@code source} if both ends are one cluster, else {@code sink} itself
   * after a warning. Blocks while each cluster is asked its id.
   *
   * @throws MigrationException if a cluster cannot be asked (unreachable, not authorized)
   * @throws EndpointException if the source's settings rule the fence out (a cooperative or KIP-848
   *     group protocol)
   */
  static TransactionalKafkaSink link(
      TransactionalKafkaSink sink,
      KafkaSource source,
      KafkaUri from,
      KafkaUri to,
      Map<String, Object> settings) {
    String sourceCluster = clusterId(from, settings);
    String destinationCluster = clusterId(to, settings);
    if (!sourceCluster.equals(destinationCluster)) {
      LOG.warn(
          "scale-out source {} (cluster {}) and destination {} (cluster {}) are different clusters:"
              + " the processes are not fenced by the consumer group, which can only vouch for"
              + " transactions on its own cluster. Zombie fencing across clusters relies on"
              + " timeouts: keep transaction.timeout.ms below session.timeout.ms in --kafka-config,"
              + " so that a process paused long enough to lose its partitions finds its"
              + " transaction aborted when it resumes",
          from.uri(),
          sourceCluster,
          to.uri(),
          destinationCluster);
      return sink;
    }
    try {
      return sink.fencedBy(source);
    } catch (MigrationConfigException e) {
      throw new EndpointException(
          "scale-out=true in "
              + from.uri()
              + " fences each process by its consumer group, as source and destination are one"
              + " cluster, but "
              + e.getMessage()
              + " (from --kafka-config)");
    }
  }

  /** The id of the cluster {@code k} names, asked with the Admin settings of {@code settings}. */
  private static String clusterId(KafkaUri k, Map<String, Object> settings) {
    Map<String, Object> admin = new HashMap<>(settings);
    // Consumer and producer settings in the shared file are not the Admin client's business.
    admin.keySet().retainAll(AdminClientConfig.configNames());
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.servers());
    try (Admin client = Admin.create(admin)) {
      DescribeClusterOptions options =
          new DescribeClusterOptions().timeoutMs((int) CLUSTER_ID_TIMEOUT.toMillis());
      return client
          .describeCluster(options)
          .clusterId()
          .get(CLUSTER_ID_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw cannotAsk(k, e.getCause());
    } catch (TimeoutException e) {
      throw cannotAsk(k, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cannotAsk(k, e);
    } catch (KafkaException e) {
      throw cannotAsk(k, e);
    }
  }

  private static MigrationException cannotAsk(KafkaUri k, Throwable cause) {
    // The cause's message names a host or an error code, never a configuration value.
    URI uri = k.uri();
    return new MigrationException(
        "cannot ask "
            + k.servers()
            + " (for "
            + uri
            + ") for its cluster id, needed to decide whether the scale-out processes can be"
            + " fenced by their consumer group: "
            + cause,
        cause);
  }
}
