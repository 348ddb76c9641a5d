package io.streammigration.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real process death, not a simulated one: a child JVM saves checkpoints as fast as it can and
 * is killed with SIGKILL at a random moment, mid-save more often than not. Reopened, the store
 * must yield an intact checkpoint at least as new as the last save the child saw return, and
 * accept the next id; this is repeated over several kills on the same directory.
 */
@Timeout(120)
class FileCheckpointStoreKillTest {

  @TempDir Path dir;

  /** The child process: saves checkpoints 1, 2, 3, ... and prints each id once save returned. */
  public static final class SavingProcess {
    public static void main(String[] args) {
      Path dir = Paths.get(args[0]);
      try (FileCheckpointStore store = FileCheckpointStore.builder(dir).keep(3).build()) {
        long id = store.latest().map(Checkpoint::id).orElse(0L);
        while (true) {
          id++;
          store.save(Checkpoints.withId(id));
          System.out.println(id);
          System.out.flush();
        }
      }
    }
  }

  private Process startChild() throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SavingProcess.class.getName(),
                dir.toString()))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  @Test
  void aSigkilledSaverLeavesTheLatestAcknowledgedCheckpointOrANewerOneIntact() throws Exception {
    Random random = new Random(7);
    long acknowledged = 0;
    for (int kill = 0; kill < 4; kill++) {
      Process child = startChild();
      int savesBeforeKill = 20 + random.nextInt(200);
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (int i = 0; i < savesBeforeKill; i++) {
          String line = out.readLine();
          assertThat(line).as("child stopped saving early; see its stderr").isNotNull();
          acknowledged = Long.parseLong(line);
        }
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      try (FileCheckpointStore store = FileCheckpointStore.open(dir)) {
        Optional<Checkpoint> latest = store.latest();
        assertThat(latest).isPresent();
        assertThat(latest.get().id()).isGreaterThanOrEqualTo(acknowledged);
        assertThat(latest.get()).isEqualTo(Checkpoints.withId(latest.get().id()));
        acknowledged = latest.get().id();
      }
    }
    assertThat(acknowledged).isGreaterThan(80);
  }
}
