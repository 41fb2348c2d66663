export abstract class Shape {
    abstract readonly kind: string;
    abstract area(): number;
    describe(): string {
        return `${this.kind} with area ${this.area().toFixed(2)}`;
    }
}

export class Circle extends Shape {
    readonly kind = 'circle';
    constructor(private readonly r: number) {
        super();
    }
    area(): number {
        return Math.PI * this.r * this.r;
    }
}

export class Rect extends Shape {
    readonly kind = 'rect';
    constructor(private readonly w: number, private readonly h: number) {
        super();
    }
    area(): number {
        return this.w * this.h;
    }
}

/** Never imported by main.ts: tree shaking drops it. */
export class Triangle extends Shape {
    readonly kind = 'triangle';
    constructor(private readonly b: number, private readonly h: number) {
        super();
    }
    area(): number {
        return (this.b * this.h) / 2;
    }
}

export const totalArea = (shapes: readonly Shape[]): number => shapes.reduce((sum, s) => sum + s.area(), 0);
