package io.streammigration.cli.endpoint;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.Source;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns an endpoint URI of one family ({@code file:}, later {@code kafka:}) into the SDK's
 * adapters. The command line knows endpoints only through this interface, so an adapter module adds
 * a resolver to the {@link EndpointRegistry} and every command (run, verify, assess) can use it.
 *
 * <p>Every method builds a new, unopened adapter and may be called more than once. Errors in the
 * URI or its parameters throw {@link EndpointException} naming the URI and the parameter; nothing
 * is opened or created while resolving (only {@link #linkToSource} may ask an endpoint about
 * itself).
 */
public interface EndpointResolver {

  /** The scheme family, for messages and help, e.g. {@code file}. */
  String scheme();

  /** True if this resolver serves {@code uri} (usually: its scheme matches). */
  boolean supports(URI uri);

  /** A source reading the endpoint, as a migration's {@code --from}. */
  Source source(URI uri, EndpointOptions options);

  /**
   * True if a source on {@code uri}, resolved with {@code options}, ends by itself at the end of
   * its input (a run over it finishes without being stopped); false if it reads on for new records
   * until stopped. {@code migrate plan} accepts bounded sources only.
   */
  boolean bounded(URI uri, EndpointOptions options);

  /**
   * The parameter, as written (e.g. {@code start=latest}), that makes a source on {@code uri}
   * start at a point that moves with time rather than at fixed records; empty if it starts at
   * fixed records (the beginning, a position, a time). Such a source read again later starts
   * elsewhere than the run did, so {@code migrate verify} cannot re-read a run's range from its
   * start and refuses it without a start checkpoint. Default: empty.
   *
   * @throws EndpointException as {@link #source} would for a malformed URI
   */
  default Optional<String> movingStart(URI uri) {
    return Optional.empty();
  }

  /**
   * The parameter, as written (e.g. {@code scale-out=true}), that makes a source on {@code uri}
   * share its partitions with other processes, each reading only those assigned to it; empty if
   * one source reads them all. {@code migrate run --cutover} refuses such a source: each process
   * would drain only the partitions it holds and leave, and the others would take them over, so
   * the old stream would have no one end to cut over at. Parses only. Default: empty.
   *
   * @throws EndpointException as {@link #source} would for a malformed URI
   */
  default Optional<String> sharedPartitions(URI uri) {
    return Optional.empty();
  }

  /**
   * A sink writing the endpoint, as a migration's {@code --to}. For {@link
   * DeliveryGuarantee#EXACTLY_ONCE} it must be a {@link
   * io.streammigration.core.spi.TransactionalSink}; for {@link DeliveryGuarantee#AT_LEAST_ONCE} a
   * plain sink (the engine then keeps checkpoints in a store).
   */
  Sink sink(URI uri, DeliveryGuarantee guarantee, EndpointOptions options);

  /**
   * What a sink on {@code uri} writes, as canonical names: two destinations whose sets share a
   * name write (some of) the same data, however their URIs are spelt. {@code migrate plan} refuses
   * two streams writing one destination by this. Parses only; opens nothing. Default: the
   * normalised URI text, which catches textual duplicates only; resolvers override it.
   *
   * @throws EndpointException as {@link #sink} would for a malformed URI
   */
  default Set<String> destinationNames(URI uri) {
    return Set.of(uri.normalize().toString());
  }

  /**
   * The sink a run writes with, once tied to that run's source where this endpoint family can
   * make use of it: called by {@code migrate run} once, after {@link #source} (on {@code from}, by
   * {@code from}'s resolver) and {@link #sink} (on {@code to}, by this resolver) and before either
   * opens. Unlike the other methods it may contact the endpoints. Default: {@code sink} unchanged.
   *
   * <p>The Kafka resolver fences a scale-out run's sink by its source's consumer group here, when
   * both are on the same cluster ({@link KafkaEndpoints}).
   *
   * @return {@code sink}, or a sink to use instead of it
   */
  default Sink linkToSource(Sink sink, URI to, Source source, URI from, EndpointOptions options) {
    return sink;
  }

  /**
   * A source reading back what a sink on {@code uri} committed (and nothing uncommitted), for
   * verification.
   */
  Source readBack(URI uri, EndpointOptions options);

  /**
   * A source like {@link #readBack} that does not end at what is committed now but goes on
   * delivering what is committed later, until closed: the destination side of {@code migrate
   * verify --follow}. Default: refused, naming the URI.
   *
   * @throws EndpointException if this endpoint family cannot be read back live
   */
  default Source readBackFollowing(URI uri, EndpointOptions options) {
    throw new EndpointException(
        scheme() + ": destinations cannot be read back as they grow, so " + uri
            + " cannot be verified with --follow");
  }

  /**
   * Facts about the endpoint's data for {@code migrate assess}: reads it once, up to its current
   * end (a following source stops when it has caught up).
   */
  EndpointAssessment assess(URI uri, EndpointOptions options);

  /**
   * Free space, in bytes, where a sink on {@code uri} would write, if the endpoint can tell (a
   * broker cannot, a file system can).
   */
  OptionalLong freeBytes(URI uri, EndpointOptions options);
}
