export class Matrix {
    private constructor(private readonly cells: number[][]) {}

    static identity(n: number): Matrix {
        return new Matrix(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))));
    }

    static from(rows: number[][]): Matrix {
        return new Matrix(rows.map((r) => [...r]));
    }

    get size(): number {
        return this.cells.length;
    }

    scale(k: number): Matrix {
        return new Matrix(this.cells.map((r) => r.map((x) => x * k)));
    }

    multiply(other: Matrix): Matrix {
        const n = this.size;
        const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        for (let i = 0; i < n; i++)
            for (let k = 0; k < n; k++)
                for (let j = 0; j < n; j++) out[i][j] += this.cells[i][k] * other.cells[k][j];
        return new Matrix(out);
    }

    trace(): number {
        return this.cells.reduce((s, r, i) => s + r[i], 0);
    }
}
