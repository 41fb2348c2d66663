// Module hooks installed by esm-wasm.mjs (they run on node's loader thread). See there.
import { readFileSync } from 'node:fs';

let dirUrl = null;
let wasmFile = null;

export async function initialize(data) {
    dirUrl = data.dirUrl;
    wasmFile = data.wasmFile;
}

function inCorpus(url) {
    return dirUrl !== null && url.startsWith(dirUrl);
}

export async function resolve(specifier, context, nextResolve) {
    if (specifier.endsWith('.wasm') && context.parentURL && inCorpus(context.parentURL)) {
        // The package's .wasm file is not cached (argv[2] stands in for it): do not look for it.
        return { url: new URL(specifier, context.parentURL).href, format: 'module', shortCircuit: true };
    }
    const r = await nextResolve(specifier, context);
    if (inCorpus(r.url) && r.url.endsWith('.js')) {
        return { ...r, format: 'module' };
    }
    return r;
}

export async function load(url, context, nextLoad) {
    if (inCorpus(url) && url.endsWith('.wasm')) {
        return { format: 'module', source: instantiatingModule(), shortCircuit: true };
    }
    return nextLoad(url, context);
}

/** An ES module that instantiates the module of argv[2] and re-exports its exports. */
function instantiatingModule() {
    const module = new WebAssembly.Module(readFileSync(wasmFile));
    const importModules = [...new Set(WebAssembly.Module.imports(module).map((i) => i.module))];
    const exportNames = WebAssembly.Module.exports(module).map((e) => e.name);
    const q = JSON.stringify;
    const lines = [`import { readFileSync } from 'node:fs';`];
    importModules.forEach((m, i) => lines.push(`import * as i${i} from ${q(m)};`));
    lines.push(`const module = new WebAssembly.Module(readFileSync(${q(wasmFile)}));`);
    lines.push(`const instance = new WebAssembly.Instance(module, {${importModules.map((m, i) => `${q(m)}: i${i}`).join(', ')}});`);
    lines.push(`const e = instance.exports;`);
    exportNames.forEach((n, i) => lines.push(`const x${i} = e[${q(n)}];`));
    lines.push(`export { ${exportNames.map((n, i) => `x${i} as ${q(n)}`).join(', ')} };`);
    return lines.join('\n');
}
