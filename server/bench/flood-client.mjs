/* global process, fetch, performance */
// A flood of verification uploads from many client addresses, run in its own process so the
// load generator does not share an event loop with the quiz measurement beside it.
// Usage: node flood-client.mjs <verify url> <pdf file> <lanes> <seconds>; prints a JSON summary.
import { readFileSync } from 'node:fs';

const [url, file, lanes, seconds] = process.argv.slice(2);
const body = readFileSync(file);
const accepted = [];
const refused = [];
const retryAfter = new Set();
let rateLimited = 0;
let other = 0;
const end = Date.now() + Number(seconds) * 1000;
await Promise.all(
  Array.from({ length: Number(lanes) }, async (_, lane) => {
    for (let i = 0; Date.now() < end; i++) {
      const started = performance.now();
      const res = await fetch(url, { method: 'POST', body, headers: { 'x-forwarded-for': `10.${lane}.${(i >> 8) & 255}.${i & 255}` } });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status === 200) accepted.push(ms);
      else if (res.status === 503) {
        refused.push(ms);
        retryAfter.add(Number(res.headers.get('retry-after')));
      } else if (res.status === 429) rateLimited++;
      else other++;
    }
  })
);
process.stdout.write(JSON.stringify({ accepted, refused, retryAfter: [...retryAfter], rateLimited, other }));
