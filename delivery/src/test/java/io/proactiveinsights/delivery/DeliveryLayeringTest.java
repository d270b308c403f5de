package io.proactiveinsights.delivery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The endpoint stays light: it loads the snapshot files the segments job publishes and never needs
 * Spark, Delta, Hadoop or Parquet at run time (the pom's enforcer keeps them off the classpath;
 * this keeps them out of the code).
 */
@AnalyzeClasses(
    packages = "io.proactiveinsights.delivery",
    importOptions = ImportOption.DoNotIncludeTests.class)
class DeliveryLayeringTest {

  @ArchTest
  static final ArchRule deliveryNeverSeesSpark =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.spark..",
              "io.delta..",
              "org.apache.hadoop..",
              "org.apache.parquet..",
              "scala..");
}
