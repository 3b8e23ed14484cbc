import { proxy, transfer } from 'comlink';
import type { ICourseHost, IDatasetFile, KernelCore, RecordedAnswer } from '@voxel-academy/kernel';
import type { AnswerSummary, ICourseBridge, IKernelWorkerApi, IOutputSink, ISharedReply } from './protocol';
import { SharedReplySlot } from './shared-reply';

/** What the worker needs from the kernel package (injected: tests use a kernel of their own). */
export interface IWorkerKernelFactory {
  createKernel(pipelinesUrl: string, host: ICourseHost): KernelCore;
  describeImage(image: Extract<RecordedAnswer, { type: 'image' }>['image']): string;
  writeImage(kernel: KernelCore, image: Extract<RecordedAnswer, { type: 'image' }>['image'], fileName: string): Promise<Uint8Array>;
}

/**
 * The worker's comlink API. Whatever a method throws (a kernel bug, a call before init, an
 * image that cannot be written) rejects the page's promise with the error: nothing is left
 * pending, unlike the hand-written message switch this replaces.
 */
export function createWorkerApi(factory: IWorkerKernelFactory): IKernelWorkerApi {
  let kernel: KernelCore | null = null;
  let output: IOutputSink | null = null;
  let shared: SharedReplySlot | null = null;
  /** Image answers stay here (they can be large) until the extension asks for one as a file. */
  const images = new Map<string, Extract<RecordedAnswer, { type: 'image' }>['image']>();
  const ready = (): KernelCore => {
    if (!kernel) throw new Error('the kernel worker was used before init');
    return kernel;
  };
  const summarise = (answer: RecordedAnswer): AnswerSummary => (answer.type === 'image' ? { type: 'image', description: factory.describeImage(answer.image) } : answer);

  return {
    async init(pipelinesUrl: string, bridge: ICourseBridge, sink: IOutputSink) {
      output = sink;
      const host: ICourseHost = {
        // The callback crosses back to the page as a comlink proxy.
        dataset: async (id, progress): Promise<IDatasetFile> => bridge.dataset(id, progress ? proxy(progress) : undefined),
        file: async (path) => bridge.file(path),
        writeFile: async (path, text, overwrite) => bridge.writeFile(path, text, overwrite),
        variant: async () => bridge.variant(),
        answered: (itemId, answer) => {
          if (answer.type === 'image') images.set(itemId, answer.image);
          else images.delete(itemId);
          void bridge.answered(itemId, summarise(answer));
        }
      };
      const created = factory.createKernel(pipelinesUrl, host);
      kernel = created;
      // After init has answered: the page sees the kernel ready at once, and a cell sent
      // meanwhile waits at most for this (the cost it would otherwise pay itself).
      setTimeout(() => created.warmUp(), 0);
    },

    async shareReplies(buffer) {
      shared = new SharedReplySlot(buffer);
    },

    async execute(code, cell) {
      const started = performance.now();
      const core = ready();
      const sink = output as IOutputSink;
      // The sink is a comlink proxy on a port of its own: output could overtake the reply.
      // Waiting for every delivery keeps a cell's output before its execute_reply.
      const delivered: Array<Promise<void> | void> = [];
      // While the page waits for this cell in shared memory, its prints are held to go with the
      // reply; anything else (a display, progress), or the page giving up, sends them on.
      const held: ISharedReply['prints'] = [];
      let holding = shared?.awaited(cell) ?? false;
      const release = (): void => {
        // The page stops waiting at once rather than at the end of its budget.
        if (holding) shared?.decline(cell);
        holding = false;
        for (const p of held.splice(0)) delivered.push(sink.stream(cell, p.name, p.text));
      };
      const reply = await core
        .execute(code, {
          stream: (name, text) => {
            if (holding && shared?.awaited(cell)) held.push({ name, text });
            else {
              release();
              delivered.push(sink.stream(cell, name, text));
            }
          },
          display: (bundle) => {
            release();
            delivered.push(sink.display(cell, bundle));
          },
          progress: (event) => {
            release();
            delivered.push(sink.progress(cell, event));
          }
        })
        .catch(async (err: unknown) => {
          // The kernel itself failed (not the learner's code, which ends in an error reply):
          // the page stops waiting at once and gets the failure by message, prints first (they
          // go on a port of their own and could otherwise come after it).
          release();
          await Promise.allSettled(delivered);
          throw err;
        });
      const ended = performance.now();
      const answer = { ...reply, workerMs: ended - started, startedAt: performance.timeOrigin + started, endedAt: performance.timeOrigin + ended };
      if (holding && shared) {
        const json = sharedJson({ prints: held, reply: answer });
        if (json === null) shared.decline(cell);
        else if (shared.offer(cell, json)) return answer;
      }
      release();
      await Promise.all(delivered);
      return answer;
    },

    async complete(code, cursor) {
      return ready().complete(code, cursor);
    },

    async isComplete(code) {
      return ready().isComplete(code);
    },

    async answerFile(itemId) {
      const image = images.get(itemId);
      if (!image) throw new Error(`no image answer for "${itemId}"`);
      const written = await factory.writeImage(ready(), image, `${itemId}.nii.gz`);
      // On a cross-origin isolated page itk-wasm keeps its buffers in shared memory, which can be
      // neither transferred nor put in a Blob: the page gets a copy of its own.
      const data = written.buffer instanceof ArrayBuffer ? written : written.slice();
      return transfer(data, [data.buffer]);
    }
  };
}

/** The reply as JSON for shared memory, or null when it holds binary data (that goes by message). */
function sharedJson(reply: ISharedReply): string | null {
  try {
    return JSON.stringify(reply, (_key, value: unknown) => {
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) throw new Error('binary');
      return value;
    });
  } catch {
    return null;
  }
}
