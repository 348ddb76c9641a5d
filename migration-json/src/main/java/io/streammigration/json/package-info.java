/**
 * JSON schema evolution: {@link io.streammigration.json.JsonFieldMapping}, an upcaster that
 * renames, adds, drops, nests and un-nests fields of JSON object values, for use in a core {@link
 * io.streammigration.core.schema.Upcasting} chain.
 */
package io.streammigration.json;
