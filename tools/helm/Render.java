import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders or lints a Helm chart with real Helm 3 (helm-java), so no helm binary or cluster is
 * needed. Run through render.sh, which builds the classpath.
 *
 *   template <chart> [-f values.yaml]... [--set key=value]... [--name sb] [--namespace ns]
 *       prints the rendered manifests, hooks included; a failing `required` or template error
 *       exits 1. helm-java returns the release manifest without the hooks (`helm template`
 *       prints both), so a temporary copy of the chart renders them under a renamed annotation
 *       (HOOK_STANDIN), which the output then turns back into helm.sh/hook.
 *   lint <chart> [-f values.yaml]...
 *       helm lint --strict; helm-java's lint takes no values files, so they are merged into the
 *       values.yaml of a temporary copy of the chart (as `helm lint -f` would merge them).
 */
public class Render {
  static final String HOOK = "helm.sh/hook";
  static final String HOOK_STANDIN = "render.switchback.invalid/hook";

  public static void main(String[] args) throws Exception {
    if (args.length < 2) usage();
    String command = args[0];
    Path chart = Paths.get(args[1]);
    List<Path> valuesFiles = new ArrayList<>();
    Map<String, String> sets = new LinkedHashMap<>();
    String name = "switchback";
    String namespace = "switchback";
    for (int i = 2; i < args.length; i++) {
      String arg = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) usage();
      switch (arg) {
        case "-f", "--values" -> valuesFiles.add(Paths.get(value));
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) usage();
          sets.put(value.substring(0, eq), value.substring(eq + 1));
        }
        case "--name" -> name = value;
        case "--namespace" -> namespace = value;
        default -> usage();
      }
      i++;
    }
    try {
      switch (command) {
        case "template" -> template(chart, valuesFiles, sets, name, namespace);
        case "lint" -> lint(chart, valuesFiles);
        default -> usage();
      }
    } catch (RuntimeException error) {
      // Helm's own message (e.g. "execution error at (...): set secrets.identifier...").
      System.err.println(error.getMessage());
      System.exit(1);
    }
  }

  static void template(Path chart, List<Path> valuesFiles, Map<String, String> sets, String name, String namespace) throws IOException {
    Path copy = copyOf(chart);
    try {
      try (Stream<Path> templates = Files.walk(copy.resolve("templates"))) {
        for (Path file : (Iterable<Path>) templates.filter(Files::isRegularFile)::iterator) {
          Files.writeString(file, Files.readString(file).replace(HOOK, HOOK_STANDIN));
        }
      }
      TemplateCommand command = new Helm(copy).template().withName(name).withNamespace(namespace);
      for (Path file : valuesFiles) command = command.withValuesFile(file);
      for (Map.Entry<String, String> set : sets.entrySet()) command = command.set(set.getKey(), set.getValue());
      System.out.print(command.call().replace(HOOK_STANDIN, HOOK));
    } finally {
      delete(copy);
    }
  }

  static void lint(Path chart, List<Path> valuesFiles) throws IOException {
    Path copy = copyOf(chart);
    try {
      if (!valuesFiles.isEmpty()) mergeValues(copy.resolve("values.yaml"), valuesFiles);
      LintResult result = new Helm(copy).lint().strict().call();
      result.getMessages().forEach(System.out::println);
      if (result.isFailed()) System.exit(1);
    } finally {
      delete(copy);
    }
  }

  /** A temporary copy of the chart, named like the chart (Helm checks the folder name). */
  static Path copyOf(Path chart) throws IOException {
    Path from = chart.toAbsolutePath().normalize();
    Path to = Files.createTempDirectory("helm-render-").resolve(from.getFileName().toString());
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) Files.createDirectories(target);
        else Files.copy(source, target);
      }
    }
    return to;
  }

  static void delete(Path copy) throws IOException {
    try (Stream<Path> paths = Files.walk(copy.getParent())) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @SuppressWarnings("unchecked")
  static void mergeValues(Path valuesYaml, List<Path> overlays) throws IOException {
    Yaml yaml = new Yaml();
    Map<String, Object> merged;
    try (Reader reader = Files.newBufferedReader(valuesYaml)) {
      merged = (Map<String, Object>) yaml.load(reader);
    }
    for (Path overlay : overlays) {
      try (Reader reader = Files.newBufferedReader(overlay)) {
        Object loaded = yaml.load(reader);
        if (loaded instanceof Map) deepMerge(merged, (Map<String, Object>) loaded);
      }
    }
    try (Writer writer = Files.newBufferedWriter(valuesYaml)) {
      yaml.dump(merged, writer);
    }
  }

  /** Helm's rule: maps merge key by key, anything else (lists included) is replaced. */
  @SuppressWarnings("unchecked")
  static void deepMerge(Map<String, Object> base, Map<String, Object> overlay) {
    for (Map.Entry<String, Object> entry : overlay.entrySet()) {
      Object current = base.get(entry.getKey());
      if (current instanceof Map && entry.getValue() instanceof Map) deepMerge((Map<String, Object>) current, (Map<String, Object>) entry.getValue());
      else base.put(entry.getKey(), entry.getValue());
    }
  }

  static void usage() {
    System.err.println("usage: render.sh template <chart> [-f values.yaml]... [--set key=value]... [--name n] [--namespace ns]");
    System.err.println("       render.sh lint <chart> [-f values.yaml]...");
    System.exit(2);
  }
}
