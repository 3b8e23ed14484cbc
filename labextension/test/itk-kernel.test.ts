import { MessageChannel } from 'node:worker_threads';
import { KernelMessage } from '@jupyterlab/services';
import { afterEach, describe, expect, it } from 'vitest';
import { ItkKernel } from '../src/kernel/itk-kernel';
import type { ICourseBridge } from '../src/kernel/protocol';
import { PortWorker } from './support/port-worker';

const bridge = { dataset: async () => ({ path: '', data: new Uint8Array() }), file: async () => ({ path: '', data: new Uint8Array() }), writeFile: async () => true, variant: async () => null, answered: () => undefined } as ICourseBridge;

const kernels: ItkKernel[] = [];
afterEach(() => {
  for (const k of kernels.splice(0)) k.dispose();
});

/** A kernel whose worker never starts: nothing serves the other end of its port. */
function kernelWithSilentWorker(): { kernel: ItkKernel; sent: KernelMessage.IMessage[] } {
  const sent: KernelMessage.IMessage[] = [];
  const kernel = new ItkKernel({
    id: `k-${kernels.length}`,
    name: 'voxel-itk',
    location: '',
    sendMessage: (msg) => void sent.push(msg),
    workerUrl: new URL('http://lab.test/worker.js'),
    makeWorker: () => new PortWorker(new MessageChannel().port1) as unknown as Worker,
    pipelinesUrl: 'http://lab.test/pipelines/',
    bridge
  });
  kernels.push(kernel);
  return { kernel, sent };
}

const request = <T extends KernelMessage.MessageType>(msgType: T, content: object): KernelMessage.IMessage =>
  KernelMessage.createMessage({ msgType, channel: 'shell', session: 's1', content } as never);

describe('the in-browser kernel while its worker starts', () => {
  it('answers kernel info at once, without waiting for the worker', async () => {
    const { kernel, sent } = kernelWithSilentWorker();
    await kernel.ready;
    await kernel.handleMessage(request('kernel_info_request', {}));
    const reply = sent.find((m) => m.header.msg_type === 'kernel_info_reply');
    expect(reply?.content).toMatchObject({ status: 'ok', implementation: 'voxel-itk' });
  });

  it('answers a completion cut short by a restart with no matches, and a run with the interruption', async () => {
    const { kernel, sent } = kernelWithSilentWorker();
    const completing = kernel.handleMessage(request('complete_request', { code: 'itk.', cursor_pos: 4 }));
    const running = kernel.handleMessage(request('execute_request', { code: '6 * 7', silent: false, store_history: true }));
    // Restarting an in-browser kernel disposes it: requests waiting for its worker end, none unhandled.
    kernel.dispose();
    await Promise.all([completing, running]);
    expect(sent.find((m) => m.header.msg_type === 'complete_reply')?.content).toEqual({ status: 'ok', matches: [], cursor_start: 4, cursor_end: 4, metadata: {} });
    expect(sent.find((m) => m.header.msg_type === 'execute_reply')?.content).toMatchObject({ status: 'abort' });
  });
});
