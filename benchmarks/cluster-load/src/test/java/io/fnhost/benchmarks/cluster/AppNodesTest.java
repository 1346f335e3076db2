package io.fnhost.benchmarks.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class AppNodesTest {

    private static AppNodes parse(String json) {
        return AppNodes.of(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void runningEverywhereWhenEveryNamedNodeRunsTheArtifact() {
        AppNodes nodes = parse("""
                {"name": "greeter", "nodes": [
                  {"node": "w1", "state": "RUNNING", "sha256": "ABC", "version": "2.0.0"},
                  {"node": "w2", "state": "RUNNING", "sha256": "abc", "version": "2.0.0"},
                  {"node": "w3", "state": "FAILED", "sha256": "abc", "version": "2.0.0"}]}""");
        assertTrue(nodes.runningEverywhere(List.of("w1", "w2"), "abc", "2.0.0"));
        assertEquals(2, nodes.running());
        assertFalse(nodes.none());
    }

    @Test
    void notRunningEverywhereWhileANodeDeploysRunsTheOldArtifactOrIsMissing() {
        assertFalse(parse("""
                {"nodes": [{"node": "w1", "state": "RUNNING", "sha256": "abc"},
                           {"node": "w2", "state": "DEPLOYING", "sha256": "abc"}]}""")
                .runningEverywhere(List.of("w1", "w2"), "abc", "2.0.0"));
        assertFalse(parse("""
                {"nodes": [{"node": "w1", "state": "RUNNING", "sha256": "abc"},
                           {"node": "w2", "state": "RUNNING", "sha256": "old"}]}""")
                .runningEverywhere(List.of("w1", "w2"), "abc", "2.0.0"));
        assertFalse(parse("""
                {"nodes": [{"node": "w1", "state": "RUNNING", "version": "1.0.0"}]}""")
                .runningEverywhere(List.of("w1"), "abc", "2.0.0"));
        assertFalse(parse("""
                {"nodes": [{"node": "w1", "state": "RUNNING", "sha256": "abc"}]}""")
                .runningEverywhere(List.of("w1", "w2"), "abc", "2.0.0"));
    }

    @Test
    void aNodeNamedByNameAndAnAnswerWithoutNodesAreUnderstood() {
        AppNodes byName = parse("""
                {"nodes": [{"name": "w1", "state": "RUNNING", "sha256": null}]}""");
        assertTrue(byName.runningEverywhere(List.of("w1"), "abc", "1.0.0"));
        assertEquals("w1:RUNNING", byName.toString());

        AppNodes standalone = AppNodes.of(new JsonObject());
        assertTrue(standalone.none());
        assertEquals(0, standalone.running());
        assertFalse(standalone.runningEverywhere(List.of("w1"), "abc", "1.0.0"));
    }
}
