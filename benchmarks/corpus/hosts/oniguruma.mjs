// Oniguruma (C, Emscripten; vscode-oniguruma, the regex engine of VS Code's TextMate
// highlighting): tokenizes our TypeScript inputs and words.txt with a scanner of TextMate-style
// patterns (lookbehind, backreferences, Unicode classes), the way a highlighter walks a line;
// prints the token count and a checksum of the match positions.
//   node oniguruma.mjs oniguruma.wasm [PASSES]   (REPRISE_CORPUS_DIR = <cache>/corpus/oniguruma)
import { createRequire } from 'node:module';
import { corpusFile, inputBytes, intArg, result, sha256, wasmBytes } from './lib/host.mjs';

const passes = intArg(0, 3);
const onig = createRequire(import.meta.url)(corpusFile('release/main.js'));
await onig.loadWASM(wasmBytes());
const PATTERNS = [
    '\\b(?:import|export|from|const|let|var|function|return|class|extends|new|if|else|for|while|of|in)\\b',
    '(?<![\\w$])[A-Z][A-Za-z0-9_]*(?=\\s*[<(.])',
    '"(?:[^"\\\\]|\\\\.)*"|\'(?:[^\'\\\\]|\\\\.)*\'|`(?:[^`\\\\]|\\\\.)*`',
    '//.*$|/\\*[\\s\\S]*?\\*/',
    '\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b',
    '(\\w+)\\s+\\1\\b',
    '[=!<>]=?=?|=>|\\?\\?=?|&&|\\|\\||[-+*/%]=?',
    '\\p{Lu}\\p{Ll}+',
    '[{}()\\[\\];,.:]',
];
const scanner = onig.createOnigScanner(PATTERNS);
const sources = ['esbuild/main.ts', 'esbuild/shapes.ts', 'esbuild/util.ts', 'esbuild/matrix.ts', 'words.txt'];
const lines = sources.flatMap((s) => inputBytes(s).toString('utf8').split('\n'));
const positions = new Int32Array(1 << 16);
const hashParts = [];
let n = 0;
let tokens = 0;
for (let p = 0; p < passes; p++) {
    for (const line of lines) {
        const str = onig.createOnigString(line);
        let pos = 0;
        while (pos <= line.length) {
            const m = scanner.findNextMatchSync(str, pos);
            if (!m) {
                break;
            }
            const c = m.captureIndices[0];
            positions[n++] = (m.index << 24) ^ (c.start << 8) ^ c.length;
            if (n === positions.length) {
                hashParts.push(new Uint8Array(positions.buffer).slice());   // a copy
                n = 0;
            }
            tokens++;
            pos = c.end > pos ? c.end : pos + 1;
        }
        str.dispose();
    }
}
hashParts.push(new Uint8Array(positions.buffer, 0, n * 4));
scanner.dispose();
result({ passes, lines: lines.length, tokens, sha256: sha256(...hashParts) });
