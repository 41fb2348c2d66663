package dev.reprise.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.benchmarks.bench.BenchResults;
import dev.reprise.benchmarks.bench.Figures;
import dev.reprise.benchmarks.bench.ProgramResult;
import dev.reprise.benchmarks.bench.internal.ProgramPipeline;
import dev.reprise.benchmarks.bench.internal.Replays;
import dev.reprise.cli.ExitCode;
import dev.reprise.cli.Files2;
import dev.reprise.cli.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reprise bench --export DIR}: each verified replay module as {@code DIR/NAME.wasm}, with
 * {@code DIR/NAME.json} (provenance: program, source, licence, trace hash, reprise version; the
 * expected end and SHA-256 of memory 0 after {@code _start}) and {@code DIR/check.mjs}, which runs
 * every exported module under node with an empty import object and checks it against its JSON.
 * The modules import nothing: any engine runs them ({@code wasmtime run --invoke _start NAME.wasm}).
 */
public final class Exporter {
    /** The node checker written beside the modules. */
    public static final String CHECKER = "check.mjs";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Exporter() {
    }

    /** Exports the verified programs of {@code results} from their work folders; returns their names. */
    public static List<String> export(BenchResults results, Path workDir, Path dir) {
        List<String> done = new ArrayList<>();
        String version = results.runs().isEmpty() ? null : results.runs().get(0).reprise();
        for (ProgramResult p : results.programs()) {
            Path replay = workDir.resolve(p.name()).resolve(ProgramPipeline.REPLAY_FILE);
            if (p.status() != ProgramResult.Status.VERIFIED || !Files.isRegularFile(replay)) {
                continue;
            }
            byte[] wasm = Files2.read(replay);
            Figures f = p.figures();
            ObjectNode j = JSON.createObjectNode();
            j.put("program", p.name());
            j.put("description", p.description());
            j.put("source", p.source());
            j.put("licence", p.licence());
            j.put("provenance", p.provenance());
            j.put("host", p.host());
            j.put("reprise", version);
            j.put("traceSha256", f.traceSha256());
            j.put("replaySha256", Replays.sha256(wasm));
            j.put("verification", p.verification());
            ObjectNode expect = j.putObject("expect");
            String end = f.replayEnd() == null ? "return" : f.replayEnd();
            expect.put("end", end.startsWith("trap in ") ? "trap" : "return");
            if (end.startsWith("trap in ")) {
                expect.put("trapIn", end.substring("trap in ".length()));
            }
            expect.put("memorySha256", f.replayMemorySha256() != null ? f.replayMemorySha256() : f.nodeMemorySha256());
            j.put("originalOutputSha256", f.outputSha256());
            j.put("run", "node " + CHECKER + " " + p.name() + ".wasm");
            Files2.writeAtomically(dir.resolve(p.name() + ".wasm"), wasm);
            try {
                Files2.writeAtomically(dir.resolve(p.name() + ".json"), JSON.writeValueAsBytes(j));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            done.add(p.name());
        }
        try (InputStream in = Exporter.class.getResourceAsStream(CHECKER)) {
            if (in == null) {
                throw new IllegalStateException(CHECKER + " is missing from the jar");
            }
            Files2.writeAtomically(dir.resolve(CHECKER), in.readAllBytes());
        } catch (IOException e) {
            throw new UserError(ExitCode.CANNOT_WRITE, dir.resolve(CHECKER) + ": " + e.getMessage());
        }
        return done;
    }
}
