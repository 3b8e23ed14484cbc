// The kernel's dedicated module worker, bundled on its own (scripts/build-worker.mjs) so the
// kernel core, sucrase and itk-wasm never enter JupyterLab's startup chunk.
import { browserItkBackend, createKernel, describeImage, type ICourseHost, type IDatasetFile, type IItkNamespace, type IVariantInfo, type KernelCore, type RecordedAnswer } from '@voxel-academy/kernel';
import type { AnswerSummary, FromWorker, ToWorker } from './protocol';

interface IWorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}

const scope = globalThis as unknown as IWorkerScope;
const post = (message: FromWorker): void => scope.postMessage(message);

let kernel: KernelCore | null = null;
let nextRequest = 0;
const pending = new Map<number, { resolve: (reply: IDatasetFile | IVariantInfo | null) => void; reject: (err: Error) => void }>();

/** The course server needs the hub session the page holds: the main thread fetches for us. */
function askMainThread(op: 'dataset' | 'file', arg: string): Promise<IDatasetFile>;
function askMainThread(op: 'variant', arg: string): Promise<IVariantInfo | null>;
function askMainThread(op: 'dataset' | 'file' | 'variant', arg: string): Promise<IDatasetFile | IVariantInfo | null> {
  const id = ++nextRequest;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    post({ type: 'course-request', id, op, arg });
  });
}

function summarise(answer: RecordedAnswer): AnswerSummary {
  if (answer.type === 'image') return { type: 'image', description: describeImage(answer.image) };
  return answer;
}

/** Image answers stay here (they can be large) until the extension asks for one as a file. */
const images = new Map<string, Extract<RecordedAnswer, { type: 'image' }>['image']>();

const host: ICourseHost = {
  dataset: (id) => askMainThread('dataset', id),
  file: (path) => askMainThread('file', path),
  variant: () => askMainThread('variant', ''),
  answered: (itemId, answer) => {
    if (answer.type === 'image') images.set(itemId, answer.image);
    else images.delete(itemId);
    post({ type: 'answered', itemId, answer: summarise(answer) });
  }
};

async function answerFile(id: number, itemId: string): Promise<void> {
  const image = images.get(itemId);
  const itk = kernel?.scope['itk'] as IItkNamespace | undefined;
  if (!image || !itk) {
    post({ type: 'answer-file-reply', id, ok: false, message: `no image answer for "${itemId}"` });
    return;
  }
  try {
    const data = await itk.writeImage(image, `${itemId}.nii.gz`);
    scope.postMessage({ type: 'answer-file-reply', id, ok: true, data }, [data.buffer]);
  } catch (err) {
    post({ type: 'answer-file-reply', id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init':
      kernel = createKernel({ itk: browserItkBackend(message.pipelinesUrl), course: host });
      post({ type: 'ready' });
      return;
    case 'course-reply': {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiting?.resolve({ path: message.path, data: message.data, phantom: message.phantom === true, ...(message.variant ? { variant: message.variant } : {}) });
      else waiting?.reject(new Error(message.message));
      return;
    }
    case 'variant-reply':
      pending.get(message.id)?.resolve(message.variant);
      pending.delete(message.id);
      return;
    default:
      break;
  }
  if (!kernel) throw new Error('the kernel worker was used before init');
  switch (message.type) {
    case 'execute': {
      const id = message.id;
      const started = performance.now();
      const reply = await kernel.execute(message.code, {
        stream: (name, text) => post({ type: 'stream', id, name, text }),
        display: (bundle) => post({ type: 'display', id, bundle })
      });
      post({ type: 'execute-reply', id, reply, workerMs: performance.now() - started });
      return;
    }
    case 'complete': {
      const c = kernel.complete(message.code, message.cursor);
      post({ type: 'complete-reply', id: message.id, ...c });
      return;
    }
    case 'is-complete':
      post({ type: 'is-complete-reply', id: message.id, status: kernel.isComplete(message.code) });
      return;
    case 'answer-file':
      await answerFile(message.id, message.itemId);
      return;
  }
}

scope.addEventListener('message', (event) => {
  void handle(event.data);
});
