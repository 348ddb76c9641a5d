package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path tmp;

  @Test
  void demoKillsAChildMigrationResumesItAndVerifiesExactlyOnce() {
    Path work = tmp.resolve("demo");

    Cli.Result demo =
        Cli.migrate("demo", "--records", "4000", "--files", "3", "--dir", work.toString());

    assertThat(demo.code()).as(demo.all()).isEqualTo(ExitCode.OK);
    assertThat(demo.out())
        .contains(
            "with SIGKILL after",
            "resumed from",
            "Verification PASSED",
            "source 4000 records",
            "destination 4000 records",
            "demo passed");
    assertThat(Files.exists(work.resolve("archive/commit.manifest"))).isTrue();
  }

  @Test
  void aNonEmptyWorkDirectoryIsRefusedRatherThanMixedWithOldData() throws Exception {
    Files.writeString(tmp.resolve("left-over"), "x");

    Cli.Result demo = Cli.migrate("demo", "--records", "100", "--dir", tmp.toString());

    assertThat(demo.code()).isEqualTo(ExitCode.USAGE);
    assertThat(demo.err()).contains("--dir " + tmp + " must be absent or an empty directory");
  }
}
