// QuickJS (C, Emscripten; @jitl/quickjs-wasmfile-release-sync): evaluates a fixed JavaScript
// workload (inputs/quickjs-work.js: sieve, sorting, JSON, string building, closures) inside the
// wasm engine through the package's glue and FFI, prints the result string and its checksum.
//   node quickjs.mjs quickjs.wasm [SCALE]    (REPRISE_CORPUS_DIR = <cache>/corpus/quickjs)
import { fail, importCorpusFile, inputBytes, intArg, result, sha256, wasmBytes } from './lib/host.mjs';

const scale = intArg(0, 3);
const { default: QuickJSRaw } = await importCorpusFile('dist/emscripten-module.mjs');
const { QuickJSFFI } = await importCorpusFile('dist/ffi.mjs');
const module = await QuickJSRaw({ wasmBinary: wasmBytes() });
const ffi = new QuickJSFFI(module);

const rt = ffi.QTS_NewRuntime();
const ctx = ffi.QTS_NewContext(rt, 0);
const code = `const SCALE = ${scale};\n` + inputBytes('quickjs-work.js').toString('utf8');
const size = module.lengthBytesUTF8(code) + 1;
const codePtr = module._malloc(size);
module.stringToUTF8(code, codePtr, size);
const value = ffi.QTS_Eval(ctx, codePtr, size - 1, 'work.js', 0, 0);
module._free(codePtr);
const error = ffi.QTS_ResolveException(ctx, value);
if (error !== 0) {
    const dump = ffi.QTS_Dump(ctx, error);
    fail(`the workload threw: ${module.UTF8ToString(dump)}`);
}
const strPtr = ffi.QTS_GetString(ctx, value);
const text = module.UTF8ToString(strPtr);
ffi.QTS_FreeCString(ctx, strPtr);
ffi.QTS_FreeValuePointer(ctx, value);
ffi.QTS_FreeContext(ctx);
ffi.QTS_FreeRuntime(rt);
result({ scale, result: text, sha256: sha256(text) });
