package io.proactiveinsights.objectstore;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.cli.CliRun;
import io.proactiveinsights.delivery.server.DeliveryServer;
import io.proactiveinsights.delivery.server.DeliveryServerConfig;
import io.proactiveinsights.delivery.snapshot.SnapshotSources;
import io.proactiveinsights.io.Warehouse;
import io.proactiveinsights.schema.SegmentsColumns;
import io.proactiveinsights.schema.Vocabulary.Arm;
import io.proactiveinsights.testing.S3MockServer;
import io.proactiveinsights.testing.SampleRun;
import io.proactiveinsights.testing.SharedSpark;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole pipeline with its warehouse on an object store, and the delivery endpoint serving from
 * it: a real S3 API server on 127.0.0.1 ({@link S3MockServer}), the pipeline run in-process on the
 * shared session through Hadoop's S3A connector with Delta's default log store for {@code s3a}, its
 * tables equal to the shared local run ({@link SampleRun}: same input and ds) row for row.
 */
class ObjectStoreIT {

  private static final String BUCKET = "proactive-it";
  private static final String ACCESS_KEY = "object-store-it";
  private static final String SECRET_KEY = "object-store-it-secret";
  private static final String TOKEN = "object-store-it-token";

  @TempDir Path dir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void thePipelineOnAnS3aWarehouseWritesWhatLocalModeWritesAndTheEndpointServesIt()
      throws Exception {
    SparkSession spark = SharedSpark.session();
    SampleRun local = SampleRun.get();
    try (S3MockServer s3 = S3MockServer.start(dir.resolve("s3"), Duration.ofMinutes(2));
        S3Client client = client(s3.endpoint())) {
      client.createBucket(b -> b.bucket(BUCKET));
      configureBucket(spark.sparkContext().hadoopConfiguration(), s3.endpoint());
      Warehouse warehouse = new Warehouse("s3a://" + BUCKET + "/warehouse");

      CliRun run =
          CliRun.runWithTestConf(local.pipelineArgs(warehouse.root()).toArray(String[]::new));

      assertThat(run.exitCode()).as(run.err()).isZero();
      local.assertSameTables(spark, warehouse);
      assertThat(run.summary().toString())
          .as("the report went to the object store")
          .contains(warehouse.reportsPath(LocalDate.parse(SampleRun.DS)));
      assertThat(
              client.headObject(
                  b ->
                      b.bucket(BUCKET)
                          .key("warehouse/reports/ds=" + SampleRun.DS + "/report.html")))
          .isNotNull();

      Row member =
          spark
              .read()
              .format("delta")
              .load(warehouse.path(Warehouse.SEGMENTS))
              .where(
                  col(SegmentsColumns.ARM)
                      .isNull()
                      .or(col(SegmentsColumns.ARM).notEqual(Arm.CONTROL.wire())))
              .orderBy(SegmentsColumns.SEGMENT_ID, SegmentsColumns.USER_ID)
              .first();
      String answer =
          servedFromTheObjectStore(
              s3.endpoint(),
              "/v1/segments/"
                  + encode(member.getAs(SegmentsColumns.SEGMENT_ID))
                  + "/members/"
                  + encode(member.getAs(SegmentsColumns.USER_ID)));
      assertThat(answer).contains("\"member\":true");
    }
  }

  /**
   * Starts the delivery endpoint on the serving root in the bucket, configured the way an operator
   * configures it (the standard AWS settings, here as the SDK's system properties, and an {@code
   * s3://} location), and answers one GET over HTTP on loopback.
   */
  private static String servedFromTheObjectStore(String endpoint, String path) throws Exception {
    Map<String, String> aws =
        Map.of(
            "aws.region", Region.US_EAST_1.id(),
            "aws.accessKeyId", ACCESS_KEY,
            "aws.secretAccessKey", SECRET_KEY,
            "aws.endpointUrl", endpoint);
    aws.forEach(System::setProperty);
    try (DeliveryServer server =
        DeliveryServer.start(
            new DeliveryServerConfig(
                SnapshotSources.open("s3://" + BUCKET + "/warehouse/serving", true),
                "127.0.0.1",
                0,
                TOKEN,
                Duration.ofMinutes(1),
                1))) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                      .header("Authorization", "Bearer " + TOKEN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return response.body();
    } finally {
      aws.keySet().forEach(System::clearProperty);
    }
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * S3A settings for the test bucket only ({@code fs.s3a.bucket.<name>.*}), so the shared session's
   * other users are untouched: the local endpoint, path-style requests, static keys.
   */
  private static void configureBucket(Configuration hadoop, String endpoint) {
    String prefix = "fs.s3a.bucket." + BUCKET + ".";
    hadoop.set(prefix + "endpoint", endpoint);
    hadoop.set(prefix + "endpoint.region", Region.US_EAST_1.id());
    hadoop.set(prefix + "path.style.access", "true");
    hadoop.set(prefix + "connection.ssl.enabled", "false");
    hadoop.set(prefix + "access.key", ACCESS_KEY);
    hadoop.set(prefix + "secret.key", SECRET_KEY);
  }

  private static S3Client client(String endpoint) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }
}
