package io.fnhost.itests.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Maven as a child process on a project folder, the way a user runs it in a shell, and keeps what
 * it printed. Which {@code mvn}: system property {@code maven.home} (the Maven running this build, set by
 * the pom), else the environment variable {@code MAVEN_HOME}, else the first {@code mvn} on {@code PATH}.
 */
final class MavenBuild {

    /** What one run printed (stdout and stderr together) and how it ended. */
    record Result(List<String> command, int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** For assertion messages: the command and everything Maven printed. */
        String describe() {
            return String.join(" ", command) + " exited with " + exitCode + "; its output:\n" + output;
        }
    }

    private final Path executable;
    private final Path projectDir;
    private final Duration deadline;
    private final List<String> commonArguments = new ArrayList<>();

    private MavenBuild(Path executable, Path projectDir, Duration deadline) {
        this.executable = executable;
        this.projectDir = projectDir;
        this.deadline = deadline;
    }

    /** A Maven of this machine (see the class comment) for the project in {@code projectDir}. */
    static MavenBuild in(Path projectDir, Duration deadline) {
        return new MavenBuild(findMaven(), projectDir, deadline);
    }

    /** Arguments every run gets before its own ({@code -o}, {@code -s ...}, ...). */
    MavenBuild withArguments(String... arguments) {
        commonArguments.addAll(List.of(arguments));
        return this;
    }

    /**
     * Runs {@code mvn <common arguments> <arguments>} in the project folder with {@code environment}
     * added to this process's environment, and waits for it (killed, and a failure, after the deadline).
     */
    Result run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(commonArguments);
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(projectDir.getParent(), "mvn-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the test's own Maven invocation must not leak into the child's (Maven 3.9 reads MAVEN_ARGS)
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().putAll(environment);
        Process maven = builder.start();
        try {
            if (!maven.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                maven.descendants().forEach(ProcessHandle::destroyForcibly);
                maven.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + deadline
                        + "; its output so far:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            maven.descendants().forEach(ProcessHandle::destroyForcibly);
            maven.destroyForcibly();
            throw e;
        }
        return new Result(command, maven.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path findMaven() {
        return Stream.of(System.getProperty("maven.home"), System.getenv("MAVEN_HOME"))
                .filter(home -> home != null && !home.isBlank())
                .map(home -> Paths.get(home, "bin", "mvn"))
                .filter(Files::isExecutable)
                .findFirst()
                .or(MavenBuild::mavenOnPath)
                .orElseThrow(() -> new IllegalStateException("No Maven to run: set -Dmaven.home or MAVEN_HOME to a "
                        + "Maven installation, or put mvn on PATH"));
    }

    private static Optional<Path> mavenOnPath() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Paths.get(dir, "mvn"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
