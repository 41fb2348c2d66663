// swc (Rust, wasm-bindgen nodejs target; @swc/wasm): parses, transforms TypeScript to ES2015
// and minifies generated sources and our esbuild inputs; prints a checksum of the output code.
//   node swc.mjs swc.wasm [UNITS]            (REPRISE_CORPUS_DIR = <cache>/corpus/swc)
import { inputBytes, intArg, requireNodeGlue, result, sha256 } from './lib/host.mjs';
import { generateTypeScript } from './lib/gen-code.mjs';

const units = intArg(0, 300);
const swc = requireNodeGlue('wasm.js', 'wasm_bg.wasm');
const sources = [generateTypeScript(units, 1), generateTypeScript(units / 2, 2),
    ...['main', 'shapes', 'util', 'matrix'].map((f) => inputBytes(`esbuild/${f}.ts`).toString('utf8'))];
const outputs = [];
let astNodes = 0;
for (const [i, src] of sources.entries()) {
    const ast = swc.parseSync(src, { syntax: 'typescript', target: 'es2022' });
    astNodes += ast.body.length;
    const es2015 = swc.transformSync(src, {
        filename: `input${i}.ts`,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2015' },
        module: { type: 'commonjs' },
        sourceMaps: false,
    });
    outputs.push(es2015.code);
    const min = swc.minifySync(es2015.code, { compress: { passes: 2 }, mangle: true });
    outputs.push(min.code);
}
result({ units, sources: sources.length, astNodes, bytes: outputs.reduce((n, o) => n + o.length, 0), sha256: sha256(...outputs) });
