import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { KernelCore, type ICourseHost, type IKernelOutput } from '@voxel-academy/kernel';
import type { ICourseBridge } from '../src/kernel/protocol';
import { createWorkerApi, type IWorkerKernelFactory } from '../src/kernel/worker-api';
import { WorkerClient, WorkerStopped } from '../src/kernel/worker-client';
import { PortWorker } from './support/port-worker';

/**
 * The kernel's worker RPC over a real MessageChannel (Node's, which comlink supports): the page
 * side is the extension's WorkerClient, the worker side the extension's comlink API.
 */

const bridge: ICourseBridge = {
  dataset: async (id) => ({ path: `${id}.nii.gz`, data: new Uint8Array([1, 2, 3]) }),
  file: async (path) => ({ path, data: new Uint8Array() }),
  writeFile: async () => true,
  variant: async () => ({ tag: 'v-7k2qx9', policy: 'per-learner', attempt: null, parameters: { angle: 7.5 }, datasets: ['head-ct'] }),
  answered: () => undefined
};

const sink = { stream: () => undefined, display: () => undefined, progress: () => undefined };
const opened: PortWorker[] = [];

function client(kernel: (host: Parameters<IWorkerKernelFactory['createKernel']>[1]) => KernelCore): { client: WorkerClient; worker: () => PortWorker } {
  let current: PortWorker | null = null;
  const factory: IWorkerKernelFactory = { createKernel: (_url, host) => kernel(host), describeImage: () => 'image', writeImage: async () => new Uint8Array([9]) };
  const make = (): Worker => {
    const { port1, port2 } = new MessageChannel();
    port2.start();
    expose(createWorkerApi(factory), port2 as never);
    current = new PortWorker(port1);
    opened.push(current);
    return current as unknown as Worker;
  };
  return { client: new WorkerClient(make, 'http://localhost/pipelines/', bridge), worker: () => current as PortWorker };
}

/** A kernel whose execute handler throws (a bug in the worker, not in the learner's code). */
class ThrowingKernel extends KernelCore {
  override async execute(): Promise<never> {
    throw new TypeError('kernel bug: cannot read properties of undefined');
  }
}

/** A kernel whose execute never finishes (a cell stuck in a loop). */
class StuckKernel extends KernelCore {
  override execute(_code: string, _output: IKernelOutput): Promise<never> {
    return new Promise(() => undefined);
  }
}

afterEach(() => {
  for (const w of opened.splice(0)) if (!w.terminated) w.terminate();
});

describe('kernel worker RPC (comlink)', () => {
  it('rejects the caller with the error when the worker handler throws', async () => {
    const { client: c } = client(() => new ThrowingKernel());
    await c.whenReady;
    await expect(c.execute('1 + 1', sink)).rejects.toThrow(/kernel bug: cannot read properties of undefined/);
    // The worker still answers afterwards.
    await expect(c.isComplete('let x = ')).resolves.toBe('incomplete');
  });

  it('rejects when the worker is used before init succeeded, and when init itself throws', async () => {
    const { client: c } = client(() => {
      throw new Error('itk-wasm pipelines could not be located');
    });
    await expect(c.whenReady).rejects.toThrow(/pipelines could not be located/);
    await expect(c.complete('x', 1)).rejects.toThrow(/pipelines could not be located/);
  });

  it('runs a cell, streams its output and reports long waits on the way', async () => {
    const { client: c } = client((host) => {
      const k = new KernelCore({ course: { data: (id: string) => host.dataset(id) } });
      return k;
    });
    const streamed: string[] = [];
    const reply = await c.execute('const f = await course.data("head-ct"); console.log(f.path, f.data.length); 6 * 7', { ...sink, stream: (_n, t) => void streamed.push(t) });
    expect(reply.status).toBe('ok');
    expect(reply.status === 'ok' && reply.result?.data['text/plain']).toBe('42');
    expect(streamed.join('')).toBe('head-ct.nii.gz 3\n');
  });

  it('gives the kernel the lesson variant the page knows (course.variant() in the worker)', async () => {
    const { client: c } = client((host) => new KernelCore({ course: { data: (id: string) => host.dataset(id), variant: () => host.variant?.() } }));
    const reply = await c.execute('const v = await course.variant(); v.tag + " " + v.parameters.angle', sink);
    expect(reply.status === 'ok' && reply.result?.data['text/plain']).toBe("'v-7k2qx9 7.5'");
  });

  it('rejects calls in flight with WorkerStopped when the worker is stopped, and works again after a restart', async () => {
    let stuck = true;
    const { client: c } = client(() => (stuck ? new StuckKernel() : new KernelCore()));
    await c.whenReady;
    const running = c.execute('while (true) {}', sink);
    stuck = false;
    c.restart();
    await expect(running).rejects.toBeInstanceOf(WorkerStopped);
    const reply = await c.execute('1 + 2', sink);
    expect(reply.status === 'ok' && reply.result?.data['text/plain']).toBe('3');
  });

  it('rejects calls in flight when the worker fails (its error event)', async () => {
    const { client: c, worker } = client(() => new StuckKernel());
    await c.whenReady;
    const running = c.execute('1', sink);
    worker().fail('out of memory');
    await expect(running).rejects.toThrow(/the kernel worker failed: out of memory/);
  });

  it('sends an image answer that itk-wasm wrote into shared memory (a cross-origin isolated page) as a copy the page can keep', async () => {
    let host: ICourseHost | null = null;
    const written = new Uint8Array(new SharedArrayBuffer(4));
    written.set([1, 2, 3, 4]);
    const api = createWorkerApi({
      createKernel: (_url, h) => {
        host = h;
        return new KernelCore();
      },
      describeImage: () => 'image',
      writeImage: async () => written
    });
    await api.init('http://localhost/pipelines/', bridge, { stream: () => undefined, display: () => undefined, progress: () => undefined });
    (host as ICourseHost | null)?.answered?.('mask', { type: 'image', image: {} as never });
    const bytes = await api.answerFile('mask');
    // A view of shared memory could not be transferred to the page, nor uploaded from it in a Blob.
    expect(bytes.buffer).toBeInstanceOf(ArrayBuffer);
    expect([...bytes]).toEqual([1, 2, 3, 4]);
  });

  it('sends an image answer back as bytes, and says when there is none', async () => {
    const { client: c } = client(() => new KernelCore());
    await expect(c.answerFile('mask')).rejects.toThrow(/no image answer for "mask"/);
  });
});
