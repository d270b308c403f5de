package io.proactiveinsights;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * The layering the code keeps, checked on the compiled main classes. A stage reads what earlier
 * stages wrote from the warehouse, never by calling their jobs; the statistics and the rule
 * language are plain Java that the delivery endpoint or a notebook could reuse; packages form no
 * cycles.
 */
@AnalyzeClasses(
    packages = "io.proactiveinsights",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  /** The packages that each hold one stage's job. */
  private static final List<String> STAGES =
      List.of(
          "ingest",
          "metrics",
          "impact",
          "experiments",
          "hygiene",
          "recommend",
          "segments",
          "report",
          "maintain");

  private static final String ROOT = "io.proactiveinsights.";

  @ArchTest
  static final ArchRule stagesDoNotCallEachOthersJobs =
      classes()
          .that()
          .resideInAnyPackage(STAGES.stream().map(s -> ROOT + s + "..").toArray(String[]::new))
          .should(notDependOnAnotherStagesJob());

  @ArchTest
  static final ArchRule statisticsAreFreeOfSpark =
      noClasses()
          .that()
          .resideInAPackage(ROOT + "stats..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.spark..");

  @ArchTest
  static final ArchRule theRuleLanguageIsFreeOfSpark =
      noClasses()
          .that()
          .resideInAPackage(ROOT + "rules..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.spark..");

  @ArchTest
  static final ArchRule packagesFormNoCycles =
      slices().matching(ROOT + "(*)..").should().beFreeOfCycles();

  private static ArchCondition<JavaClass> notDependOnAnotherStagesJob() {
    return new ArchCondition<>("not depend on another stage's *Job") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String own = stageOf(item);
        for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass();
          String other = stageOf(target);
          if (other != null && !other.equals(own) && target.getSimpleName().endsWith("Job")) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static String stageOf(JavaClass javaClass) {
    String name = javaClass.getPackageName();
    for (String stage : STAGES) {
      if (name.equals(ROOT + stage) || name.startsWith(ROOT + stage + ".")) {
        return stage;
      }
    }
    return null;
  }
}
