package io.fnhost.timer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.fnhost.spi.ScheduleStatusDTO;
import io.fnhost.spi.ScheduleStatusStore;

/**
 * The node-local {@link ScheduleStatusStore}: one JSON file per function,
 * {@code <directory>/<app>/<function>.json} with {@code {"Last":...,"Next":...,"LastUpdated":...}}
 * (ISO-8601 instants, {@code null} for never), replaced atomically (written to a temporary file in the
 * same folder, then moved over the old one). Ranking 0, so a cluster-wide store can take over.
 */
@Component(service = ScheduleStatusStore.class, configurationPid = FileScheduleStatusStore.PID,
        property = Constants.SERVICE_RANKING + ":Integer=0")
@Designate(ocd = FileScheduleStatusStore.Config.class)
public final class FileScheduleStatusStore implements ScheduleStatusStore {
    static final String PID = "io.fnhost.timer.FileScheduleStatusStore";
    private static final Logger LOG = LoggerFactory.getLogger(FileScheduleStatusStore.class);

    @ObjectClassDefinition(id = PID, name = "fnhost timer schedule status (files)",
            description = "Where a standalone node records the schedule status of timer functions that use the monitor.")
    public @interface Config {
        @AttributeDefinition(name = "Directory", description = "Folder of the status files (<app>/<function>.json). "
                + "Empty means ${karaf.data}/fnhost/timers.")
        String directory() default "";
    }

    private final Path root;

    @Activate
    public FileScheduleStatusStore(BundleContext context, Config config) {
        this(directory(context, config.directory()));
    }

    FileScheduleStatusStore(Path root) {
        this.root = root;
    }

    private static Path directory(BundleContext context, String configured) {
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured.trim());
        }
        String karafData = context.getProperty("karaf.data");
        if (karafData == null) {
            throw new IllegalStateException("No folder for timer schedule status: the framework has no karaf.data "
                    + "property; set 'directory' in configuration " + PID);
        }
        return Paths.get(karafData, "fnhost", "timers");
    }

    Path file(String app, String function) {
        return root.resolve(segment(app)).resolve(segment(function) + ".json");
    }

    /** A name as one safe path segment (no separators, no "." or ".."). */
    private static String segment(String name) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8);
        return encoded.startsWith(".") ? "%2E" + encoded.substring(1) : encoded;
    }

    @Override
    public ScheduleStatusDTO read(String app, String function) {
        Path file = file(app, function);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            ScheduleStatusDTO status = new ScheduleStatusDTO();
            status.last = instant(json.get("Last"));
            status.next = instant(json.get("Next"));
            status.lastUpdated = instant(json.get("LastUpdated"));
            return status;
        } catch (JsonParseException | IllegalStateException | DateTimeParseException e) {
            LOG.warn("Timer schedule status {} is not readable ({}); the timer starts afresh", file, e.getMessage());
            return null;
        }
    }

    private static Instant instant(JsonElement value) {
        return value == null || value.isJsonNull() ? null : Instant.parse(value.getAsString());
    }

    @Override
    public void write(String app, String function, ScheduleStatusDTO status) {
        Path file = file(app, function);
        JsonObject json = new JsonObject();
        json.addProperty("Last", status.last == null ? null : status.last.toString());
        json.addProperty("Next", status.next == null ? null : status.next.toString());
        json.addProperty("LastUpdated", status.lastUpdated == null ? null : status.lastUpdated.toString());
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, json.toString(), StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
