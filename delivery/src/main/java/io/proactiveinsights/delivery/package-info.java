/**
 * The delivery endpoint: loads the serving snapshot the segments job publishes and answers "which
 * segments is this user in" without Spark. The module is deliberately free of Spark, Delta and
 * Hadoop (the enforcer bans them); the snapshot format and the HTTP server arrive with the segments
 * issue.
 */
package io.proactiveinsights.delivery;
