package io.streammigration.kafka;

import io.streammigration.core.error.MigrationException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * The cluster refused an operation because the client's principal lacks a permission (an ACL).
 * Names the kind of resource ({@code topic}, {@code group}, {@code transactional id}, {@code
 * cluster}), the resources where Kafka says which, the principal where the client settings tell
 * (the user name of a SASL login; never a password or other secret) and the operations the
 * adapter needs on them. Not retriable: someone has to grant the permission; the README lists the
 * minimal ACLs.
 */
public class KafkaAuthorizationException extends MigrationException {

  private final String resourceType;
  private final List<String> resources;
  private final String principal;

  KafkaAuthorizationException(
      String message, String resourceType, List<String> resources, Optional<String> principal, Throwable cause) {
    super(message, cause);
    this.resourceType = resourceType;
    this.resources = List.copyOf(resources);
    this.principal = principal.orElse(null);
  }

  /** {@code "topic"}, {@code "group"}, {@code "transactional id"} or {@code "cluster"}. */
  public String resourceType() {
    return resourceType;
  }

  /** The resources refused, where Kafka names them; may be empty. */
  public List<String> resources() {
    return resources;
  }

  /** The principal refused ({@code User:<name>}), if the client settings tell. */
  public Optional<String> principal() {
    return Optional.ofNullable(principal);
  }

  /**
   * The authorization failure in {@code error} or its causes, as a typed error, or empty if there
   * is none.
   *
   * @param doing what the client was doing, for the message ("reading", "committing checkpoint 3")
   * @param topic the topic the client was using, named when Kafka's error does not; may be null
   * @param topicOperations what the adapter needs on a topic for that ("READ and DESCRIBE")
   * @param transactionalId the producer's transactional id, or null if it has none
   */
  static Optional<KafkaAuthorizationException> in(Throwable error, String doing, String topic,
      String topicOperations, String transactionalId, String bootstrapServers, ClientSettings settings) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TopicAuthorizationException e) {
        List<String> topics = e.unauthorizedTopics().isEmpty() && topic != null
            ? List.of(topic)
            : List.copyOf(new TreeSet<>(e.unauthorizedTopics()));
        return Optional.of(of("topic", topics,
            "grant it " + topicOperations + " on the topic", doing, bootstrapServers, settings, e));
      }
      if (t instanceof GroupAuthorizationException e) {
        return Optional.of(of("group", e.groupId() == null ? List.of() : List.of(e.groupId()),
            "grant it READ on the group", doing, bootstrapServers, settings, e));
      }
      if (t instanceof TransactionalIdAuthorizationException e) {
        return Optional.of(of("transactional id", transactionalId == null ? List.of() : List.of(transactionalId),
            "grant it WRITE and DESCRIBE on the transactional id", doing, bootstrapServers, settings, e));
      }
      if (t instanceof ClusterAuthorizationException e) {
        // What an idempotent producer without WRITE on any topic gets from Kafka 3.0 on, too.
        return Optional.of(of("cluster", List.of(), "grant it WRITE on the topics it writes to (enough for an"
            + " idempotent producer from Kafka 3.0) or IDEMPOTENT_WRITE on the cluster", doing, bootstrapServers,
            settings, e));
      }
    }
    return Optional.empty();
  }

  /** A refusal to use {@code names}, worded for an operator; {@code grant} says what fixes it. */
  private static KafkaAuthorizationException of(String type, List<String> names, String grant, String doing,
      String bootstrapServers, ClientSettings settings, Throwable cause) {
    Optional<String> principal = settings.principal();
    String resource = type + (names.isEmpty() ? "" : " " + String.join(", ", names));
    String message = principal.orElse("the client's principal") + " is not authorized to use " + resource + " on "
        + bootstrapServers + " (" + doing + "): " + grant + " (the migration-kafka README lists the minimal"
        + " ACLs); Kafka said: " + cause.getMessage();
    return new KafkaAuthorizationException(message, type, names, principal, cause);
  }
}
