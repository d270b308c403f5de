package io.proactiveinsights.delivery.server;

import static io.proactiveinsights.delivery.snapshot.SnapshotFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proactiveinsights.delivery.snapshot.SnapshotFixtures;
import io.proactiveinsights.delivery.snapshot.SnapshotManifest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The endpoint over real snapshot files, a real server on loopback and a real HTTP client. */
class DeliveryServerTest {
  static final String TOKEN = "s3cret-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path root;
  DeliveryServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A server that polls only when the test says so (pollNow), except the poll at start. */
  DeliveryServer startManual() throws IOException {
    server =
        DeliveryServer.start(
            new DeliveryServerConfig(root, "127.0.0.1", 0, TOKEN, Duration.ofHours(1), 8));
    return server;
  }

  static SnapshotManifest publish(Path root, int generation) throws IOException {
    Map<String, int[]> segments = new LinkedHashMap<>();
    segments.put("m1", new int[] {1, 2, 3});
    segments.put("m2", new int[] {2, 50, 99});
    return SnapshotFixtures.publish(
        root, CREATED.plusSeconds(generation), SnapshotFixtures.users(100), segments);
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + TOKEN)
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  @Test
  void threeRoutesAnswerFromTheSnapshot() throws Exception {
    SnapshotManifest manifest = publish(root, 0);
    startManual();

    HttpResponse<String> user = get("/v1/users/u002/segments", TOKEN);
    assertThat(user.statusCode()).isEqualTo(200);
    assertThat(user.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode userJson = JSON.readTree(user.body());
    assertThat(userJson.get("user_id").asText()).isEqualTo("u002");
    assertThat(userJson.get("segments").toString()).isEqualTo("[\"m1\",\"m2\"]");
    assertThat(userJson.get("version").asText()).isEqualTo(manifest.version());

    assertThat(JSON.readTree(get("/v1/users/nobody/segments", TOKEN).body()).get("segments").size())
        .isZero();

    HttpResponse<String> member = get("/v1/segments/m2/members/u050", TOKEN);
    assertThat(member.statusCode()).isEqualTo(200);
    assertThat(member.body())
        .isEqualTo("{\"member\":true,\"version\":\"" + manifest.version() + "\"}");
    assertThat(
            JSON.readTree(get("/v1/segments/m2/members/u051", TOKEN).body())
                .get("member")
                .asBoolean())
        .isFalse();
    assertThat(
            JSON.readTree(get("/v1/segments/m2/members/nobody", TOKEN).body())
                .get("member")
                .asBoolean())
        .isFalse();

    HttpResponse<String> segments = get("/v1/segments", TOKEN);
    assertThat(segments.statusCode()).isEqualTo(200);
    JsonNode manifestJson = JSON.readTree(segments.body());
    assertThat(manifestJson.get("version").asText()).isEqualTo(manifest.version());
    assertThat(manifestJson.get("ds").asText()).isEqualTo("2024-05-01");
    assertThat(manifestJson.get("segments").get(1).get("segment_id").asText()).isEqualTo("m2");
    assertThat(manifestJson.get("segments").get(1).get("member_count").asInt()).isEqualTo(3);

    assertThat(rawStatus("GET /v1/users/%F0%9F%98%80/segments HTTP/1.1")).isEqualTo(200);
    // A user id that needs percent-encoding round-trips.
    assertThat(get("/v1/users/caf%C3%A9%20au%20lait/segments", TOKEN).body())
        .contains("\"user_id\":\"café au lait\"");
  }

  @Test
  void aHeldOutPersonIsAnsweredHeldOutAndLeftOutOfTheirSegmentList() throws Exception {
    SnapshotManifest manifest;
    try (var publication =
        new io.proactiveinsights.delivery.snapshot.SnapshotPublisher(root, 3)
            .begin(SnapshotFixtures.DS, CREATED)) {
      publication.writeDictionary(SnapshotFixtures.users(4).iterator());
      publication.addSegment(
          new io.proactiveinsights.delivery.snapshot.SegmentSpec(
              "m-tour", "everyone", java.util.List.of(), 0.2),
          org.roaringbitmap.RoaringBitmap.bitmapOf(0, 2),
          org.roaringbitmap.RoaringBitmap.bitmapOf(1));
      publication.addSegment(
          new io.proactiveinsights.delivery.snapshot.SegmentSpec(
              "m-plain", "everyone", java.util.List.of()),
          org.roaringbitmap.RoaringBitmap.bitmapOf(0, 1));
      manifest = publication.publish();
    }
    startManual();
    String version = manifest.version();

    assertThat(get("/v1/segments/m-tour/members/u001", TOKEN).body())
        .isEqualTo("{\"member\":false,\"held_out\":true,\"version\":\"" + version + "\"}");
    assertThat(get("/v1/segments/m-tour/members/u000", TOKEN).body())
        .isEqualTo("{\"member\":true,\"version\":\"" + version + "\"}");
    assertThat(get("/v1/segments/m-tour/members/u003", TOKEN).body())
        .isEqualTo("{\"member\":false,\"version\":\"" + version + "\"}");
    assertThat(
            JSON.readTree(get("/v1/users/u001/segments", TOKEN).body()).get("segments").toString())
        .isEqualTo("[\"m-plain\"]");
    JsonNode segments = JSON.readTree(get("/v1/segments", TOKEN).body()).get("segments");
    assertThat(segments.get(0).get("holdout_share").asDouble()).isEqualTo(0.2);
    assertThat(segments.get(0).get("held_out").get("count").asInt()).isEqualTo(1);
    assertThat(segments.get(1).get("holdout_share").asDouble()).isZero();
  }

  @Test
  void aSnapshotPublishedBeforeHoldoutsIsServedAsBefore() throws Exception {
    Path published =
        Path.of(
            DeliveryServerTest.class.getResource("/snapshots/published-before-holdouts").toURI());
    try (var files = Files.walk(published)) {
      for (Path from : files.toList()) {
        Path to = root.resolve(published.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    startManual();

    assertThat(
            JSON.readTree(get("/v1/segments/m1/members/u001", TOKEN).body())
                .get("member")
                .asBoolean())
        .isTrue();
    assertThat(get("/v1/segments/m1/members/u000", TOKEN).body()).doesNotContain("held_out");
    assertThat(
            JSON.readTree(get("/v1/users/u002/segments", TOKEN).body()).get("segments").toString())
        .isEqualTo("[\"m1\"]");
  }

  @Test
  void everyV1CallNeedsTheBearerToken() throws Exception {
    publish(root, 0);
    startManual();

    HttpResponse<String> none = get("/v1/segments", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"proactive\"");

    for (String wrong :
        new String[] {"wrong", TOKEN + "x", TOKEN.substring(1), TOKEN.toUpperCase()}) {
      HttpResponse<String> response = get("/v1/segments/m1/members/u001", wrong);
      assertThat(response.statusCode()).as(wrong).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer realm=\"proactive\", error=\"invalid_token\"");
      assertThat(response.body()).doesNotContain(TOKEN);
    }

    HttpRequest basic =
        HttpRequest.newBuilder(URI.create(base() + "/v1/segments"))
            .header("Authorization", "Basic " + TOKEN)
            .build();
    assertThat(CLIENT.send(basic, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);

    // Unknown /v1 paths are 401 too without a token: nothing is learnt about routes.
    assertThat(get("/v1/nothing-here", null).statusCode()).isEqualTo(401);
    assertThat(get("/v1/segments", TOKEN).statusCode()).isEqualTo(200);
    // Probes and metrics stay open for the orchestrator and the scraper.
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/users/%2e%2e/segments",
        "/v1/users/..%2Fetc/segments",
        "/v1/users/a%2Fb/segments",
        "/v1/users/a%5Cb/segments",
        "/v1/users/a%00b/segments",
        "/v1/users/a%0Ab/segments",
        "/v1/users/a%7Fb/segments",
        "/v1/users/%252e%252e/segments",
        "/v1/users/%C3%28/segments",
        "/v1/users//segments",
        "/v1/users/%E2%80%8B/segments",
        "/v1/segments/m1/members/%2e%2e",
        "/v1/segments/%ED%A0%80/members/u001",
        "/v1/segments/m1/members/u%0D%0Aevil",
      })
  void malformedIdsAre400(String path) throws Exception {
    publish(root, 0);
    startManual();
    HttpResponse<String> response = get(path, TOKEN);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("error").asText()).startsWith("malformed ");
  }

  /** Requests java.net.URI (and so HttpClient) refuses to build: sent as raw bytes. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v1/users/abc%4/segments HTTP/1.1",
        "GET /v1/users/abc%zz/segments HTTP/1.1",
        "GET /v1/users/caf\u00e9/segments HTTP/1.1",
      })
  void rawMalformedIdsAre400(String requestLine) throws Exception {
    publish(root, 0);
    startManual();
    assertThat(rawStatus(requestLine)).isEqualTo(400);
  }

  /** Whatever a client sends, the answer is a 4xx, never a 500. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v1/users/a b/segments HTTP/1.1",
        "GET * HTTP/1.1",
        "GET v1/segments HTTP/1.1",
        "GET /v1/segments/m1/members/u%00 HTTP/1.0",
        "BREW /v1/segments HTTP/1.1",
        "GET http://elsewhere/v1/segments HTTP/1.1",
        "GET /v1/users/a%00b/segments HTTP/1.1",
      })
  void hostileRequestLinesAreClientErrors(String requestLine) throws Exception {
    publish(root, 0);
    startManual();
    assertThat(rawStatus(requestLine)).isBetween(400, 499);
  }

  int rawStatus(String requestLine) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      String request =
          requestLine
              + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      java.io.BufferedReader reader =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
      String status = reader.readLine();
      // An HTTP/1.0 request may be answered in HTTP/1.0 (Undertow does).
      assertThat(status).as("status line for " + requestLine).matches("HTTP/1\\.[01] \\d{3}.*");
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  @Test
  void tooLongIdsAre400AndUnknownThingsAre404AndOtherMethods405() throws Exception {
    publish(root, 0);
    startManual();
    assertThat(get("/v1/users/" + "a".repeat(257) + "/segments", TOKEN).statusCode())
        .isEqualTo(400);
    assertThat(get("/v1/users/" + "a".repeat(256) + "/segments", TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(get("/v1/users/" + "a".repeat(5000) + "/segments", TOKEN).statusCode())
        .isEqualTo(400);

    HttpResponse<String> unknownSegment = get("/v1/segments/nope/members/u001", TOKEN);
    assertThat(unknownSegment.statusCode()).isEqualTo(404);
    assertThat(unknownSegment.body()).contains("no such segment");
    assertThat(get("/v1/segments/", TOKEN).statusCode()).isEqualTo(404);
    assertThat(get("/v1/users/u001", TOKEN).statusCode()).isEqualTo(404);
    assertThat(get("/nothing", null).statusCode()).isEqualTo(404);

    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
      HttpResponse<String> response = send(method, "/v1/segments/m1/members/u001");
      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
    assertThat(send("HEAD", "/v1/segments").statusCode()).isEqualTo(200);
  }

  @Test
  void notReadyUntilAVersionIsLoaded() throws Exception {
    startManual();
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = get("/readyz", null);
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("no snapshot version loaded yet");
    assertThat(get("/v1/segments/m1/members/u001", TOKEN).statusCode()).isEqualTo(503);
    assertThat(get("/metrics", null).body()).contains("proactive_ready 0");

    publish(root, 0);
    server.pollNow();
    assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
    assertThat(get("/v1/segments/m1/members/u001", TOKEN).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", null).body()).contains("proactive_ready 1");
  }

  @Test
  void corruptVersionIsRefusedOldOneStaysServedAndALaterGoodOneLoads() throws Exception {
    SnapshotManifest first = publish(root, 0);
    startManual();
    assertThat(get("/v1/segments", TOKEN).body()).contains(first.version());

    SnapshotManifest bad = publish(root, 1);
    flipLastByte(root.resolve(bad.version()).resolve(bad.segments().get(0).file()));
    server.pollNow();
    server.pollNow(); // A refused version is not retried at once.

    assertThat(get("/v1/segments/m1/members/u001", TOKEN).body()).contains(first.version());
    String metrics = get("/metrics", null).body();
    assertThat(metrics)
        .contains("proactive_snapshot_reloads_total{result=\"refused\"} 1")
        .contains("proactive_snapshot_reloads_total{result=\"success\"} 1")
        .contains(
            "proactive_snapshot_info{version=\"" + first.version() + "\",ds=\"2024-05-01\"} 1")
        .contains("proactive_snapshot_last_refusal_timestamp_seconds");

    SnapshotManifest good = publish(root, 2);
    server.pollNow();
    assertThat(get("/v1/segments/m1/members/u001", TOKEN).body()).contains(good.version());
    assertThat(get("/metrics", null).body())
        .contains("proactive_snapshot_reloads_total{result=\"success\"} 2")
        .contains("proactive_snapshot_age_seconds ");
  }

  /** Ways a version can be damaged on disk, each with what the loader says about it. */
  enum Damage {
    CHANGED_BYTE("checksum mismatch for") {
      @Override
      void apply(Path version, SnapshotManifest manifest) throws IOException {
        flipLastByte(version.resolve(manifest.segments().get(0).file()));
      }
    },
    MISSING_FILE("users.dict is missing, though the manifest lists it") {
      @Override
      void apply(Path version, SnapshotManifest manifest) throws IOException {
        Files.delete(version.resolve(manifest.dictionary().file()));
      }
    },
    BROKEN_MANIFEST("is not a valid manifest") {
      @Override
      void apply(Path version, SnapshotManifest manifest) throws IOException {
        Path file = version.resolve("manifest.json");
        Files.writeString(file, Files.readString(file).substring(0, 100));
      }
    };

    final String reason;

    Damage(String reason) {
      this.reason = reason;
    }

    abstract void apply(Path version, SnapshotManifest manifest) throws IOException;
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void startsOnTheNewestGoodVersionWhenCurrentNamesADamagedOne(Damage damage) throws Exception {
    SnapshotManifest good = publish(root, 0);
    SnapshotManifest bad = publish(root, 1);
    damage.apply(root.resolve(bad.version()), bad);
    assertThat(Files.readString(root.resolve("CURRENT")).strip()).isEqualTo(bad.version());

    startManual();

    HttpResponse<String> ready = get("/readyz", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode readiness = JSON.readTree(ready.body());
    assertThat(readiness.get("status").asText()).isEqualTo("ready");
    assertThat(readiness.get("version").asText()).isEqualTo(good.version());
    assertThat(readiness.get("refused")).hasSize(1);
    assertThat(readiness.at("/refused/0/version").asText()).isEqualTo(bad.version());
    assertThat(readiness.at("/refused/0/reason").asText()).contains(damage.reason);
    assertThat(get("/v1/segments/m1/members/u001", TOKEN).body()).contains(good.version());
    assertThat(get("/metrics", null).body())
        .contains("proactive_ready 1")
        .contains("proactive_snapshot_info{version=\"" + good.version() + "\",ds=\"2024-05-01\"} 1")
        .contains("proactive_snapshot_refused{version=\"" + bad.version() + "\"} 1")
        .contains("proactive_snapshot_reloads_total{result=\"refused\"} 1");

    // The next good publish is served, and the report clears: nothing newer is refused.
    SnapshotManifest next = publish(root, 2);
    server.pollNow();
    readiness = JSON.readTree(get("/readyz", null).body());
    assertThat(readiness.get("version").asText()).isEqualTo(next.version());
    assertThat(readiness.get("refused")).isEmpty();
    assertThat(get("/metrics", null).body()).doesNotContain("proactive_snapshot_refused{");
  }

  @Test
  void fallsBackPastSeveralDamagedVersionsAndKeepsReportingThemWhileNothingNewerServes()
      throws Exception {
    SnapshotManifest good = publish(root, 0);
    SnapshotManifest older = publish(root, 1);
    SnapshotManifest newest = publish(root, 2);
    Damage.CHANGED_BYTE.apply(root.resolve(older.version()), older);
    Damage.MISSING_FILE.apply(root.resolve(newest.version()), newest);

    startManual();
    server.pollNow();

    JsonNode readiness = JSON.readTree(get("/readyz", null).body());
    assertThat(readiness.get("version").asText()).isEqualTo(good.version());
    assertThat(readiness.get("refused"))
        .extracting(refusal -> refusal.get("version").asText())
        .containsExactly(newest.version(), older.version());
    assertThat(get("/metrics", null).body())
        .contains("proactive_snapshot_refused{version=\"" + newest.version() + "\"} 1")
        .contains("proactive_snapshot_refused{version=\"" + older.version() + "\"} 1")
        .contains("proactive_snapshot_reloads_total{result=\"refused\"} 2");
  }

  @Test
  void aGoodVersionPublishedBeforeADamagedCurrentIsServedButNeverAnOlderOne() throws Exception {
    SnapshotManifest first = publish(root, 0);
    startManual();

    // Two publishes between polls: the newer one is damaged, so the one before it is served.
    SnapshotManifest second = publish(root, 1);
    SnapshotManifest third = publish(root, 2);
    Damage.CHANGED_BYTE.apply(root.resolve(third.version()), third);
    server.pollNow();
    assertThat(get("/v1/segments", TOKEN).body()).contains(second.version());

    // CURRENT moved back by hand to a damaged version: the newer version served stays served.
    Damage.CHANGED_BYTE.apply(root.resolve(first.version()), first);
    Files.writeString(root.resolve("CURRENT"), first.version() + "\n");
    server.pollNow();
    assertThat(get("/v1/segments", TOKEN).body()).contains(second.version());
    assertThat(JSON.readTree(get("/readyz", null).body()).get("refused"))
        .extracting(refusal -> refusal.get("version").asText())
        .containsExactly(third.version(), first.version());
  }

  @Test
  void unreadableCurrentFallsBackToTheNewestVersionOnDisk() throws Exception {
    publish(root, 0);
    SnapshotManifest newest = publish(root, 1);
    Files.writeString(root.resolve("CURRENT"), "../elsewhere\n");

    startManual();

    JsonNode readiness = JSON.readTree(get("/readyz", null).body());
    assertThat(readiness.get("version").asText()).isEqualTo(newest.version());
    assertThat(readiness.at("/refused/0/version").asText()).isEqualTo("CURRENT");
    assertThat(readiness.at("/refused/0/reason").asText())
        .contains("does not name a version folder");
    assertThat(get("/metrics", null).body())
        .contains("proactive_snapshot_refused{version=\"CURRENT\"} 1");
  }

  @Test
  void everyVersionDamagedIsNotReadyAndSaysWhy() throws Exception {
    SnapshotManifest only = publish(root, 0);
    Damage.BROKEN_MANIFEST.apply(root.resolve(only.version()), only);

    startManual();

    HttpResponse<String> notReady = get("/readyz", null);
    assertThat(notReady.statusCode()).isEqualTo(503);
    JsonNode readiness = JSON.readTree(notReady.body());
    assertThat(readiness.get("status").asText()).isEqualTo("not ready");
    assertThat(readiness.has("version")).isFalse();
    assertThat(readiness.get("reason").asText()).contains("every version tried was refused");
    assertThat(readiness.at("/refused/0/version").asText()).isEqualTo(only.version());
    assertThat(get("/metrics", null).body())
        .contains("proactive_ready 0")
        .contains("proactive_snapshot_refused{version=\"" + only.version() + "\"} 1");
  }

  /** Message ids are CSV cells: a slash, dots, a percent sign or 308 characters are all served. */
  @Test
  void segmentIdsThatAreNoFileNamesArePublishedAndServed() throws Exception {
    String slashed = "billing/overdue";
    String dotted = "../../etc";
    String percent = "50% off";
    String long308 = "spring-campaign/" + "x".repeat(292);
    assertThat(long308).hasSize(308);
    Map<String, int[]> segments = new LinkedHashMap<>();
    segments.put(slashed, new int[] {2});
    segments.put(dotted, new int[] {2, 3});
    segments.put(percent, new int[] {3});
    segments.put(long308, new int[] {2});
    SnapshotManifest manifest =
        SnapshotFixtures.publish(root, CREATED, SnapshotFixtures.users(10), segments);
    assertThat(manifest.segments())
        .extracting(SnapshotManifest.SegmentEntry::file)
        .allMatch(file -> file.matches("segment-\\d{5}\\.roar"));
    startManual();

    JsonNode listed = JSON.readTree(get("/v1/segments", TOKEN).body()).get("segments");
    assertThat(listed)
        .extracting(segment -> segment.get("segment_id").asText())
        .containsExactly(slashed, dotted, percent, long308);
    assertThat(JSON.readTree(get("/v1/users/u002/segments", TOKEN).body()).get("segments"))
        .extracting(JsonNode::asText)
        .containsExactly(slashed, dotted, long308);

    assertThat(memberOf("billing%2Foverdue", "u002")).isTrue();
    assertThat(memberOf("billing%2foverdue", "u003")).isFalse();
    assertThat(memberOf("..%2F..%2Fetc", "u003")).isTrue();
    assertThat(memberOf("50%25%20off", "u003")).isTrue();
    assertThat(memberOf(long308.replace("/", "%2F"), "u002")).isTrue();
    assertThat(memberOf(long308.replace("/", "%2F"), "u003")).isFalse();

    // Unencoded, the slash splits the path: no such route. A near miss is an unknown segment.
    assertThat(get("/v1/segments/billing/overdue/members/u002", TOKEN).statusCode()).isEqualTo(404);
    HttpResponse<String> unknown = get("/v1/segments/..%2Fetc/members/u002", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no such segment");
    HttpResponse<String> tooLong = get("/v1/segments/" + "x".repeat(1025) + "/members/u002", TOKEN);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("malformed segment_id");
  }

  private boolean memberOf(String rawSegmentId, String userId) throws Exception {
    HttpResponse<String> response =
        get("/v1/segments/" + rawSegmentId + "/members/" + userId, TOKEN);
    assertThat(response.statusCode()).as(rawSegmentId).isEqualTo(200);
    return JSON.readTree(response.body()).get("member").asBoolean();
  }

  @Test
  void metricsCountRequestsByRouteAndStatus() throws Exception {
    publish(root, 0);
    startManual();
    get("/v1/segments/m1/members/u001", TOKEN);
    get("/v1/segments/m1/members/u001", TOKEN);
    get("/v1/segments/nope/members/u001", TOKEN);
    get("/v1/segments", null);
    HttpResponse<String> metrics = get("/metrics", null);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(metrics.body())
        .contains(
            "proactive_http_requests_total{route=\"/v1/segments/{segment_id}/members/{user_id}\",status=\"200\"}"
                + " 2")
        .contains(
            "proactive_http_requests_total{route=\"/v1/segments/{segment_id}/members/{user_id}\",status=\"404\"}"
                + " 1")
        .contains("proactive_http_requests_total{route=\"/v1/segments\",status=\"401\"} 1")
        .contains(
            "proactive_http_request_duration_seconds_count{route=\"/v1/segments/{segment_id}/members/{user_id}\"}"
                + " 3")
        .doesNotContain("u001");
  }

  private static void flipLastByte(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(raf.length() - 1);
      int last = raf.read();
      raf.seek(raf.length() - 1);
      raf.write(last ^ 0x01);
    }
  }

  static Instant created(int generation) {
    return CREATED.plusSeconds(generation);
  }
}
