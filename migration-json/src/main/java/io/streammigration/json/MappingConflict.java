package io.streammigration.json;

/**
 * A record's JSON does not fit the mapping (a rename onto an existing field, a path through a
 * non-object). Caught by {@link JsonFieldMapping}, which rejects the record; never escapes it.
 * No stack trace: it is control flow for one bad record, and the rejection carries the context.
 */
final class MappingConflict extends RuntimeException {

  MappingConflict(String message) {
    super(message, null, false, false);
  }
}
