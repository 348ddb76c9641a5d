package io.streammigration.cli;

import io.streammigration.cli.endpoint.EndpointOptions;
import io.streammigration.cli.endpoint.EndpointRegistry;
import io.streammigration.cli.endpoint.EndpointResolver;
import io.streammigration.core.error.SourceCorruptionException;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.verify.PartitionDigest;
import io.streammigration.core.verify.RangeDigest;
import io.streammigration.core.verify.ReadStop;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What reading one checkpointed range of a source twice found ({@code migrate replay-check}): the
 * digests of each read ({@link RangeDigest}), or corrupt data that stopped a read. A source that
 * honours the resume contract over data that does not change delivers the same records in the
 * same order both times, so the check passes only if every partition's count and order digest
 * are equal and both reads got to the range's end.
 *
 * @param range the range read, which has an end checkpoint
 * @param movingStart the source's moving start parameter ({@code start=latest}), if it has one
 * @param first the first read's digests, unless it met corrupt data
 * @param second the second read's digests, unless either read met corrupt data
 * @param corruption the corrupt data that stopped a read, and which read (1 or 2)
 */
record ReplayCheck(
    VerifyRange range,
    Optional<String> movingStart,
    Optional<RangeDigest> first,
    Optional<RangeDigest> second,
    Optional<Corruption> corruption) {

  /** Corrupt data that stopped read number {@code read}. */
  record Corruption(int read, SourceCorruptionException exception) {}

  ReplayCheck {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(movingStart, "movingStart");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Objects.requireNonNull(corruption, "corruption");
    if (corruption.isPresent() == second.isPresent()) {
      throw new IllegalArgumentException("a replay check has a second read or a corruption");
    }
  }

  /**
   * Reads {@code range} of {@code from} with a fresh source, runs {@code betweenReads}, and reads
   * it again with another fresh source, on this thread.
   *
   * @param betweenReads runs between the reads (nothing, but for tests that change the data)
   * @throws UsageException if the range has no end (a live source's range would then differ
   *     between the reads) or if the source's start moves with time and the range has no start
   *     ({@link VerifyRange#requireFixedStart})
   * @throws io.streammigration.core.error.MigrationException if the source cannot be read
   */
  static ReplayCheck run(
      EndpointRegistry registry,
      URI from,
      EndpointOptions options,
      VerifyRange range,
      Duration idleTimeout,
      Runnable betweenReads) {
    if (range.upTo().isEmpty()) {
      throw new UsageException(
          "a replay check reads a range that ends at a checkpoint: give --up-to-checkpoint <id>");
    }
    EndpointResolver endpoint = registry.resolverFor(from);
    Optional<String> movingStart = endpoint.movingStart(from);
    range.requireFixedStart(from, movingStart, "replay-check");
    RangeDigest first;
    try {
      first = RangeDigest.read(endpoint.source(from, options), range.readRange(), idleTimeout);
    } catch (SourceCorruptionException e) {
      return new ReplayCheck(
          range,
          movingStart,
          Optional.empty(),
          Optional.empty(),
          Optional.of(new Corruption(1, e)));
    }
    betweenReads.run();
    try {
      RangeDigest second =
          RangeDigest.read(endpoint.source(from, options), range.readRange(), idleTimeout);
      return new ReplayCheck(
          range, movingStart, Optional.of(first), Optional.of(second), Optional.empty());
    } catch (SourceCorruptionException e) {
      return new ReplayCheck(
          range,
          movingStart,
          Optional.of(first),
          Optional.empty(),
          Optional.of(new Corruption(2, e)));
    }
  }

  /** True if both reads got to the range's end with equal counts and order digests. */
  boolean passed() {
    return failures().isEmpty();
  }

  /** Why it failed, one line per cause; empty if it passed. */
  List<String> failures() {
    if (corruption.isPresent()) {
      return List.of(
          "read "
              + corruption.get().read()
              + " met corrupt data: "
              + Verification.corruptionText(corruption.get().exception()));
    }
    List<String> failures = new ArrayList<>();
    addStopFailure(failures, 1, first.get().stop());
    addStopFailure(failures, 2, second.get().stop());
    for (PartitionId p : partitions()) {
      if (!same(p)) {
        failures.add("partition " + p.name() + " differs between the reads");
      }
    }
    return failures;
  }

  private static void addStopFailure(List<String> failures, int read, ReadStop stop) {
    if (stop != ReadStop.RANGE_END) {
      failures.add(
          "read "
              + read
              + " stopped ("
              + stop
              + ") before the range's end: the source no longer delivers all of it");
    }
  }

  /** Every partition either read delivered, sorted. */
  private SortedSet<PartitionId> partitions() {
    SortedSet<PartitionId> all = new TreeSet<>(first.get().partitions().keySet());
    all.addAll(second.get().partitions().keySet());
    return all;
  }

  private boolean same(PartitionId p) {
    PartitionDigest a = first.get().partitions().get(p);
    PartitionDigest b = second.get().partitions().get(p);
    return a != null && b != null && a.sameSequenceAs(b);
  }

  /**
   * A verdict line, the range, how each read stopped, then a line per partition with its record
   * count and order digest ({@code same}, or both reads' and {@code DIFFERENT}).
   */
  String text() {
    StringBuilder s = new StringBuilder("Replay check ").append(passed() ? "PASSED" : "FAILED");
    if (corruption.isPresent()) {
      s.append(": ").append(failures().get(0)).append('\n');
      s.append("  ").append(range.text(movingStart)).append('\n');
      return s.toString();
    }
    s.append(
            passed()
                ? String.format(
                    Locale.ROOT,
                    ": two reads of the range gave the same records in %d partitions",
                    partitions().size())
                : ": " + String.join("; ", failures()))
        .append('\n');
    s.append("  ").append(range.text(movingStart)).append('\n');
    s.append("  read 1 stopped at ")
        .append(first.get().stop())
        .append(", read 2 at ")
        .append(second.get().stop())
        .append('\n');
    for (PartitionId p : partitions()) {
      PartitionDigest a = first.get().partitions().get(p);
      PartitionDigest b = second.get().partitions().get(p);
      s.append("  partition ").append(p.name()).append(": ");
      if (same(p)) {
        s.append(a.count()).append(" records, digest ").append(a.orderDigest()).append(", same");
      } else {
        s.append(count(a))
            .append(" / ")
            .append(count(b))
            .append(" records, digest ")
            .append(a == null ? "none" : a.orderDigest())
            .append(" / ")
            .append(b == null ? "none" : b.orderDigest())
            .append(", DIFFERENT");
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static long count(PartitionDigest d) {
    return d == null ? 0 : d.count();
  }

  /**
   * {@code {"passed", "range" (as verify's), "failures": [...], "reads": [{"stop"}, {"stop"}],
   * "partitions": [{"partition", "same", "first": {"count", "orderDigest"} or null, "second":
   * ...}]}}, or with corrupt data {@code "corruption": {"read", "partition", "segment", "offset",
   * "location", "message"}} in place of reads and partitions.
   */
  String json() {
    StringBuilder s =
        new StringBuilder("{\"passed\":")
            .append(passed())
            .append(",\"range\":")
            .append(range.json())
            .append(",\"failures\":")
            .append(
                failures().stream().map(Json::string).collect(Collectors.joining(",", "[", "]")));
    if (corruption.isPresent()) {
      String c = Verification.corruptionJson(corruption.get().exception());
      return s.append(",\"corruption\":{\"read\":")
          .append(corruption.get().read())
          .append(',')
          .append(c.substring(1))
          .append('}')
          .toString();
    }
    s.append(",\"reads\":[{\"stop\":")
        .append(Json.string(first.get().stop().name()))
        .append("},{\"stop\":")
        .append(Json.string(second.get().stop().name()))
        .append("}],\"partitions\":[");
    String sep = "";
    for (PartitionId p : partitions()) {
      s.append(sep)
          .append("{\"partition\":")
          .append(Json.string(p.name()))
          .append(",\"same\":")
          .append(same(p))
          .append(",\"first\":")
          .append(json(first.get().partitions().get(p)))
          .append(",\"second\":")
          .append(json(second.get().partitions().get(p)))
          .append('}');
      sep = ",";
    }
    return s.append("]}").toString();
  }

  private static String json(PartitionDigest d) {
    return d == null
        ? "null"
        : "{\"count\":" + d.count() + ",\"orderDigest\":" + Json.string(d.orderDigest()) + "}";
  }
}
