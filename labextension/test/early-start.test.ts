import { KernelMessage, ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';
import { EarlyStarts, kernelIdOf, type IEarlyStartKernel } from '../src/kernel/early-start';
import { HeldSink } from '../src/kernel/held-sink';
import type { IExecuteSink } from '../src/kernel/protocol';

const { serializer } = ServerConnection.makeSettings({ baseUrl: 'http://lab.test/', wsUrl: 'ws://lab.test/' });
const V1 = KernelMessage.supportedKernelWebSocketProtocols.v1KernelWebsocketJupyterOrg;
const url = (kernel: string): string => `ws://lab.test/api/kernels/${kernel}/channels?session_id=s1`;

/** A message as JupyterLab puts it on the kernel's socket. */
function wire(msgType: 'execute_request' | 'complete_request', code = '6 * 7'): ArrayBuffer | string {
  const content = msgType === 'execute_request' ? { code, silent: false } : { code, cursor_pos: 0 };
  const msg = KernelMessage.createMessage({ msgType, channel: 'shell', session: 's1', content } as never);
  return serializer.serialize(msg, V1);
}

/** Kernels that record what started early, and a lock the test holds or frees. */
function setup(): { starts: EarlyStarts; started: Record<string, string[]>; locked: Set<string> } {
  const started: Record<string, string[]> = {};
  const locked = new Set<string>();
  const kernel = (id: string): IEarlyStartKernel | undefined =>
    id === 'gone' ? undefined : { startEarly: (request) => void (started[id] ??= []).push(request.content.code) };
  return { starts: new EarlyStarts(kernel, (id) => locked.has(id), serializer), started, locked };
}

describe('early start: a cell goes to the worker as the page sends it, only with nothing ahead of it', () => {
  it('reads kernel ids from channel URLs and nothing else', () => {
    expect(kernelIdOf(url('k%201'))).toBe('k 1');
    expect(kernelIdOf('ws://lab.test/api/kernels/k1')).toBeNull();
    expect(kernelIdOf('ws://lab.test/terminals/websocket/1')).toBeNull();
  });

  it('starts an execute request of an idle kernel, and only execute requests', () => {
    const { starts, started } = setup();
    starts.sent(url('k1'), wire('complete_request'));
    starts.delivered(url('k1'));
    starts.sent(url('k1'), wire('execute_request', 'a'));
    starts.delivered(url('k1'));
    expect(started).toEqual({ k1: ['a'] });
  });

  it('leaves a request to wait its turn while the kernel handles a message or an earlier one is on its way', () => {
    const { starts, started, locked } = setup();
    locked.add('k1');
    starts.sent(url('k1'), wire('execute_request', 'behind the lock'));
    starts.delivered(url('k1'));
    locked.delete('k1');
    starts.sent(url('k1'), wire('execute_request', 'first'));
    // Sent before the first was handed over: it must not overtake it.
    starts.sent(url('k1'), wire('execute_request', 'second'));
    starts.delivered(url('k1'));
    starts.delivered(url('k1'));
    // Another kernel is not held up by this one.
    starts.sent(url('k2'), wire('execute_request', 'other kernel'));
    expect(started).toEqual({ k1: ['first'], k2: ['other kernel'] });
    // Everything handed over: the next request starts early again.
    starts.delivered(url('k2'));
    starts.sent(url('k1'), wire('execute_request', 'third'));
    expect(started['k1']).toEqual(['first', 'third']);
  });

  it('ignores what it cannot read, and kernels that are not running in the page', () => {
    const { starts, started } = setup();
    for (const data of [new ArrayBuffer(3), 'not a message', new Blob(['x'])]) {
      starts.sent(url('k1'), data);
      starts.delivered(url('k1'));
    }
    starts.sent(url('gone'), wire('execute_request'));
    starts.delivered(url('gone'));
    expect(started).toEqual({});
  });
});

describe('early start inside JupyterLab\'s send', () => {
  it('never fails the send: a kernel that cannot start the cell early leaves it to its turn', () => {
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args[0]);
    try {
      const starts = new EarlyStarts(() => ({ startEarly: () => { throw new Error('worker gone'); } }), () => false, serializer);
      expect(() => starts.sent(url('k1'), wire('execute_request'))).not.toThrow();
      expect(warned).toEqual(['voxel-itk: early start failed; the cell runs at its turn']);
    } finally {
      console.warn = warn;
    }
  });
});

describe('held output of a cell started early', () => {
  it('passes nothing on before the sink is attached, then everything in order', () => {
    const seen: string[] = [];
    const sink: IExecuteSink = {
      stream: (name, text) => void seen.push(`${name}:${text}`),
      display: (bundle) => void seen.push(`display:${String(bundle.data['text/plain'])}`),
      progress: () => void seen.push('progress')
    };
    const held = new HeldSink();
    held.stream('stdout', 'one');
    held.display({ data: { 'text/plain': 'two' }, metadata: {} });
    expect(seen).toEqual([]);
    held.attach(sink);
    expect(seen).toEqual(['stdout:one', 'display:two']);
    held.stream('stderr', 'three');
    expect(seen).toEqual(['stdout:one', 'display:two', 'stderr:three']);
  });
});
