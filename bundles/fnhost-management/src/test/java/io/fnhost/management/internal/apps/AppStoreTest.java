package io.fnhost.management.internal.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fnhost.management.internal.apps.AppStore.StoredApp;
import io.fnhost.management.internal.apps.AppStore.StoredPlacement;
import io.fnhost.management.internal.apps.AppStore.StoredVersion;

class AppStoreTest {
    @TempDir
    Path root;
    @TempDir
    Path uploads;

    private StoredVersion publish(AppStore store, String version, int retained) throws Exception {
        Path jar = Archives.write(uploads, version + ".jar", Archives.bundle("greeter", version));
        StoredVersion v = new StoredVersion(version, AppPublisher.sha256(jar), Files.size(jar),
                "2026-11-27T12:00:00Z", "_master", "bundle");
        store.add("greeter", jar, v, retained);
        return v;
    }

    @Test
    void versionsAndMetadataSurviveANewStoreInstance() throws Exception {
        StoredVersion v1 = publish(new AppStore(root), "1.0.0", 5);
        StoredVersion v2 = publish(new AppStore(root), "2.0.0", 5);

        StoredApp app = new AppStore(root).app("GREETER").orElseThrow();
        assertThat(app.name()).isEqualTo("greeter");
        assertThat(app.current()).isEqualTo(v2.sha256());
        assertThat(app.versions()).containsExactly(v2, v1);
        assertThat(new AppStore(root).artifact("greeter", v1.sha256())).get()
                .satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(Archives.bundle("greeter", "1.0.0")));
    }

    @Test
    void onlyTheNewestRetainedVersionsAreKeptWithTheirFiles() throws Exception {
        AppStore store = new AppStore(root);
        StoredVersion v1 = publish(store, "1.0.0", 2);
        StoredVersion v2 = publish(store, "2.0.0", 2);
        StoredVersion v3 = publish(store, "3.0.0", 2);

        assertThat(store.app("greeter").orElseThrow().versions()).containsExactly(v3, v2);
        assertThat(store.artifact("greeter", v1.sha256())).isEmpty();
        assertThat(Files.exists(root.resolve("greeter").resolve(v1.sha256() + ".jar"))).isFalse();
        try (Stream<Path> files = Files.list(root.resolve("greeter"))) {
            // no temporary files left behind by the atomic writes
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("app.json", v2.sha256() + ".jar", v3.sha256() + ".jar");
        }
    }

    @Test
    void otherBytesUnderAStoredVersionReplaceThatEntry() throws Exception {
        AppStore store = new AppStore(root);
        StoredVersion v1 = publish(store, "1.0.0", 5);
        StoredVersion v2 = publish(store, "2.0.0", 5);
        // a developer rebuilds 2.0.0 without bumping the version and publishes it again
        Path rebuilt = Archives.write(uploads, "rebuilt.jar", Archives.jar(Map.of("Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", "test.greeter", "Bundle-Version", "2.0.0", UploadInspector.APP_HEADER,
                "greeter"), Map.of("host.json", Archives.utf8("{\"version\":\"2.0\",\"functionTimeout\":\"00:01:00\"}"))));
        StoredVersion v2b = new StoredVersion("2.0.0", AppPublisher.sha256(rebuilt), Files.size(rebuilt),
                "2026-11-27T12:05:00Z", "_master", "bundle");
        assertThat(v2b.sha256()).isNotEqualTo(v2.sha256());

        StoredApp app = store.add("greeter", rebuilt, v2b, 5);

        assertThat(app.versions()).as("one entry per version, so ?version=2.0.0 names one artifact")
                .containsExactly(v2b, v1);
        assertThat(app.current()).isEqualTo(v2b.sha256());
        assertThat(store.artifact("greeter", v2.sha256())).isEmpty();
        assertThat(new AppStore(root).app("greeter").orElseThrow().versions()).containsExactly(v2b, v1);
    }

    @Test
    void theSameBytesAgainMoveToTheFrontInsteadOfAddingAVersion() throws Exception {
        AppStore store = new AppStore(root);
        StoredVersion v1 = publish(store, "1.0.0", 5);
        StoredVersion v2 = publish(store, "2.0.0", 5);
        StoredVersion again = publish(store, "1.0.0", 5);

        assertThat(again.sha256()).isEqualTo(v1.sha256());
        StoredApp app = store.app("greeter").orElseThrow();
        assertThat(app.versions()).containsExactly(again, v2);
        assertThat(app.current()).isEqualTo(v1.sha256());
    }

    @Test
    void makeCurrentIsPersisted() throws Exception {
        AppStore store = new AppStore(root);
        StoredVersion v1 = publish(store, "1.0.0", 5);
        publish(store, "2.0.0", 5);
        store.makeCurrent(store.app("greeter").orElseThrow(), v1.sha256());

        StoredApp reread = new AppStore(root).app("greeter").orElseThrow();
        assertThat(reread.current()).isEqualTo(v1.sha256());
        assertThat(reread.currentVersion().version()).isEqualTo("1.0.0");
    }

    @Test
    void aPlacementIsPersistedAndKeptByNewVersionsAndRollbacks() throws Exception {
        AppStore store = new AppStore(root);
        StoredVersion v1 = publish(store, "1.0.0", 5);
        assertThat(store.app("greeter").orElseThrow().placement()).as("never placed").isNull();
        assertThat(Files.readString(root.resolve("greeter/app.json"))).doesNotContain("placement");

        store.place(store.app("greeter").orElseThrow(), new StoredPlacement("blue", 2));
        publish(new AppStore(root), "2.0.0", 5);
        assertThat(new AppStore(root).app("greeter").orElseThrow().placement()).isEqualTo(new StoredPlacement("blue", 2));
        store.makeCurrent(store.app("greeter").orElseThrow(), v1.sha256());

        StoredApp reread = new AppStore(root).app("greeter").orElseThrow();
        assertThat(reread.current()).isEqualTo(v1.sha256());
        assertThat(reread.placement()).isEqualTo(new StoredPlacement("blue", 2));
    }

    @Test
    void removeDeletesTheAppAndItsFiles() throws Exception {
        AppStore store = new AppStore(root);
        publish(store, "1.0.0", 5);
        store.remove("greeter");

        assertThat(new AppStore(root).apps()).isEmpty();
        assertThat(Files.exists(root.resolve("greeter"))).isFalse();
    }

    @Test
    void artifactLookupRefusesNamesThatEscapeTheStore() {
        AppStore store = new AppStore(root);
        assertThat(store.artifact("../etc", "0".repeat(64))).isEmpty();
        assertThat(store.artifact("greeter", "../../x")).isEmpty();
        assertThat(AppStore.isValidName("..")).isFalse();
        assertThat(AppStore.isValidName("greeter-v1.2_x")).isTrue();
    }
}
