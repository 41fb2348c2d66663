// Entry point of the esbuild benchmark input (our own code): bundled, minified, tree-shaken.
import { Circle, Rect, Shape, totalArea } from './shapes';
import { chunk, groupBy, memo, range } from './util';
import { Matrix } from './matrix';

export enum Mode { Fast = 'fast', Careful = 'careful' }

export interface Report<T> {
    readonly title: string;
    rows: T[];
    mode: Mode;
}

const shapes: Shape[] = range(0, 200).map((i) => (i % 3 === 0 ? new Circle(i / 10) : new Rect(i, i / 2 + 1)));

export function report(mode: Mode = Mode.Fast): Report<[string, number]> {
    const groups = groupBy(shapes, (s) => s.kind);
    const rows: [string, number][] = Object.entries(groups).map(([k, v]) => [k, totalArea(v)]);
    return { title: `shapes (${mode})`, rows, mode };
}

export const fib = memo((n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2)));

export function matrixDemo(size: number): number {
    const a = Matrix.identity(size).scale(2);
    const b = Matrix.from(range(0, size).map((i) => range(0, size).map((j) => i + j)));
    return a.multiply(b).trace();
}

export function batches<T>(items: T[], size: number): number {
    return chunk(items, size).filter((c) => c.length === size).length;
}

console.log(report().rows.length, fib(40), matrixDemo(8), batches(shapes, 7));
