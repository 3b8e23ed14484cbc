import { Server } from 'mock-socket';
import { afterEach, describe, expect, it } from 'vitest';
import { PromptMockWebSocket } from '../src/kernel/services/prompt-socket';

/** The in-browser kernel's page socket against a real mock-socket server, as the lite kernel client serves it. */
describe('the page socket of in-browser kernels', () => {
  let server: Server | null = null;
  afterEach(() => {
    server?.stop();
    server = null;
  });

  async function connected(url: string): Promise<{ socket: PromptMockWebSocket; received: unknown[] }> {
    server = new Server(url);
    const received: unknown[] = [];
    server.on('connection', (client) => client.on('message', (message) => received.push(message)));
    const socket = new PromptMockWebSocket(url);
    await new Promise<void>((resolve) => socket.addEventListener('open', () => resolve()));
    return { socket, received };
  }

  it('delivers messages in order after send returns, before any timer fires', async () => {
    const { socket, received } = await connected('ws://kernel.test/a');
    const buffer = new ArrayBuffer(4);
    socket.send('one');
    socket.send(buffer);
    socket.send('three');
    // Not synchronous: a sender may still register what it needs right after send.
    expect(received).toEqual([]);
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    await Promise.resolve();
    expect(received).toEqual(['one', buffer, 'three']);
    expect(timerFired).toBe(false);
  });

  it('refuses to send while connecting and drops what is sent after close', async () => {
    server = new Server('ws://kernel.test/b');
    const received: unknown[] = [];
    server.on('connection', (client) => client.on('message', (message) => received.push(message)));
    const early = new PromptMockWebSocket('ws://kernel.test/b');
    expect(() => early.send('too soon')).toThrow(/CONNECTING/);
    await new Promise<void>((resolve) => early.addEventListener('open', () => resolve()));
    early.close();
    await new Promise<void>((resolve) => early.addEventListener('close', () => resolve()));
    early.send('too late');
    await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([]);
  });
});
