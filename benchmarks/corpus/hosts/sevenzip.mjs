// 7-Zip (C++, Emscripten + WASI imports; 7z-wasm): runs the 7zz command line over an in-memory
// file system: archives inputs/data and words.txt as 7z (LZMA2), zip (deflate) and tar.xz,
// tests and extracts each archive, compares the files; prints a checksum of the archives.
// Timestamps are left out of the archives (-mtm-/-mtc-/-mta-) so that they are reproducible.
//   node sevenzip.mjs 7z.wasm [LEVEL]        (REPRISE_CORPUS_DIR = <cache>/corpus/7z)
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { corpusFile, fail, inputBytes, inputPath, intArg, result, sha256, wasmBytes } from './lib/host.mjs';

const level = intArg(0, 5);
const SevenZip = createRequire(import.meta.url)(corpusFile('7zz.umd.js'));
let output = '';
const sz = await SevenZip({
    wasmBinary: wasmBytes(),
    print: (line) => { output += line + '\n'; },
    printErr: (line) => { output += line + '\n'; },
});
const files = ['words.txt', ...readdirSync(inputPath('data')).filter((f) => f.endsWith('.txt')).sort().map((f) => `data/${f}`)];
sz.FS.mkdir('/in');
sz.FS.mkdir('/in/data');
for (const f of files) {
    sz.FS.writeFile(`/in/${f}`, inputBytes(f));
}
sz.FS.chdir('/in');

function run(args) {
    output = '';
    const code = sz.callMain(args);
    if (code !== 0 && code !== undefined) {
        fail(`7zz ${args.join(' ')} exited with ${code}:\n${output}`);
    }
}

const archives = [];
const noTimes = ['-mtm-', '-mtc-', '-mta-'];
for (const [name, args] of [
    ['/out.7z', ['-t7z', `-mx=${level}`, '-m0=lzma2', ...noTimes]],
    ['/out.zip', ['-tzip', `-mx=${level}`, '-mm=deflate', '-mtc=off', '-mcl=off', '-mtm=off']],
    ['/out.tar', ['-ttar', ...noTimes]],
]) {
    run(['a', '-bd', '-y', ...args, name, ...files]);
    run(['t', '-bd', name]);
    archives.push(sz.FS.readFile(name));
}
run(['a', '-bd', '-y', '-txz', `-mx=${level}`, '/out.tar.xz', '/out.tar']);
archives.push(sz.FS.readFile('/out.tar.xz'));
for (const name of ['/out.7z', '/out.zip', '/out.tar.xz']) {
    const dir = `/x${name.replace(/\W/g, '')}`;
    run(['x', '-bd', '-y', `-o${dir}`, name]);
}
for (const f of files) {
    if (Buffer.compare(Buffer.from(sz.FS.readFile(`/xout7z/${f}`)), inputBytes(f)) !== 0) {
        fail(`${f}: the extracted copy differs`);
    }
}
result({ level, files: files.length, sizes: archives.map((a) => a.length).join('/'), sha256: sha256(...archives) });
