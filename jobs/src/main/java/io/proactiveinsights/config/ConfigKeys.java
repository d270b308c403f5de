package io.proactiveinsights.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.proactiveinsights.errors.ProactiveException.UsageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The keys a user may set, and the check of the keys a user did set. A key is known when the
 * shipped defaults have it (a leaf under {@code proactive}), or when it lies inside one of the
 * free-form maps, whose keys are the user's to choose ({@link #FREE_FORM_MAPS}).
 *
 * <p>A {@code --conf} file may write every key with or without the {@code proactive.} prefix, and
 * mix both forms; the two are merged into one {@code proactive} tree. One key given both ways is
 * refused, since neither reading of the file is clearly the one its author meant. Every unknown key
 * is refused, named with its line and the known key nearest to it (Levenshtein distance), so a typo
 * cannot silently leave a default in force.
 *
 * <p>System properties are checked only under the sections the defaults have ({@code
 * -Dproactive.metrics.…}, …): the {@code proactive.} namespace of the JVM's properties is shared
 * with build and test tools (Maven passes its own {@code -Dproactive.test.jvm} on to the test
 * JVMs), and unprefixed properties are the JVM's and Spark's own ({@code spark.master}).
 */
final class ConfigKeys {

  static final String PREFIX = "proactive";

  /**
   * Maps whose keys are not known in advance: Spark settings passed through, table → Z-order
   * column, format → the formats to suggest instead.
   */
  static final List<List<String>> FREE_FORM_MAPS =
      List.of(
          List.of("spark", "extra"),
          List.of("maintain", "zorder_by"),
          List.of("recommend", "format_alternatives"));

  private final Set<List<String>> leaves;
  private final Set<String> sections;

  /** The keys of {@code defaults}, the whole shipped file (with its {@code proactive} root). */
  ConfigKeys(Config defaults) {
    ConfigObject root = defaults.getObject(PREFIX);
    Map<List<String>, ConfigValue> found = new LinkedHashMap<>();
    collectLeaves(root, List.of(), found);
    this.leaves = found.keySet();
    this.sections = new TreeSet<>(root.keySet());
  }

  /**
   * The user's file as one {@code proactive} tree (unresolved, ready to lay over the defaults).
   *
   * @throws UsageException when a key is unknown, or given both with and without the prefix
   */
  Config normalize(Config userFile, String fileName) {
    ConfigObject root = userFile.root();
    ConfigValue prefixedValue = root.get(PREFIX);
    if (prefixedValue != null && !(prefixedValue instanceof ConfigObject)) {
      throw new UsageException(
          "Cannot load config "
              + fileName
              + ": "
              + PREFIX
              + " must be an object of settings, e.g. proactive { metrics.window_days = 28 } (got "
              + prefixedValue.render()
              + at(prefixedValue.origin(), fileName)
              + ")");
    }
    ConfigObject prefixedTree =
        prefixedValue == null ? ConfigFactory.empty().root() : (ConfigObject) prefixedValue;
    ConfigObject unprefixedTree = root.withoutKey(PREFIX);

    Map<List<String>, ConfigValue> withPrefix = new LinkedHashMap<>();
    Map<List<String>, ConfigValue> withoutPrefix = new LinkedHashMap<>();
    collectLeaves(prefixedTree, List.of(), withPrefix);
    collectLeaves(unprefixedTree, List.of(), withoutPrefix);

    List<String> problems = new ArrayList<>();
    withPrefix.forEach(
        (path, value) -> unknown(path, value, true, fileName).ifPresent(problems::add));
    withoutPrefix.forEach(
        (path, value) -> unknown(path, value, false, fileName).ifPresent(problems::add));
    for (Map.Entry<List<String>, ConfigValue> e : withoutPrefix.entrySet()) {
      ConfigValue twin = withPrefix.get(e.getKey());
      if (twin != null) {
        String key = ConfigUtil.joinPath(e.getKey());
        problems.add(
            key
                + " is set twice, as "
                + PREFIX
                + "."
                + key
                + at(twin.origin(), fileName)
                + " and as "
                + key
                + at(e.getValue().origin(), fileName)
                + " (keep one)");
      }
    }
    if (!problems.isEmpty()) {
      throw new UsageException(
          "Cannot load config " + fileName + ": " + String.join("; ", problems));
    }
    return prefixedTree.withFallback(unprefixedTree).toConfig().atKey(PREFIX);
  }

  /**
   * Checks the {@code -Dproactive.<section>.…} system properties against the known keys.
   *
   * @throws UsageException when one names a key the section does not have
   */
  void checkSystemProperties(Config systemProperties) {
    ConfigValue tree = systemProperties.root().get(PREFIX);
    if (!(tree instanceof ConfigObject object)) {
      return;
    }
    Map<List<String>, ConfigValue> set = new LinkedHashMap<>();
    collectLeaves(object, List.of(), set);
    List<String> problems = new ArrayList<>();
    for (List<String> path : set.keySet()) {
      if (sections.contains(path.get(0)) && !isKnown(path)) {
        problems.add(
            "unknown system property -D"
                + PREFIX
                + "."
                + ConfigUtil.joinPath(path)
                + " (did you mean -D"
                + PREFIX
                + "."
                + nearest(path)
                + "?)");
      }
    }
    if (!problems.isEmpty()) {
      throw new UsageException("Cannot load config: " + String.join("; ", problems));
    }
  }

  /** The known key (without the prefix) with the smallest edit distance to {@code path}. */
  String nearest(List<String> path) {
    String key = ConfigUtil.joinPath(path);
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    List<String> candidates = new ArrayList<>();
    leaves.forEach(l -> candidates.add(ConfigUtil.joinPath(l)));
    FREE_FORM_MAPS.forEach(m -> candidates.add(ConfigUtil.joinPath(m)));
    return candidates.stream()
        .min(
            Comparator.<String>comparingInt(c -> distance.apply(key, c))
                .thenComparing(Comparator.naturalOrder()))
        .orElseThrow();
  }

  private Optional<String> unknown(
      List<String> path, ConfigValue value, boolean prefixed, String fileName) {
    boolean emptySection = value instanceof ConfigObject o && o.isEmpty() && isSection(path);
    if (isKnown(path) || emptySection) {
      return Optional.empty();
    }
    String as = prefixed ? PREFIX + "." : "";
    return Optional.of(
        "unknown key "
            + as
            + ConfigUtil.joinPath(path)
            + at(value.origin(), fileName)
            + " (did you mean "
            + as
            + nearest(path)
            + "?)");
  }

  private boolean isKnown(List<String> path) {
    if (leaves.contains(path)) {
      return true;
    }
    for (List<String> map : FREE_FORM_MAPS) {
      if (path.size() >= map.size() && path.subList(0, map.size()).equals(map)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code path} holds known keys: {@code hygiene}, {@code spark.extra}, … */
  private boolean isSection(List<String> path) {
    for (List<String> known : leaves) {
      if (known.size() > path.size() && known.subList(0, path.size()).equals(path)) {
        return true;
      }
    }
    return FREE_FORM_MAPS.stream()
        .anyMatch(m -> m.size() >= path.size() && m.subList(0, path.size()).equals(path));
  }

  /**
   * Every leaf under {@code object} by its path; an empty object counts as a leaf, so {@code
   * hygeine {}} is still seen.
   */
  private static void collectLeaves(
      ConfigObject object, List<String> parent, Map<List<String>, ConfigValue> into) {
    try {
      if (object.isEmpty() && !parent.isEmpty()) {
        into.put(parent, object);
        return;
      }
      for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
        List<String> path = new ArrayList<>(parent);
        path.add(e.getKey());
        if (e.getValue() instanceof ConfigObject child) {
          collectLeaves(child, List.copyOf(path), into);
        } else {
          into.put(List.copyOf(path), e.getValue());
        }
      }
    } catch (ConfigException e) {
      throw new UsageException("Cannot load config: " + e.getMessage(), e);
    }
  }

  private static String at(ConfigOrigin origin, String fileName) {
    if (origin == null || origin.lineNumber() < 0) {
      return "";
    }
    String file = origin.filename();
    return file == null || file.equals(fileName)
        ? " (line " + origin.lineNumber() + ")"
        : " (line " + origin.lineNumber() + " of " + file + ")";
  }
}
