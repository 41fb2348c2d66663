// Rollup's native parser (Rust: swc's parser + Rollup's AST buffer writer; wasm-bindgen nodejs
// target; @rollup/wasm-node): parses generated JavaScript into Rollup's binary AST and hashes
// chunks with its xxhash functions; prints a checksum of the AST buffers and hashes.
//   node rollup.mjs rollup.wasm [UNITS]      (REPRISE_CORPUS_DIR = <cache>/corpus/rollup)
import { intArg, requireNodeGlue, result, sha256 } from './lib/host.mjs';
import { generateTypeScript } from './lib/gen-code.mjs';

const units = intArg(0, 400);
const rollup = requireNodeGlue('dist/wasm-node/bindings_wasm.js', 'bindings_wasm_bg.wasm');
const parts = [];
let astBytes = 0;
for (let seed = 1; seed <= 4; seed++) {
    const js = generateTypeScript(units, seed, false);
    const ast = rollup.parse(js, false, false, false);
    astBytes += ast.length;
    parts.push(Buffer.from(ast.buffer, ast.byteOffset, ast.byteLength));
    const bytes = Buffer.from(js);
    parts.push(rollup.xxhashBase64Url(bytes), rollup.xxhashBase36(bytes), rollup.xxhashBase16(bytes));
}
result({ units, astBytes, sha256: sha256(...parts) });
