package io.streammigration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the README's command-line promises in step with the command (MigrateJarIT runs them). */
class ReadmeCommandLineTest {

  private static final Path README = Path.of("..", "README.md");

  @Test
  void theFirstCommandBuildsTheJarAndRunsTheDemoAndTheSecondRunsTheTests() throws Exception {
    List<String> lines = Files.readAllLines(README);
    assertThat(lines.get(4))
        .isEqualTo(
            "mvn -B -q -DskipTests package -pl migration-cli -am"
                + " && java -jar migration-cli/target/migrate.jar demo");
    assertThat(lines.get(6)).isEqualTo("mvn -B verify");
  }

  @Test
  void theCommandLineSectionListsEverySubcommandAndExitCode() throws Exception {
    String readme = Files.readString(README);
    String section = readme.substring(readme.indexOf("## Command line"));
    for (String command : MigrateCommand.commandLine().getSubcommands().keySet()) {
      if (!command.equals("help")) {
        assertThat(section).contains("`migrate " + command);
      }
    }
    assertThat(section).contains("`0` done", "`1` the migration", "`2` usage", "`3` verification");
    assertThat(ExitCode.VERIFICATION_FAILED).isEqualTo(3);
  }

  @Test
  void theCommandLineSectionListsTheCutoverExitCodes() throws Exception {
    String readme = Files.readString(README);
    String section = readme.substring(readme.indexOf("## Command line"));
    assertThat(section)
        .contains("`" + ExitCode.NOT_CAUGHT_UP + "` `run --cutover` not caught")
        .contains("`" + ExitCode.CUTOVER_ABORTED + "` its `--before-drain` failed")
        .contains("`" + ExitCode.AFTER_DRAIN_FAILED + "` its `--after-drain` failed");
  }

  @Test
  void thePlanExampleIsAValidPlan(@TempDir Path tmp) throws Exception {
    String readme = Files.readString(README);
    int start = readme.indexOf("```ini\n", readme.indexOf("### Plans")) + "```ini\n".length();
    String example = readme.substring(start, readme.indexOf("```", start));
    Files.writeString(tmp.resolve("client.properties"), "security.protocol=PLAINTEXT\n");

    Plan plan = PlanParser.parse(Files.writeString(tmp.resolve("orders-cutover.plan"), example));

    assertThat(plan.stages()).extracting(Plan.Stage::name).containsExactly("canary", "critical");
    assertThat(plan.streams())
        .extracting(Plan.Stream::name)
        .containsExactly("audit-logs", "clicks", "orders");
    assertThat(plan.stateDir()).isEqualTo(tmp.resolve("orders-cutover.state").toAbsolutePath());
  }
}
