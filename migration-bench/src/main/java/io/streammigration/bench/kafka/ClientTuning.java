package io.streammigration.bench.kafka;

import java.util.Map;

/**
 * The client settings every contender gets, so that a difference between them is the copying
 * code's and not a producer or consumer setting's. Our sinks always add {@code
 * enable.idempotence=true} and {@code acks=all}; the raw loops set the same, and MirrorMaker 2 is
 * given them through its {@code <cluster>.producer.} prefix.
 */
final class ClientTuning {

  /**
   * Producer settings beyond the client defaults, for every contender's producer: none, or the
   * system properties {@code bench.kafka.producer.<setting>} (to try a setting on all at once).
   */
  static final Map<String, Object> PRODUCER = fromSystemProperties("bench.kafka.producer.");

  /** Consumer settings beyond the client defaults: none, or {@code bench.kafka.consumer.<setting>}. */
  static final Map<String, Object> CONSUMER = fromSystemProperties("bench.kafka.consumer.");

  private ClientTuning() {}

  private static Map<String, Object> fromSystemProperties(String prefix) {
    Map<String, Object> settings = new java.util.TreeMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith(prefix))
        .forEach(name -> settings.put(name.substring(prefix.length()), System.getProperty(name)));
    return Map.copyOf(settings);
  }

  /** The settings as {@code MirrorMaker 2} properties under {@code prefix}, e.g. {@code "dst.producer."}. */
  static String asProperties(String prefix, Map<String, Object> settings) {
    StringBuilder s = new StringBuilder();
    settings.forEach((k, v) -> s.append(prefix).append(k).append(" = ").append(v).append('\n'));
    return s.toString();
  }

  /** The settings, for the results section: {@code "linger.ms=5, ..."} or {@code "client defaults"}. */
  static String describe(Map<String, Object> settings) {
    if (settings.isEmpty()) {
      return "client defaults";
    }
    StringBuilder s = new StringBuilder();
    new java.util.TreeMap<>(settings).forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return s.toString();
  }
}
