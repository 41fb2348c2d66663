// The JavaScript host of longjmp.wasm: node longjmp-host.mjs MODULE.wasm N. invoke(i, n) calls
// table entry i with n and answers -1 when it threw; jump(n) throws. Prints run(N).
import { readFileSync } from 'node:fs';

const [file, n] = process.argv.slice(2);
let exports;
const imports = {
  env: {
    invoke(i, x) {
      try {
        return exports.table.get(i)(x);
      } catch (e) {
        if (e !== 'longjmp') throw e;
        return -1;
      }
    },
    jump() {
      throw 'longjmp';
    },
  },
};
exports = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), imports).exports;
console.log(String(exports.run(Number(n))));
