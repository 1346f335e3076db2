package io.fnhost.core.internal.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class GetenvRewriterTest {
    private final GetenvRewriter rewriter = new GetenvRewriter(RecordingBridge.class.getName().replace('.', '/'));

    @BeforeEach
    void clearCalls() {
        RecordingBridge.CALLS.clear();
    }

    @Test
    void getenvCallsGoToTheBridgeWithTheCallingClass() throws Exception {
        Class<?> woven = weaveAndLoad(EnvReadingSample.class);
        assertThat(woven).isNotSameAs(EnvReadingSample.class);

        assertThat(call(woven, "greeting")).isEqualTo("bridged:Greeting");
        assertThat(call(woven, "all")).isEqualTo(Map.of("bridged", "true"));
        assertThat(RecordingBridge.CALLS).containsExactly("Greeting@" + EnvReadingSample.class.getName(),
                "*@" + EnvReadingSample.class.getName());
        // the class passed is the woven class itself, not a same-named one from another loader
        assertThat(woven.getName()).isEqualTo(EnvReadingSample.class.getName());
    }

    @Test
    void callsInLambdasAndBranchesAreWovenAndStillVerify() throws Exception {
        Class<?> woven = weaveAndLoad(EnvReadingSample.class);
        assertThat(call(woven, "greetingFromLambda")).isEqualTo("bridged:Greeting");
        Method firstOf = woven.getMethod("firstOf", String.class, String.class);
        assertThat(firstOf.invoke(null, "A", "B")).isEqualTo("bridged:A");
        assertThat(firstOf.invoke(null, null, "B")).isEqualTo("bridged:B");
        assertThat(RecordingBridge.CALLS).containsExactly("Greeting@" + EnvReadingSample.class.getName(),
                "A@" + EnvReadingSample.class.getName(), "B@" + EnvReadingSample.class.getName());
    }

    @Test
    void methodReferencesToGetenvGoToTheBridgeWithTheDeclaringClass() throws Exception {
        Class<?> woven = weaveAndLoad(EnvReadingSample.class);
        assertThat(call(woven, "greetingByReference")).isEqualTo("bridged:Greeting");
        assertThat(call(woven, "allByReference")).isEqualTo(Map.of("bridged", "true"));
        assertThat(RecordingBridge.CALLS).containsExactly("Greeting@" + EnvReadingSample.class.getName(),
                "*@" + EnvReadingSample.class.getName());
    }

    @Test
    void anInterfaceCanReferToGetenvToo() throws Exception {
        Class<?> woven = weaveAndLoad(EnvReadingInterface.class);
        assertThat(woven.getMethod("greeting").invoke(null)).isEqualTo("bridged:Greeting");
        assertThat(RecordingBridge.CALLS).containsExactly("Greeting@" + EnvReadingInterface.class.getName());
    }

    @Test
    void aClassThatNeverCallsGetenvIsLeftAlone() throws Exception {
        assertThat(rewriter.rewrite(bytesOf(GetenvRewriterTest.Untouched.class))).isNull();
    }

    @Test
    void aClassFileOlderThanJava5IsRefusedWithAReason() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V1_4, Opcodes.ACC_PUBLIC, "old/Reader", null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "read", "()Ljava/lang/String;", null, null);
        m.visitCode();
        m.visitLdcInsn("X");
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getenv", "(Ljava/lang/String;)Ljava/lang/String;", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        assertThatThrownBy(() -> rewriter.rewrite(w.toByteArray())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predates Java 5");
    }

    @Test
    void containsFindsABytePatternAnywhere() {
        byte[] needle = "getenv".getBytes();
        assertThat(GetenvRewriter.contains("xxgetenv".getBytes(), needle)).isTrue();
        assertThat(GetenvRewriter.contains("getenv".getBytes(), needle)).isTrue();
        assertThat(GetenvRewriter.contains("getenx getenv".getBytes(), needle)).isTrue();
        assertThat(GetenvRewriter.contains("getEnv".getBytes(), needle)).isFalse();
        assertThat(GetenvRewriter.contains("get".getBytes(), needle)).isFalse();
    }

    static final class Untouched {
        long now() {
            return System.nanoTime();
        }
    }

    private static Object call(Class<?> type, String method) throws Exception {
        return type.getMethod(method).invoke(null);
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Loads {@code type}'s woven bytes in a child loader that defines it (and only it) itself. */
    private Class<?> weaveAndLoad(Class<?> type) throws IOException, ClassNotFoundException {
        byte[] woven = rewriter.rewrite(bytesOf(type));
        assertThat(woven).as("woven bytes of " + type.getName()).isNotNull();
        return new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(type.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, woven, 0, woven.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        }.loadClass(type.getName());
    }
}
