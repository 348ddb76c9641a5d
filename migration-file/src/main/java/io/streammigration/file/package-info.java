/**
 * File endpoints: {@link io.streammigration.file.FileSource} reads one file or a directory of
 * segment files (bounded or following, across rotation), {@link io.streammigration.file.FileSink}
 * writes segment files (exactly once through a {@link io.streammigration.file.CommitManifest}, or
 * at least once through {@link io.streammigration.file.FileSink#appending}), and {@link
 * io.streammigration.file.FramedFormat} is the self-checking record format they share. {@link
 * io.streammigration.file.CommittedSegments} reads a sink's output back for verification.
 *
 * <p>Where bytes are bad, errors name the file and the byte offset: {@link
 * io.streammigration.file.TornRecordException}, {@link
 * io.streammigration.file.RecordTooLargeException}, {@link
 * io.streammigration.file.SegmentTruncatedException}, all {@link
 * io.streammigration.core.error.SourceCorruptionException}s. Byte layouts: the module README.
 */
package io.streammigration.file;
