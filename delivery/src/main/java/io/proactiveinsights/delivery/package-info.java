/**
 * The delivery endpoint: loads the serving snapshot the segments job publishes ({@code snapshot})
 * and answers "which segments is this user in" over HTTP without Spark ({@code server}, {@code
 * cli}). The module is deliberately free of Spark, Delta and Hadoop: the pom's enforcer keeps them
 * off its classpath and {@code DeliveryLayeringTest} out of its code.
 */
package io.proactiveinsights.delivery;
