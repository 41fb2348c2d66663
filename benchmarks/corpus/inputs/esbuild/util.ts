export function range(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = from; i < to; i++) out.push(i);
    return out;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

export function groupBy<T, K extends string>(items: readonly T[], key: (t: T) => K): Record<K, T[]> {
    const out = {} as Record<K, T[]>;
    for (const item of items) {
        const k = key(item);
        (out[k] ??= []).push(item);
    }
    return out;
}

export function memo<A extends string | number, R>(f: (a: A) => R): (a: A) => R {
    const cache = new Map<A, R>();
    return (a: A) => {
        if (!cache.has(a)) cache.set(a, f(a));
        return cache.get(a)!;
    };
}

export function unused(): string {
    return 'dropped by tree shaking';
}
