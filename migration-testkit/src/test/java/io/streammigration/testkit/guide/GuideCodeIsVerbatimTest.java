package io.streammigration.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/writing-an-adapter.md} and the README from rotting: every code block between
 *
 * <pre>
 * &lt;!-- include: path/from/repository/root/File.java#tag --&gt;
 * ```java
 * ...
 * ```
 * &lt;!-- end include --&gt;
 * </pre>
 *
 * must equal the region of that file between {@code // tag::tag[]} and {@code // end::tag[]},
 * without the tag comment lines (of any nested region) and with the region's common indentation
 * removed. Since the example files compile and their tests run, the guide's code does too.
 */
class GuideCodeIsVerbatimTest {

  static final String GUIDE = "docs/writing-an-adapter.md";
  static final String README = "README.md";

  private static final Pattern INCLUDE = Pattern.compile("<!-- include: (\\S+)#([\\w-]+) -->");
  private static final String END_INCLUDE = "<!-- end include -->";
  private static final Pattern TAG_LINE = Pattern.compile("\\s*// (tag|end)::[\\w-]+\\[]\\s*");

  @Test
  void everyIncludedBlockOfTheGuideEqualsItsTaggedRegion() throws IOException {
    assertVerbatim(GUIDE, 8);
  }

  @Test
  void everyIncludedBlockOfTheReadmeEqualsItsTaggedRegion() throws IOException {
    assertVerbatim(README, 1);
  }

  private static void assertVerbatim(String document, int minimumBlocks) throws IOException {
    // Maven runs tests in the module directory; an IDE may run them at the repository root.
    Path root = Files.exists(Path.of("..", document)) ? Path.of("..") : Path.of(".");
    List<String> lines = Files.readAllLines(root.resolve(document), StandardCharsets.UTF_8);

    List<String> problems = new ArrayList<>();
    int blocks = check(root, document, lines, problems);

    assertThat(problems).as("code blocks in %s that drifted from their source", document).isEmpty();
    assertThat(blocks).as("include blocks found in %s", document).isGreaterThanOrEqualTo(minimumBlocks);
  }

  @Test
  void aDriftedBlockIsReportedByItsName(@TempDir Path root) throws IOException {
    Files.writeString(
        root.resolve("Example.java"),
        "class Example {\n  // tag::greet[]\n  String greet() {\n    return \"hi\";\n  }\n"
            + "  // end::greet[]\n}\n");
    List<String> guide =
        List.of(
            "<!-- include: Example.java#greet -->",
            "```java",
            "String greet() {",
            "  return \"hello\";",
            "}",
            "```",
            END_INCLUDE,
            "<!-- include: Example.java#missing -->",
            "```java",
            "```",
            END_INCLUDE);

    List<String> problems = new ArrayList<>();
    check(root, GUIDE, guide, problems);

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0))
        .contains("Example.java#greet")
        .contains("line 2 of the block")
        .contains("[  return \"hello\";]")
        .contains("[  return \"hi\";]");
    assertThat(problems.get(1)).contains("Example.java#missing").contains("no region");
  }

  /** Checks each include block, adding one message per problem; returns how many it found. */
  private static int check(Path root, String document, List<String> guide, List<String> problems)
      throws IOException {
    int blocks = 0;
    for (int i = 0; i < guide.size(); i++) {
      Matcher include = INCLUDE.matcher(guide.get(i).trim());
      if (!include.matches()) {
        continue;
      }
      blocks++;
      String name = include.group(1) + "#" + include.group(2);
      String where = name + " (" + document + " line " + (i + 1) + ")";
      int open = i + 1;
      int close = open + 1;
      while (close < guide.size() && !guide.get(close).equals("```")) {
        close++;
      }
      if (open >= guide.size()
          || !guide.get(open).startsWith("```")
          || close + 1 >= guide.size()
          || !guide.get(close + 1).equals(END_INCLUDE)) {
        problems.add(where + ": expected a fenced block right after the include line, then "
            + END_INCLUDE);
        continue;
      }
      List<String> shown = guide.subList(open + 1, close);
      Path file = root.resolve(include.group(1)).normalize();
      if (!file.startsWith(root.normalize()) || !Files.isRegularFile(file)) {
        problems.add(where + ": no such file in the repository: " + file);
        continue;
      }
      List<String> source = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> region = region(source, include.group(2));
      if (region == null) {
        problems.add(where + ": no region tagged '" + include.group(2) + "' in " + file);
      } else if (!shown.equals(region)) {
        int line = 0;
        while (line < Math.min(shown.size(), region.size())
            && shown.get(line).equals(region.get(line))) {
          line++;
        }
        problems.add(where + ": first difference at line " + (line + 1) + " of the block: the guide"
            + " shows [" + (line < shown.size() ? shown.get(line) : "<end>") + "], the source has ["
            + (line < region.size() ? region.get(line) : "<end>") + "]");
      }
      i = close + 1;
    }
    return blocks;
  }

  /** The lines between the tag's markers, minus tag lines, dedented; null if the tag is absent. */
  private static List<String> region(List<String> source, String tag) {
    int start = indexOfMarker(source, "// tag::" + tag + "[]");
    int end = indexOfMarker(source, "// end::" + tag + "[]");
    if (start < 0 || end < start) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    for (String line : source.subList(start + 1, end)) {
      if (!TAG_LINE.matcher(line).matches()) {
        lines.add(line);
      }
    }
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
  }

  /** The index of the first line that is {@code marker} plus indentation, or -1. */
  private static int indexOfMarker(List<String> source, String marker) {
    for (int i = 0; i < source.size(); i++) {
      if (source.get(i).trim().equals(marker)) {
        return i;
      }
    }
    return -1;
  }
}
