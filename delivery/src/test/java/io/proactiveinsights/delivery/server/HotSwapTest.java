package io.proactiveinsights.delivery.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.proactiveinsights.delivery.snapshot.SnapshotManifest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New versions are published while client threads hammer the endpoint; the watcher swaps them in on
 * its own poll. Every request must succeed and name a published version.
 */
class HotSwapTest {
  @TempDir Path root;

  @Test
  void publishingUnderLoadFailsNoRequest() throws Exception {
    List<String> versions = new ArrayList<>();
    versions.add(DeliveryServerTest.publish(root, 0).version());
    try (DeliveryServer server =
        DeliveryServer.start(
            new DeliveryServerConfig(
                root, "127.0.0.1", 0, DeliveryServerTest.TOKEN, Duration.ofMillis(20), 8))) {
      awaitServing(server, versions.get(0));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger ok = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      Set<String> seen = ConcurrentHashMap.newKeySet();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String path = t % 2 == 0 ? "/v1/segments/m2/members/u050" : "/v1/users/u002/segments";
        Thread thread =
            new Thread(
                () -> {
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                          .header("Authorization", "Bearer " + DeliveryServerTest.TOKEN)
                          .build();
                  while (running.get()) {
                    try {
                      HttpResponse<String> response =
                          client.send(request, HttpResponse.BodyHandlers.ofString());
                      String body = response.body();
                      if (response.statusCode() != 200 || !body.contains("\"version\":\"v-")) {
                        failures.add(response.statusCode() + " " + body);
                      } else {
                        seen.add(
                            body.substring(
                                body.indexOf("\"version\":\"") + 11, body.lastIndexOf('"')));
                        ok.incrementAndGet();
                      }
                    } catch (Exception e) {
                      failures.add(e.toString());
                    }
                  }
                });
        thread.start();
        clients.add(thread);
      }
      // Counts, not time: on a loaded CI machine the clients may be slow to start.
      awaitAtLeast(ok, 20);
      for (int generation = 1; generation <= 5; generation++) {
        SnapshotManifest published = DeliveryServerTest.publish(root, generation);
        versions.add(published.version());
        awaitServing(server, published.version());
      }
      awaitAtLeast(ok, 101);
      running.set(false);
      for (Thread thread : clients) {
        thread.join();
      }

      assertThat(failures).isEmpty();
      assertThat(ok.get()).isGreaterThan(100);
      assertThat(versions).containsAll(seen);
      assertThat(seen).contains(versions.get(versions.size() - 1));
      assertThat(server.metrics().reloadRefusals()).isZero();
    }
  }

  private static void awaitAtLeast(AtomicInteger counter, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (counter.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static void awaitServing(DeliveryServer server, String version) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!client.send(request, HttpResponse.BodyHandlers.ofString()).body().contains(version)) {
      assertThat(System.nanoTime()).as("serving " + version + " within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
