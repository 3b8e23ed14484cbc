import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiPath, LiveClientMessage, type LiveEvent } from '@voxel-academy/protocol';
import { discussionTopic } from '../services/context.js';
import { AuthError, type HubAuth } from '../hub/hub-auth.js';
import type { ISession } from '../hub/sessions.js';
import { SESSION_COOKIE } from '../http/auth-routes.js';
import { parseCookie } from '../http/cookies.js';
import { sameOrigin } from '../http/csrf.js';
import type { ILogger } from '../log.js';
import type { EventHub } from './event-hub.js';
import { StaggeredRounds } from './staggered-rounds.js';

/** Close codes the client can tell apart (4000–4999 are the application's). */
export const CLOSE_SESSION_ENDED = 4401;

export interface ILiveOptions {
  prefix: string;
  auth: HubAuth;
  hub: EventHub;
  log: ILogger;
  /** Sockets one learner may hold at once (tabs); one more is refused with 429. */
  maxSocketsPerUser: number;
  /** Ping interval: a socket that missed the previous ping is dropped. */
  heartbeatMs?: number;
  /** Whether the user may follow this lesson's discussion (the course and lesson exist). */
  canWatch?: (user: string, courseId: string, lessonId: string) => boolean;
}

/** Lessons one socket may follow at once (a tab shows a panel or two, not a whole course). */
export const MAX_WATCHES_PER_SOCKET = 8;

export interface ILiveEvents {
  wss: WebSocketServer;
  /** Closes the sockets of a session that ended (logout, expiry, revoked hub token). */
  closeSession(sessionId: string): void;
}

interface ILiveSocket {
  session: ISession;
  alive: boolean;
  expiry: NodeJS.Timeout;
}

/**
 * The WebSocket endpoint at `<prefix>api/events`, authenticated by the same session cookie as
 * the REST API; a cross-origin page cannot open it (Origin must match the Host). A socket
 * lives as long as its session: it closes on logout, at expiry, and when the periodic
 * identity check fails; idle but healthy sockets stay open (the heartbeat sees every socket).
 */
export function attachLiveEvents(server: Server, opts: ILiveOptions): ILiveEvents {
  const path = `${opts.prefix}${ApiPath.events}`;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  const sockets = new Map<WebSocket, ILiveSocket>();
  const perUser = new Map<string, number>();

  const release = (user: string): void => {
    const left = (perUser.get(user) ?? 1) - 1;
    if (left > 0) perUser.set(user, left);
    else perUser.delete(user);
  };
  const end = (ws: WebSocket, reason: string): void => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(CLOSE_SESSION_ENDED, reason);
  };

  // Once per heartbeat period, each socket in its turn (the rounds are spread over the period):
  // drop it if it missed the last ping (laptop lid closed), else ping it and re-check its
  // session (cached; the hub is asked once its identity TTL passed).
  const rounds = new StaggeredRounds<WebSocket>(opts.heartbeatMs ?? 30_000, (ws) => {
    const live = sockets.get(ws);
    if (!live) return;
    if (!live.alive) return void ws.terminate();
    live.alive = false;
    ws.ping();
    opts.auth.authenticate(live.session.id).catch((err: unknown) => {
      if (err instanceof AuthError) end(ws, 'session ended');
    });
  });
  wss.on('close', () => rounds.stop());

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = (req.url ?? '').split('?')[0];
    if (url !== path) return refuse(socket, 404, 'Not Found');
    const host = (req.headers['x-forwarded-host'] as string | undefined) ?? req.headers.host;
    if (!sameOrigin(req.headers.origin, host)) return refuse(socket, 403, 'Forbidden');
    opts.auth
      .authenticate(parseCookie(req.headers.cookie, SESSION_COOKIE))
      .then((session) => {
        const held = perUser.get(session.userName) ?? 0;
        if (held >= opts.maxSocketsPerUser) return refuse(socket, 429, 'Too Many Requests');
        // Counted before the handshake completes, so a burst of upgrades cannot overshoot; a
        // handshake that fails (ws then just closes the socket) gives its place back.
        perUser.set(session.userName, held + 1);
        let accepted = false;
        socket.once('close', () => {
          if (!accepted) release(session.userName);
        });
        wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
          accepted = true;
          // ws runs 'connection' listeners only when emitted: without this the heartbeat never
          // saw a socket and dropped every one on its first tick (the ~14 s disconnects).
          wss.emit('connection', ws, req);
          const expiry = setTimeout(() => end(ws, 'session expired'), Math.max(0, session.expiresAt - Date.now()));
          expiry.unref();
          sockets.set(ws, { session, alive: true, expiry });
          rounds.add(ws);
          ws.once('close', () => {
            clearTimeout(expiry);
            sockets.delete(ws);
            rounds.delete(ws);
            release(session.userName);
          });
          ws.on('pong', () => {
            const live = sockets.get(ws);
            if (live) live.alive = true;
          });
          opts.hub.add(session.userName, ws, session.roles);
          ws.on('message', (data, isBinary) => onClientMessage(ws, session.userName, isBinary ? null : data.toString()));
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

  // What a client may say: follow or leave a lesson's discussion. Anything else is ignored, as
  // is a lesson the user may not follow; the socket carries only ids, every read is a REST call.
  const onClientMessage = (ws: WebSocket, user: string, text: string | null): void => {
    let parsed: unknown;
    try {
      parsed = text === null ? null : JSON.parse(text);
    } catch {
      return;
    }
    const message = LiveClientMessage.safeParse(parsed);
    if (!message.success) return;
    const { type, courseId, lessonId } = message.data;
    const topic = discussionTopic(courseId, lessonId);
    if (type === 'discussion.unwatch') return opts.hub.unwatch(ws, topic);
    if (opts.canWatch?.(user, courseId, lessonId) !== true) return;
    opts.hub.watch(ws, topic, MAX_WATCHES_PER_SOCKET);
  };

  return {
    wss,
    closeSession(sessionId) {
      for (const [ws, live] of sockets) if (live.session.id === sessionId) end(ws, 'logged out');
    }
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
