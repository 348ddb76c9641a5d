package io.streammigration.cli.endpoint;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of an endpoint URI ({@code ?format=lines&follow=true}), read once and
 * checked against the names a resolver knows, so a misspelt parameter is an error naming it rather
 * than silently ignored.
 */
public final class UriQuery {

  private final String uri;
  private final Map<String, String> values;

  private UriQuery(String uri, Map<String, String> values) {
    this.uri = uri;
    this.values = values;
  }

  /**
   * Parses {@code query} (may be null) of {@code uri}, refusing names outside {@code known}.
   *
   * @throws EndpointException naming the URI and the unknown or repeated parameter
   */
  public static UriQuery parse(URI uri, String query, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (!known.contains(name)) {
          throw new EndpointException(
              "unknown parameter '" + name + "' in " + uri + "; known: " + new TreeSet<>(known));
        }
        if (values.put(name, value) != null) {
          throw new EndpointException("parameter '" + name + "' is given twice in " + uri);
        }
      }
    }
    return new UriQuery(uri.toString(), values);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The parameter's value, or {@code fallback} if absent. */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** True if the parameter is present. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * A boolean parameter: {@code true} or {@code false}; absent gives {@code fallback}.
   *
   * @throws EndpointException naming the parameter and the URI for any other value
   */
  public boolean flag(String name, boolean fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.equals("true") || v.isEmpty()) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new EndpointException(
        "parameter '" + name + "' must be true or false, was '" + v + "' in " + uri);
  }

  /**
   * A positive integer parameter; absent gives {@code fallback}.
   *
   * @throws EndpointException naming the parameter and the URI if it is not a positive integer
   */
  public long positive(String name, long fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the URI
    }
    throw new EndpointException(
        "parameter '" + name + "' must be a positive integer, was '" + v + "' in " + uri);
  }

  /** Fails naming the URI; for resolvers that find a parameter value invalid. */
  public EndpointException invalid(String name, String why) {
    return new EndpointException(
        "parameter '" + name + "' " + why + ", was '" + values.get(name) + "' in " + uri);
  }
}
