// Generates TypeScript source (ours) for the parser/compiler hosts: classes, generics, enums,
// async functions, closures, template strings, destructuring. Deterministic for a seed.
import { xorshift } from './host.mjs';

const NAMES = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'river', 'stone', 'cloud', 'paper', 'wheel'];

/** About UNITS * 1.1 KB of TypeScript; plain JavaScript when TYPES is false. */
export function generateTypeScript(units, seed = 1, types = true) {
    const next = xorshift(seed);
    const pick = (a) => a[next() % a.length];
    const t = (s) => (types ? s : '');
    const out = [`// generated benchmark input, ${units} units\n`];
    if (types) {
        out.push('export enum Kind { A = 1, B, C }\n');
        out.push('export interface Item<T> { id: number; name: string; value: T; tags?: string[] }\n');
    }
    for (let u = 0; u < units; u++) {
        const n = `${pick(NAMES)}${u}`;
        const k = next() % 4;
        if (k === 0) {
            out.push(`export class ${n[0].toUpperCase()}${n.slice(1)}${t('<T extends number>')} {
    ${t('private ')}items${t(': Item<T>[]')} = [];
    constructor(${t('private readonly ')}limit${t(': number')} = ${next() % 100}) {
        ${types ? '' : 'this.limit = limit;'}
    }
    add(value${t(': T')}, name = '${n}')${t(': this')} {
        if (this.items.length < this.limit) this.items.push({ id: this.items.length, name, value });
        return this;
    }
    get total()${t(': number')} {
        return this.items.reduce((s, { value }) => s + Number(value), 0);
    }
    *[Symbol.iterator]() {
        for (const item of this.items) yield \`\${item.name}:\${item.value}\`;
    }
}
`);
        } else if (k === 1) {
            out.push(`export async function ${n}(xs${t(': number[]')}, f${t(': (x: number) => Promise<number>')})${t(': Promise<number>')} {
    let acc = ${next() % 1000};
    for (const [i, x] of xs.entries()) {
        try {
            acc += (await f(x)) * (i % 3 === 0 ? ${next() % 9 + 1} : -1);
        } catch (e) {
            acc ^= ${next() % 255};
        } finally {
            acc = acc | 0;
        }
    }
    return acc;
}
`);
        } else if (k === 2) {
            out.push(`export const ${n} = ${t('<K extends string, V>')}(entries${t(': [K, V][]')}, { skip = 0, take = ${next() % 50 + 1} }${t(' = {}')})${t(': Map<K, V>')} =>
    new Map(entries.slice(skip, skip + take).filter(([key]) => key.length > ${next() % 4}));
`);
        } else {
            out.push(`export function ${n}(a${t(': number')}, b${t(': number')} = ${next() % 10})${t(': { sum: number; text: string }')} {
    const table = [${Array.from({ length: 8 }, () => next() % 1000).join(', ')}];
    const sum = table.map((v, i) => (v * a + i * b) % ${next() % 97 + 3}).reduce((x, y) => x + y, 0);
    const text = \`${n}(\${a}, \${b}) = \${sum}\`;
    switch (sum % 3) {
        case 0: return { sum, text: text.toUpperCase() };
        case 1: return { sum: sum * 2, text };
        default: return { sum: -sum, text: text.split('').reverse().join('') };
    }
}
`);
        }
    }
    return out.join('\n');
}
