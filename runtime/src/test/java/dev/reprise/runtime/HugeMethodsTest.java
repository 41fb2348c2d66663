package dev.reprise.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HugeMethods} reads the JVM's setting: a fresh JVM with and without the option. */
class HugeMethodsTest {
    /** Prints {@link HugeMethods#leftInterpreted()} (run in the child JVMs). */
    public static void main(String[] args) {
        System.out.print(HugeMethods.leftInterpreted());
    }

    private static String child(String... options) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HugeMethodsTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void hotSpotsDefaultLeavesHugeMethodsInterpreted() throws Exception {
        assertEquals("true", child());
    }

    @Test
    void theOptionLetsThemCompile() throws Exception {
        assertEquals("false", child(HugeMethods.JVM_OPTION));
    }
}
