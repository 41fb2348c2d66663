// SQLite (C, Emscripten; sql.js): builds a database of generated orders and customers, indexes
// it, runs aggregate, join, window and text queries; prints a checksum of every result row.
//   node sqljs.mjs sqljs.wasm [ROWS]         (REPRISE_CORPUS_DIR = <cache>/corpus/sqljs)
import { createRequire } from 'node:module';
import { corpusFile, intArg, result, sha256, wasmBytes, xorshift } from './lib/host.mjs';

const rows = intArg(0, 20000);
const initSqlJs = createRequire(import.meta.url)(corpusFile('dist/sql-wasm.js'));
const SQL = await initSqlJs({ wasmBinary: wasmBytes() });
const db = new SQL.Database();
const next = xorshift(42);
const WORDS = ['red', 'green', 'blue', 'apple', 'river', 'stone', 'cloud', 'paper', 'glass', 'wheel'];

db.run(`CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT, city INTEGER);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, amount REAL, item TEXT, day INTEGER);`);
db.run('BEGIN');
const insC = db.prepare('INSERT INTO customer VALUES (?, ?, ?)');
for (let i = 0; i < rows / 10; i++) {
    insC.run([i, `${WORDS[next() % 10]}-${WORDS[next() % 10]}-${i}`, next() % 50]);
}
insC.free();
const insO = db.prepare('INSERT INTO orders VALUES (?, ?, ?, ?, ?)');
for (let i = 0; i < rows; i++) {
    insO.run([i, next() % (rows / 10), (next() % 100000) / 100, WORDS[next() % 10], next() % 365]);
}
insO.free();
db.run('COMMIT');
db.run('CREATE INDEX orders_customer ON orders(customer); CREATE INDEX orders_day ON orders(day);');

const queries = [
    'SELECT count(*), sum(amount), min(amount), max(amount) FROM orders',
    'SELECT item, count(*), round(avg(amount), 2) FROM orders GROUP BY item ORDER BY item',
    `SELECT c.city, count(*) AS n, round(sum(o.amount), 2) FROM orders o JOIN customer c ON c.id = o.customer
       GROUP BY c.city ORDER BY n DESC, c.city LIMIT 10`,
    `SELECT customer, amount, rank() OVER (PARTITION BY customer ORDER BY amount DESC) AS r FROM orders
       WHERE customer < 20 ORDER BY customer, r, amount`,
    `SELECT day / 30 AS month, count(DISTINCT customer) FROM orders GROUP BY month ORDER BY month`,
    `SELECT name FROM customer WHERE name LIKE '%river%stone%' ORDER BY name`,
    `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000)
       SELECT sum(x * x) % 1000003 FROM n`,
];
const out = [];
let resultRows = 0;
for (const q of queries) {
    for (const r of db.exec(q)) {
        resultRows += r.values.length;
        out.push(JSON.stringify(r.values));
    }
}
db.close();
result({ rows, resultRows, sha256: sha256(...out) });
