// Loads wasm-bindgen "bundler" glue (ES modules that `import * as wasm from './x_bg.wasm'`) with
// the module bytes of argv[2] instead of the package's own .wasm file.
//
// Node 20 cannot import .wasm without --experimental-wasm-modules, and would then read the
// package's file. registerWasmEsm() installs module hooks (esm-wasm-hooks.mjs) that, for files
// under the binary's cache folder only: treat .js files as ES modules (the packages rarely say
// "type": "module"), and answer an import of any .wasm file with a small generated ES module that
// instantiates MODULE.wasm with `new WebAssembly.Instance` (so a recorder that patches the
// WebAssembly API sees it), taking its imports from the glue modules it names and re-exporting
// its exports - what the ES module integration of WebAssembly would do.
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusDir, wasmPath, corpusFile } from './host.mjs';

let registered = false;

/** Installs the hooks (once) for the binary's cache folder and the module of argv[2]. */
export function registerWasmEsm() {
    if (!registered) {
        const dir = pathToFileURL(corpusDir() + '/').href;
        register(new URL('./esm-wasm-hooks.mjs', import.meta.url), {
            data: { dirUrl: dir, wasmFile: resolve(wasmPath()) },
        });
        registered = true;
    }
}

/** Imports a glue file of the binary's cache folder through the hooks (as an ES module, whatever its package says). */
export async function importEsmGlue(relative) {
    registerWasmEsm();
    return import(pathToFileURL(corpusFile(relative)).href);
}
