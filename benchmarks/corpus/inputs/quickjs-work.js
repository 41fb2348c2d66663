// A fixed JavaScript workload for the QuickJS host (benchmarks/corpus/hosts/quickjs.mjs).
// SCALE is defined by the host. The value of the last expression is the result.
(function () {
    let h = 2166136261 >>> 0;
    const mix = (x) => {
        h = Math.imul(h ^ (x & 0xff), 16777619) >>> 0;
        h = Math.imul(h ^ ((x >>> 8) & 0xff), 16777619) >>> 0;
    };
    // sieve of Eratosthenes
    const n = 60000 * SCALE;
    const composite = new Uint8Array(n + 1);
    let primes = 0;
    for (let i = 2; i <= n; i++) {
        if (!composite[i]) {
            primes++;
            mix(i);
            for (let j = i * i; j <= n; j += i) composite[j] = 1;
        }
    }
    // sorting objects with a comparator
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff);
    const people = [];
    for (let i = 0; i < 8000 * SCALE; i++) {
        people.push({ id: i, age: rand() % 90, name: 'p' + (rand() % 100000).toString(36) });
    }
    people.sort((a, b) => a.age - b.age || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
    for (let i = 0; i < people.length; i += 97) mix(people[i].id);
    // JSON round trips
    const json = JSON.stringify(people.slice(0, 2000));
    for (let k = 0; k < SCALE * 4; k++) {
        const back = JSON.parse(json);
        mix(back.length + back[k].age);
    }
    // string building and regular expressions
    const parts = [];
    for (let i = 0; i < 20000 * SCALE; i++) parts.push((i * 7919).toString(16));
    const s = parts.join(',');
    const matches = s.match(/[a-f]{3,}/g).length;
    mix(matches);
    // closures and a Map
    const counts = new Map();
    for (const p of people) counts.set(p.age, (counts.get(p.age) || 0) + 1);
    let maxAge = 0;
    counts.forEach((v, k) => { if (v > (counts.get(maxAge) || 0)) maxAge = k; });
    mix(maxAge);
    return `primes=${primes},matches=${matches},json=${json.length},mode=${maxAge},h=${h.toString(16)}`;
})();
