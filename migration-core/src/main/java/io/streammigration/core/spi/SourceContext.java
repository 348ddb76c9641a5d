package io.streammigration.core.spi;

/**
 * What the engine tells a {@link Source} when it opens it. A narrow view: a source never sees the
 * engine itself.
 */
public interface SourceContext {

  /** The migration's id, for naming consumer groups, client ids and log lines. */
  String migrationId();
}
