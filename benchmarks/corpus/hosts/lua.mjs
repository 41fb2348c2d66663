// Lua 5.4 (C, Emscripten; wasmoon): runs a fixed Lua workload (inputs/lua-work.lua: tables,
// sorting, string patterns, coroutines, metatables, floating point) and prints its result.
//   node lua.mjs lua.wasm [SCALE]            (REPRISE_CORPUS_DIR = <cache>/corpus/lua)
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { corpusFile, inputBytes, intArg, result, sha256, wasmPath } from './lib/host.mjs';

const scale = intArg(0, 2);
const { LuaFactory } = createRequire(import.meta.url)(corpusFile('dist/index.js'));
// wasmoon's glue reads the module from the path it is given: the module of argv[2].
const factory = new LuaFactory(resolve(wasmPath()));
const lua = await factory.createEngine();
lua.global.set('SCALE', scale);
const text = await lua.doString(inputBytes('lua-work.lua').toString('utf8'));
lua.global.close();
result({ scale, result: JSON.stringify(text), sha256: sha256(String(text)) });
