package dev.reprise.benchmarks.corpus;

/** Downloaded bytes do not have the digest the manifest or the registry promised. */
public class ChecksumMismatchException extends CorpusFetchException {
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String what, String algorithm, String expected, String actual) {
        super(algorithm + " mismatch for " + what + ": expected " + expected + ", got " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
