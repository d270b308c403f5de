package io.proactiveinsights.delivery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.delivery.snapshot.SnapshotFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  @TempDir Path dir;

  record Run(int exitCode, String err, ServeCommand serve) {}

  static Run run(Map<String, String> env, String... args) {
    CommandLine commandLine = DeliveryCli.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
    serve.environment = env;
    int code = commandLine.execute(args);
    return new Run(code, err.toString(), serve);
  }

  @Test
  void refusesToStartWithoutAToken() {
    Run run = run(Map.of(), "serve", "--snapshots", dir.toString(), "--port", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("no token configured (set PROACTIVE_TOKEN or pass --token-file FILE");
  }

  @Test
  void badConfigurationIsExitCode2() throws Exception {
    Map<String, String> env = Map.of("PROACTIVE_TOKEN", "t");
    assertThat(run(env, "serve", "--snapshots", dir.resolve("missing").toString()).err())
        .contains("is not a folder");
    Path empty = Files.writeString(dir.resolve("token"), "\n");
    Run emptyToken =
        run(Map.of(), "serve", "--snapshots", dir.toString(), "--token-file", empty.toString());
    assertThat(emptyToken.exitCode()).isEqualTo(2);
    assertThat(emptyToken.err()).contains("is empty");
    Run usage = run(env, "serve");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required option: '--snapshots=LOCATION'");
  }

  @Test
  void anObjectStoreLocationNeedsABucket() {
    Run run = run(Map.of("PROACTIVE_TOKEN", "t"), "serve", "--snapshots", "s3:///serving");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no bucket (expected s3://<bucket>/<prefix>");
  }

  @Test
  void servesWithATokenFileUntilStopped() throws Exception {
    Path serving = Files.createDirectory(dir.resolve("serving"));
    SnapshotFixtures.publish(
        serving, SnapshotFixtures.CREATED, SnapshotFixtures.users(3), Map.of("m1", new int[] {0}));
    Path token = Files.writeString(dir.resolve("token"), "from-file\n");
    CommandLine commandLine = DeliveryCli.commandLine();
    ServeCommand serve = commandLine.getSubcommands().get("serve").getCommand();
    serve.environment = Map.of("PROACTIVE_TOKEN", "from-env");
    AtomicInteger exit = new AtomicInteger(-1);
    Thread main =
        new Thread(
            () ->
                exit.set(
                    commandLine.execute(
                        "serve",
                        "--snapshots",
                        serving.toString(),
                        "--port",
                        "0",
                        "--host",
                        "127.0.0.1",
                        "--token-file",
                        token.toString(),
                        "--poll-ms",
                        "50")));
    main.start();
    while (serve.running == null) {
      Thread.sleep(10);
    }
    HttpClient client = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + serve.running.port();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/v1/segments/m1/members/u000"))
            .header("Authorization", "Bearer from-file")
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    for (int i = 0; i < 100 && response.statusCode() == 503; i++) {
      Thread.sleep(20);
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    }
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"member\":true");

    serve.stop.countDown();
    main.join(5000);
    assertThat(exit.get()).isZero();
  }
}
