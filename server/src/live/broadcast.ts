import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Text messages to many sockets, framed once: `socket.send` frames a message again for every
 * socket (string → bytes, header, two-buffer writev), and a lesson's discussion with a hundred
 * watchers at 200 posts/s is 20,000 sends a second, where that work was most of the server's
 * time. A server frame is unmasked, so the same bytes are valid on every socket; several
 * messages go out as their frames back to back in one write (one system call per socket).
 */
export function broadcast(sockets: Iterable<WebSocket>, ...texts: string[]): void {
  let frames: Buffer | null = null;
  for (const socket of sockets) {
    if (socket.readyState !== socket.OPEN) continue;
    const raw = idleRawSocket(socket);
    if (!raw) {
      for (const text of texts) socket.send(text);
      continue;
    }
    frames ??= Buffer.concat(texts.map((text) => textFrame(Buffer.from(text, 'utf8'))));
    raw.write(frames);
  }
}

/** RFC 6455 §5.2: FIN + text opcode, then the payload length (7 bits, 16 or 64), no mask. */
export function textFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const header = Buffer.alloc(n < 126 ? 2 : n < 65_536 ? 4 : 10);
  header[0] = 0x81;
  if (n < 126) header[1] = n;
  else if (n < 65_536) {
    header[1] = 126;
    header.writeUInt16BE(n, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([header, payload]);
}

interface IWsInternals {
  _socket?: Duplex;
  _sender?: { _state?: number; _queue?: unknown[] };
}

/**
 * The socket under a WebSocket, when writing a whole frame to it cannot interleave with what
 * `ws` itself is sending: its sender idle (no compression or blob read in progress, nothing
 * queued). Anything else, or a `ws` whose internals differ, goes through `socket.send`.
 */
function idleRawSocket(socket: WebSocket): Duplex | null {
  const inner = socket as unknown as IWsInternals;
  const sender = inner._sender;
  if (!inner._socket || !sender || sender._state !== 0 || !Array.isArray(sender._queue) || sender._queue.length > 0) return null;
  return inner._socket;
}
