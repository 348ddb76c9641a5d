package io.streammigration.cli.endpoint;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code kafka:} URI taken apart: {@code kafka://host:port[,host:port...]/[topic[,topic...]]}.
 * The authority is the bootstrap server list; the path is a comma-separated list of topics (Kafka
 * topic names cannot hold a comma), possibly empty. Which topic counts are allowed is up to the
 * use: {@link #sourceTopics()}, {@link #destinationTopic()}.
 *
 * @param uri the URI as given, for messages
 * @param servers the bootstrap servers, as written
 * @param topics the topics of the path, in order, without duplicates; may be empty
 * @param query the query, checked against the parameter names of the use
 */
record KafkaUri(URI uri, String servers, List<String> topics, UriQuery query) {

  // host:port, where host is a name, an IPv4 address or a bracketed IPv6 address.
  private static final Pattern SERVER =
      Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):\\d{1,5}");

  // What Kafka accepts as a topic name.
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  /**
   * Parses {@code uri}, refusing query parameters outside {@code params}.
   *
   * @throws EndpointException naming the URI and what is wrong with it
   */
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
    String decoded =
        URLDecoder.decode(path.replaceFirst("^/", "").replace("+", "%2B"), StandardCharsets.UTF_8);
    List<String> topics = new ArrayList<>();
    if (!decoded.isEmpty()) {
      for (String topic : decoded.split(",", -1)) {
        topics.add(topicName(topic, uri));
        if (topics.indexOf(topic) != topics.size() - 1) {
          throw new EndpointException("topic '" + topic + "' is named twice in " + uri);
        }
      }
    }
    return new KafkaUri(
        uri, servers, List.copyOf(topics), UriQuery.parse(uri, uri.getRawQuery(), params));
  }

  /**
   * The topics a source reads: at least one.
   *
   * @throws EndpointException if the path names none
   */
  List<String> sourceTopics() {
    if (topics.isEmpty()) {
      throw new EndpointException(
          "no topic in " + uri + "; write kafka://host:port/topic or kafka://host:port/a,b,c");
    }
    return topics;
  }

  /**
   * The one topic a destination names in its path.
   *
   * @throws EndpointException if the path names none or several
   */
  String destinationTopic() {
    if (topics.size() != 1) {
      throw new EndpointException(
          "a destination names one topic, as in kafka://host:port/topic, or maps several source "
              + "topics with rename=a:a2,b:b2 (and no topic in the path); "
              + (topics.isEmpty() ? "no topic" : topics.size() + " topics")
              + " in "
              + uri);
    }
    return topics.get(0);
  }

  /**
   * The {@code rename=a:a2,b:b2} parameter as a map from source to destination topic, in order.
   *
   * @throws EndpointException naming the URI for a malformed pair, a bad topic name or a source
   *     topic mapped twice
   */
  Map<String, String> renames() {
    String text = query.get("rename", "");
    Map<String, String> renames = new LinkedHashMap<>();
    for (String pair : text.split(",", -1)) {
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw query.invalid("rename", "must be source:destination pairs, as in a:a2,b:b2");
      }
      String from = topicName(pair.substring(0, colon), uri);
      String to = topicName(pair.substring(colon + 1), uri);
      if (renames.put(from, to) != null) {
        throw query.invalid("rename", "maps topic '" + from + "' twice");
      }
    }
    return renames;
  }

  private static String topicName(String topic, URI uri) {
    if (!TOPIC.matcher(topic).matches()) {
      throw new EndpointException(
          (topic.isEmpty() ? "an empty topic name" : "'" + topic + "' is not a Kafka topic name")
              + " in "
              + uri
              + " (topic names are 1 to 249 of A-Z a-z 0-9 . _ -)");
    }
    return topic;
  }
}
