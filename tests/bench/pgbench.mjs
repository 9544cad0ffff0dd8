// PostgreSQL's own speed on this machine, measured the same way each time, so the API's figures can be
// given as ratios to it (issue 14): runs on shared, noisy machines then compare.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Three inserts in one transaction (what creating a request commits at least) and a primary-key read, each for `seconds`. */
export async function pgbenchBaseline(serverUrl, { connections = 50, seconds = 5 } = {}) {
  const name = `pidtrymka_pgbench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const dir = mkdtempSync(join(tmpdir(), 'pidtrymka-pgbench-'));
  try {
    await db.query(`CREATE TABLE a (id bigserial PRIMARY KEY, t text, at timestamptz DEFAULT now());
                    CREATE TABLE b (id bigserial PRIMARY KEY, a_id bigint, t text);
                    CREATE TABLE c (id bigserial PRIMARY KEY, a_id bigint, payload jsonb);
                    CREATE TABLE r (id int PRIMARY KEY, t text);
                    INSERT INTO r SELECT i, md5(i::text) FROM generate_series(1, 100000) i`);
    await db.query(`VACUUM ANALYZE r`);
    const insert = join(dir, 'insert.sql');
    writeFileSync(insert, `BEGIN;\nINSERT INTO a (t) VALUES ('Проблема з підписом заявки');\nINSERT INTO b (a_id, t) VALUES (currval('a_id_seq'), 'Доброго дня');\nINSERT INTO c (a_id, payload) VALUES (currval('a_id_seq'), '{"template":"ticket_created"}');\nCOMMIT;\n`);
    const read = join(dir, 'read.sql');
    writeFileSync(read, `\\set id random(1, 100000)\nSELECT * FROM r WHERE id = :id;\n`);
    const run = (script) => {
      const out = execFileSync('pgbench', ['-n', '-M', 'prepared', '-c', String(connections), '-j', '2', '-T', String(seconds), '-f', script, url.toString()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const tps = /tps = ([\d.]+)/.exec(out);
      if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
      return Math.round(Number(tps[1]));
    };
    return { insertTps: run(insert), readTps: run(read) };
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
