// A real worker thread for the shared-reply test: the extension's worker API over a port the
// test hands in, on a stand-in kernel (prints, then a text result; `slow` sleeps first;
// `show` displays; `order …` answers how many cells the kernel had been given, itself included; `crash`
// throws, as a kernel bug would, and `print then crash` prints first). Bundled by the test with
// esbuild and run with `eval`.
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { expose } from 'comlink';
import type { IKernelOutput, KernelCore } from '@voxel-academy/kernel';
import { createWorkerApi } from '../../src/kernel/worker-api';

let given = 0;
const kernel = {
  warmUp: () => undefined,
  async execute(code: string, out: IKernelOutput) {
    given++;
    if (code === 'print then crash') out.stream('stdout', 'printed before the failure\n');
    if (code.endsWith('crash')) throw new Error('the stand-in kernel failed');
    if (code.startsWith('order')) return { status: 'ok' as const, result: { data: { 'text/plain': String(given) }, metadata: {} } };
    if (code === 'slow') await new Promise((r) => setTimeout(r, 100));
    if (code === 'show') out.display({ data: { 'text/plain': 'shown' }, metadata: {} });
    out.stream('stdout', `ran ${code} ✓\n`);
    return { status: 'ok' as const, result: { data: { 'text/plain': '42' }, metadata: {} } };
  }
} as unknown as KernelCore;

const port = (workerData as { port: MessagePort }).port;
port.start();
expose(createWorkerApi({ createKernel: () => kernel, describeImage: () => 'image', writeImage: async () => new Uint8Array() }), port as never);
