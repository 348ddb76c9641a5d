/** Combinators for {@link io.streammigration.core.engine.MigrationListener}s. */
package io.streammigration.core.listener;
