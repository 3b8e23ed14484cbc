/* global process */
// One share of the discussion bench's connected learners, on a thread of its own: each socket
// watches its lesson and every arrival is stamped here. Its own thread and heap keep the
// receivers' collections and backlog out of the thread that issues the posts (and so out of
// the request start times), and the arrivals are kept in typed arrays, not 100,000s of objects.
// workerData: { url, origin, members: [{ cookie, courseId, lessonId }] }
// Message in: 'stop' (stop recording, send the arrivals back); the thread is then terminated.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, origin, members } = workerData;
const names = new Map();
const nameList = [];
const intern = (name) => {
  let id = names.get(name);
  if (id === undefined) {
    id = nameList.push(name) - 1;
    names.set(name, id);
  }
  return id;
};

/** Arrivals as columns: key id, arrival time, server send stamp, kind id. */
function columns() {
  let size = 0;
  let cols = [new Int32Array(1 << 15), new Float64Array(1 << 15), new Float64Array(1 << 15), new Int32Array(1 << 15)];
  return {
    push(key, at, sentAt, kind) {
      if (size === cols[0].length) {
        cols = cols.map((c) => {
          const bigger = new c.constructor(c.length * 2);
          bigger.set(c);
          return bigger;
        });
      }
      cols[0][size] = intern(key);
      cols[1][size] = at;
      cols[2][size] = sentAt;
      cols[3][size] = intern(kind);
      size++;
    },
    take: () => ({ size, key: cols[0], at: cols[1], sentAt: cols[2], kind: cols[3] })
  };
}
const changed = columns();
const notified = columns();
let recording = true;
const sockets = [];

for (let i = 0; i < members.length; i += 200) {
  const batch = members.slice(i, i + 200).map(
    (m) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { cookie: m.cookie, origin } });
        ws.on('message', (data) => {
          if (!recording) return;
          const at = Date.now();
          const e = JSON.parse(String(data));
          if (e.type === 'discussion.changed') changed.push(e.postId ?? e.threadId, at, e.at, '');
          else if (e.type === 'discussion.notify') notified.push(e.postId ?? e.threadId, at, e.at, e.kind ?? '');
        });
        ws.once('open', () => {
          ws.send(JSON.stringify({ type: 'discussion.watch', courseId: m.courseId, lessonId: m.lessonId }));
          resolve(ws);
        });
        ws.once('error', reject);
      })
  );
  try {
    sockets.push(...(await Promise.all(batch)));
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
}
parentPort.postMessage({ ready: sockets.length });

parentPort.on('message', (message) => {
  if (message === 'stop') {
    recording = false;
    const c = changed.take();
    const n = notified.take();
    parentPort.postMessage({ names: nameList, changed: c, notified: n }, [c.key.buffer, c.at.buffer, c.sentAt.buffer, c.kind.buffer, n.key.buffer, n.at.buffer, n.sentAt.buffer, n.kind.buffer]);
  }
});
