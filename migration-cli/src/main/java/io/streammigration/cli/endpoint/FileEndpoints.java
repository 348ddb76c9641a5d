package io.streammigration.cli.endpoint;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import io.streammigration.file.CommitManifest;
import io.streammigration.file.CorruptionPolicy;
import io.streammigration.file.FileSink;
import io.streammigration.file.FileSinkConfig;
import io.streammigration.file.FileSource;
import io.streammigration.file.FileSourceConfig;
import io.streammigration.file.RecordFormat;
import io.streammigration.file.SegmentOrder;
import io.streammigration.file.TornTailPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code file:} endpoints: a file or a directory of segment files, read by a {@link FileSource} and
 * written by a {@link FileSink}. The path is the URI's path ({@code file:/abs/dir}, {@code
 * file:///abs/dir}, or {@code file:relative/dir}); the query sets the rest:
 *
 * <ul>
 *   <li>both: {@code format=framed|lines} (default framed, the FileSink's format), {@code
 *       partition=<name>} (the partition name; default the file or directory name);
 *   <li>source: {@code follow=true} (keep tailing), {@code rotation=<base>} (logrotate order:
 *       base.N ... base.1, base), {@code per-segment=true} (a partition per file), {@code
 *       registry=<file>} (segment registry, so ordinals survive renames), {@code
 *       torn-tail=fail|stop}, {@code corruption=fail|skip}, {@code committed=true} (read only what
 *       a FileSink committed);
 *   <li>sink: {@code segment-bytes=<n>} (roll size), {@code prefix=<name>} (segment file prefix).
 * </ul>
 *
 * <p>A sink for EXACTLY_ONCE is the transactional {@link FileSink} (commit manifest); for
 * AT_LEAST_ONCE it is {@link FileSink#appending} and the command keeps checkpoints in its state
 * directory. Reading a destination back honours its manifest when it has one, and stops before a
 * killed writer's torn tail when it has none.
 */
public final class FileEndpoints implements EndpointResolver {

  private static final Set<String> SOURCE_PARAMS =
      Set.of(
          "format",
          "partition",
          "follow",
          "rotation",
          "per-segment",
          "registry",
          "torn-tail",
          "corruption",
          "committed");
  private static final Set<String> SINK_PARAMS =
      Set.of("format", "partition", "segment-bytes", "prefix");

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public boolean supports(URI uri) {
    return "file".equalsIgnoreCase(uri.getScheme());
  }

  @Override
  public Source source(URI uri, EndpointOptions options) {
    FileUri file = FileUri.of(uri, SOURCE_PARAMS);
    UriQuery q = file.query();
    FileSourceConfig.Builder b =
        FileSourceConfig.builder(file.path())
            .format(format(q))
            .follow(q.flag("follow", false))
            .partitionPerSegment(q.flag("per-segment", false))
            .committedOnly(q.flag("committed", false))
            .tornTail(
                choose(q, "torn-tail", "fail", "stop")
                    ? TornTailPolicy.FAIL
                    : TornTailPolicy.STOP_BEFORE)
            .corruption(
                choose(q, "corruption", "fail", "skip")
                    ? CorruptionPolicy.FAIL
                    : CorruptionPolicy.SKIP);
    if (q.has("rotation")) {
      b.segmentOrder(SegmentOrder.rotation(q.get("rotation", "")));
    }
    if (q.has("partition")) {
      b.partitionName(q.get("partition", ""));
    }
    if (q.has("registry")) {
      b.segmentRegistry(path(uri, q.get("registry", "")));
    }
    FileSourceConfig config = build(uri, b::build);
    // Checked after the parameters, so a typo is reported before a missing path.
    if (!Files.exists(file.path())) {
      throw new EndpointException(
          "no such file or directory: " + file.path() + " (from " + uri + ")");
    }
    return new FileSource(config);
  }

  /** True unless {@code follow=true}: a file source then tails its files until stopped. */
  @Override
  public boolean bounded(URI uri, EndpointOptions options) {
    return !FileUri.of(uri, SOURCE_PARAMS).query().flag("follow", false);
  }

  @Override
  public Sink sink(URI uri, DeliveryGuarantee guarantee, EndpointOptions options) {
    FileUri file = FileUri.of(uri, SINK_PARAMS);
    UriQuery q = file.query();
    FileSinkConfig.Builder b = FileSinkConfig.builder(file.path()).format(format(q));
    if (q.has("segment-bytes")) {
      long bytes = q.positive("segment-bytes", 0);
      build(uri, () -> b.maxSegmentBytes(bytes));
    }
    if (q.has("prefix")) {
      build(uri, () -> b.segmentPrefix(q.get("prefix", "")));
    }
    FileSinkConfig config = build(uri, b::build);
    return guarantee == DeliveryGuarantee.EXACTLY_ONCE
        ? new FileSink(config)
        : FileSink.appending(config);
  }

  /**
   * The destination directory's canonical path, {@code file:<path>}: absolute, normalised, with
   * the symbolic links of the part that exists resolved. Parameters do not count: two sinks in one
   * directory share its commit manifest whatever their prefix or format.
   */
  @Override
  public Set<String> destinationNames(URI uri) {
    return Set.of("file:" + canonical(FileUri.of(uri, SINK_PARAMS).path()));
  }

  /** {@code path} absolute and normalised, its deepest existing ancestor's links resolved. */
  static Path canonical(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    for (Path existing = absolute; existing != null; existing = existing.getParent()) {
      if (Files.exists(existing)) {
        try {
          return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
          // Unreadable on the way: the normalised path is the best name there is.
          return absolute;
        }
      }
    }
    return absolute;
  }

  @Override
  public Source readBack(URI uri, EndpointOptions options) {
    return readBack(uri, false);
  }

  /**
   * Tails the destination: with a manifest, each newly committed length as the manifest is re-read;
   * without one, each record once it is whole.
   */
  @Override
  public Source readBackFollowing(URI uri, EndpointOptions options) {
    return readBack(uri, true);
  }

  private Source readBack(URI uri, boolean follow) {
    FileUri file = FileUri.of(uri, SINK_PARAMS);
    UriQuery q = file.query();
    if (!Files.isDirectory(file.path())) {
      throw new EndpointException("no such directory: " + file.path() + " (from " + uri + ")");
    }
    boolean transactional = Files.exists(file.path().resolve(CommitManifest.FILE_NAME));
    FileSourceConfig.Builder b =
        FileSourceConfig.builder(file.path())
            .format(format(q))
            // With a manifest: committed bytes only. Without one (AT_LEAST_ONCE output): whole
            // records only, leaving out the torn tail a killed writer may have left.
            .committedOnly(transactional)
            .tornTail(TornTailPolicy.STOP_BEFORE)
            .follow(follow);
    if (q.has("partition")) {
      b.partitionName(q.get("partition", ""));
    }
    return new FileSource(build(uri, b::build));
  }

  @Override
  public EndpointAssessment assess(URI uri, EndpointOptions options) {
    return FileAssessor.assess(uri, (FileSource) source(uri, options));
  }

  @Override
  public OptionalLong freeBytes(URI uri, EndpointOptions options) {
    return FileAssessor.freeBytes(FileUri.of(uri, SINK_PARAMS).path());
  }

  private static RecordFormat format(UriQuery q) {
    String f = q.get("format", "framed");
    switch (f) {
      case "framed":
        return RecordFormat.FRAMED;
      case "lines":
        return RecordFormat.NEWLINE_DELIMITED;
      default:
        throw q.invalid("format", "must be framed or lines");
    }
  }

  /** True for {@code first} (the default), false for {@code second}; anything else fails. */
  private static boolean choose(UriQuery q, String name, String first, String second) {
    String v = q.get(name, first);
    if (v.equals(first)) {
      return true;
    }
    if (v.equals(second)) {
      return false;
    }
    throw q.invalid(name, "must be " + first + " or " + second);
  }

  private static Path path(URI uri, String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new EndpointException("'" + text + "' is not a valid path in " + uri);
    }
  }

  /** Runs a config step, turning the library's config errors into errors naming the URI. */
  private static <T> T build(URI uri, Supplier<T> step) {
    try {
      return step.get();
    } catch (MigrationConfigException e) {
      throw new EndpointException(e.getMessage() + " (in " + uri + ")");
    }
  }

  /** A file URI's path and query. */
  record FileUri(Path path, UriQuery query) {

    static FileUri of(URI uri, Set<String> params) {
      String rawPath;
      String rawQuery;
      if (uri.isOpaque()) {
        // file:relative/dir?x=y: the query stays inside the scheme-specific part.
        String ssp = uri.getRawSchemeSpecificPart();
        int q = ssp.indexOf('?');
        rawPath = q < 0 ? ssp : ssp.substring(0, q);
        rawQuery = q < 0 ? null : ssp.substring(q + 1);
      } else {
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
          throw new EndpointException(
              "file URIs name a local path, not a host ('"
                  + uri.getRawAuthority()
                  + "') in "
                  + uri
                  + "; write file:/path or file:///path");
        }
        rawPath = uri.getRawPath();
        rawQuery = uri.getRawQuery();
      }
      // URLDecoder would turn '+' into a space; in a path it is a plus.
      String decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (decoded.isEmpty()) {
        throw new EndpointException("no path in " + uri + "; write e.g. file:/data/in");
      }
      return new FileUri(FileEndpoints.path(uri, decoded), UriQuery.parse(uri, rawQuery, params));
    }
  }
}
