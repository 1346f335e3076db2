package io.fnhost.core.internal.env;

import java.nio.charset.StandardCharsets;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a class's calls {@code System.getenv(String)} and {@code System.getenv()} into calls of a
 * bridge class's static {@code getenv(String, Class)} and {@code getenv(Class)}, pushing the calling class
 * as the last argument. Nothing else in the class changes: the pushed class sits on the stack only between
 * two adjacent instructions, so the stack map frames stay valid and only the maximum stack size is
 * recomputed (which needs no class loading). A method reference {@code System::getenv} becomes a
 * reference to a small synthetic static method added to the class, which calls the bridge the same way.
 * <p>
 * Not covered: reflective calls ({@code System.class.getMethod("getenv", ...)}); they read the node's
 * environment.
 */
final class GetenvRewriter {
    private static final String SYSTEM = "java/lang/System";
    private static final String GETENV = "getenv";
    private static final String GETENV_NAME = "(Ljava/lang/String;)Ljava/lang/String;";
    private static final String GETENV_ALL = "()Ljava/util/Map;";
    private static final byte[] GETENV_BYTES = GETENV.getBytes(StandardCharsets.US_ASCII);
    private static final String BRIDGE_NAME = "(Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/String;";
    private static final String BRIDGE_ALL = "(Ljava/lang/Class;)Ljava/util/Map;";
    /** The synthetic methods that {@code System::getenv} references are redirected to. */
    static final String REFERENCE_NAME = "fnhost$getenv$name";
    static final String REFERENCE_ALL = "fnhost$getenv$all";

    private final String bridge;

    /** @param bridge internal name of the bridge class, e.g. {@code io/fnhost/core/env/AppEnvironment} */
    GetenvRewriter(String bridge) {
        this.bridge = bridge;
    }

    /**
     * The rewritten class, or {@code null} when it calls no {@code System.getenv}.
     *
     * @throws IllegalArgumentException when the class calls it but cannot be rewritten (bytecode older
     *         than Java 5 cannot load a class constant), or is not a valid class file
     */
    byte[] rewrite(byte[] classFile) {
        // Most classes never name getenv: skip parsing them.
        if (!contains(classFile, GETENV_BYTES)) {
            return null;
        }
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        CallSiteRewriter rewriter = new CallSiteRewriter(writer);
        reader.accept(rewriter, 0);
        return rewriter.rewritten ? writer.toByteArray() : null;
    }

    private final class CallSiteRewriter extends ClassVisitor {
        private Type self;
        private int version;
        private boolean isInterface;
        private boolean referencesName;
        private boolean referencesAll;
        boolean rewritten;

        CallSiteRewriter(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.version = version & 0xFFFF;
            this.self = Type.getObjectType(name);
            this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    boolean getenv = opcode == Opcodes.INVOKESTATIC && SYSTEM.equals(owner) && GETENV.equals(method);
                    if (getenv && (GETENV_NAME.equals(desc) || GETENV_ALL.equals(desc))) {
                        requireClassConstants();
                        super.visitLdcInsn(self);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, bridge, GETENV,
                                GETENV_NAME.equals(desc) ? BRIDGE_NAME : BRIDGE_ALL, false);
                        rewritten = true;
                        return;
                    }
                    super.visitMethodInsn(opcode, owner, method, desc, itf);
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                    Object[] redirected = arguments.clone();
                    for (int i = 0; i < redirected.length; i++) {
                        if (redirected[i] instanceof Handle h && h.getTag() == Opcodes.H_INVOKESTATIC
                                && SYSTEM.equals(h.getOwner()) && GETENV.equals(h.getName())) {
                            if (GETENV_NAME.equals(h.getDesc())) {
                                referencesName = true;
                                redirected[i] = new Handle(Opcodes.H_INVOKESTATIC, self.getInternalName(), REFERENCE_NAME,
                                        GETENV_NAME, isInterface);
                            } else if (GETENV_ALL.equals(h.getDesc())) {
                                referencesAll = true;
                                redirected[i] = new Handle(Opcodes.H_INVOKESTATIC, self.getInternalName(), REFERENCE_ALL,
                                        GETENV_ALL, isInterface);
                            }
                        }
                    }
                    super.visitInvokeDynamicInsn(name, descriptor, bootstrap, redirected);
                }
            };
        }

        @Override
        public void visitEnd() {
            if (referencesName) {
                addReferenceTarget(REFERENCE_NAME, GETENV_NAME, BRIDGE_NAME);
            }
            if (referencesAll) {
                addReferenceTarget(REFERENCE_ALL, GETENV_ALL, BRIDGE_ALL);
            }
            super.visitEnd();
        }

        /** A static method with getenv's signature that calls the bridge with this class. */
        private void addReferenceTarget(String name, String descriptor, String bridgeDescriptor) {
            requireClassConstants();
            // Interfaces may have private methods only from Java 9 (class file 53) on.
            int visibility = isInterface && version < Opcodes.V9 ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE;
            MethodVisitor m = super.visitMethod(visibility | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, name,
                    descriptor, null, null);
            m.visitCode();
            if (GETENV_NAME.equals(descriptor)) {
                m.visitVarInsn(Opcodes.ALOAD, 0);
            }
            m.visitLdcInsn(self);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, bridge, GETENV, bridgeDescriptor, false);
            m.visitInsn(Opcodes.ARETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
            rewritten = true;
        }

        private void requireClassConstants() {
            if (version < Opcodes.V1_5) {
                throw new IllegalArgumentException("class file version " + version
                        + " predates Java 5 and cannot pass its own class to the bridge");
            }
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
