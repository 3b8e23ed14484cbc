import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { broadcast, textFrame } from '../../src/live/broadcast.js';

describe('broadcast: one frame for many sockets', () => {
  let wss: WebSocketServer | null = null;
  afterEach(async () => {
    const server = wss;
    wss = null;
    if (!server) return;
    for (const c of server.clients) c.terminate();
    await new Promise((r) => server.close(r));
  });

  it('frames the three payload length encodings as RFC 6455 says', () => {
    expect([...textFrame(Buffer.from('hi'))]).toEqual([0x81, 2, 0x68, 0x69]);
    const mid = textFrame(Buffer.alloc(300, 0x61));
    expect([mid[0], mid[1], mid.readUInt16BE(2), mid.length]).toEqual([0x81, 126, 300, 304]);
    const big = textFrame(Buffer.alloc(70_000, 0x61));
    expect([big[0], big[1], Number(big.readBigUInt64BE(2)), big.length]).toEqual([0x81, 127, 70_000, 70_010]);
  });

  it('delivers short, medium and long UTF-8 messages intact to every real client, in order, interleaved with ws’s own sends', async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const clients = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const ws = new WebSocket(url);
        const got: string[] = [];
        ws.on('message', (d) => got.push(String(d)));
        await once(ws, 'open');
        return { ws, got };
      })
    );
    while (wss.clients.size < 5) await new Promise((r) => setTimeout(r, 5));
    const messages = ['{"a":1}', JSON.stringify({ text: 'é'.repeat(200) }), JSON.stringify({ big: 'ß∂'.repeat(40_000) })];
    broadcast(wss.clients, messages[0]!);
    for (const s of wss.clients) s.send('between');
    broadcast(wss.clients, messages[1]!);
    broadcast(wss.clients, messages[2]!);
    const want = [messages[0], 'between', messages[1], messages[2]];
    for (const c of clients) {
      while (c.got.length < want.length) await new Promise((r) => setTimeout(r, 5));
      expect(c.got).toEqual(want);
      c.ws.close();
    }
  });
});
