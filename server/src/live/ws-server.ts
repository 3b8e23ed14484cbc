import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiPath, type LiveEvent } from '@voxel-academy/protocol';
import { AuthError, type HubAuth } from '../hub/hub-auth.js';
import { SESSION_COOKIE } from '../http/auth-routes.js';
import { parseCookie } from '../http/cookies.js';
import { sameOrigin } from '../http/csrf.js';
import type { ILogger } from '../log.js';
import type { EventHub } from './event-hub.js';

/**
 * The WebSocket endpoint at `<prefix>api/events`, authenticated by the same session cookie as
 * the REST API; a cross-origin page cannot open it (Origin must match the Host).
 */
export function attachLiveEvents(server: Server, opts: { prefix: string; auth: HubAuth; hub: EventHub; log: ILogger }): WebSocketServer {
  const path = `${opts.prefix}${ApiPath.events}`;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = (req.url ?? '').split('?')[0];
    if (url !== path) return refuse(socket, 404, 'Not Found');
    const host = (req.headers['x-forwarded-host'] as string | undefined) ?? req.headers.host;
    if (!sameOrigin(req.headers.origin, host)) return refuse(socket, 403, 'Forbidden');
    opts.auth
      .authenticate(parseCookie(req.headers.cookie, SESSION_COOKIE))
      .then((session) => {
        wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
          opts.hub.add(session.userName, ws, session.roles);
          const hello: LiveEvent = { type: 'hello', user: session.userName, at: Date.now() };
          ws.send(JSON.stringify(hello));
        });
      })
      .catch((err: unknown) => {
        if (err instanceof AuthError) return refuse(socket, 401, 'Unauthorized');
        opts.log.error('websocket upgrade failed', { error: err instanceof Error ? err.message : String(err) });
        refuse(socket, 503, 'Service Unavailable');
      });
  });

  // Dead connections (laptop lid closed) are dropped by ping/pong so fan-out stays cheap.
  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
  });
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, 30_000);
  timer.unref();
  wss.on('close', () => clearInterval(timer));
  return wss;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
