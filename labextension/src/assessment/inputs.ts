import type { TranslationBundle } from '@jupyterlab/translation';
import { ApiPath, UploadResult, type AnswerValue, type PublicItem } from '@voxel-academy/protocol';
import type { IAcademyClient } from '../tokens';

export interface IInputContext {
  client: IAcademyClient;
  trans: TranslationBundle;
  current: AnswerValue | undefined;
  set(value: AnswerValue | null): void;
}

/** The answer control for one item, pre-filled from the draft; every change updates the draft. */
export function renderInput(item: PublicItem, ctx: IInputContext): HTMLElement {
  switch (item.kind) {
    case 'single-choice':
    case 'multiple-choice':
      return choices(item.id, item.options, item.kind === 'multiple-choice', ctx);
    case 'numeric': {
      const wrap = span('va-Answer-number');
      const input = numberInput(ctx.current?.type === 'number' ? ctx.current.value : undefined, item.prompt);
      input.addEventListener('input', () => ctx.set(input.value === '' ? null : { type: 'number', value: Number(input.value), ...(item.unit ? { unit: item.unit } : {}) }));
      wrap.append(input, span('va-Answer-unit', item.unit ?? ''));
      return wrap;
    }
    case 'short-text': {
      const input = document.createElement('input');
      input.type = 'text';
      input.className = 'va-Answer-text jp-mod-styled';
      input.setAttribute('aria-label', item.prompt);
      input.value = ctx.current?.type === 'text' ? ctx.current.text : '';
      input.addEventListener('input', () => ctx.set(input.value.trim() === '' ? null : { type: 'text', text: input.value }));
      return input;
    }
    case 'landmark':
      return vector(['x (mm)', 'y (mm)', 'z (mm)'], ctx.current?.type === 'point' ? ctx.current.point : [], ([x, y, z]) =>
        ctx.set(x !== undefined && y !== undefined && z !== undefined ? { type: 'point', point: [x, y, z] } : null)
      );
    case 'transform':
      return vector(item.parameters, ctx.current?.type === 'vector' ? ctx.current.values : [], (v) => ctx.set(v.length === item.parameters.length ? { type: 'vector', values: v } : null));
    case 'segmentation':
    case 'intensity-image':
      return imageUpload(ctx);
  }
}

function choices(name: string, options: Array<{ id: string; text: string }>, multiple: boolean, ctx: IInputContext): HTMLElement {
  const group = document.createElement('fieldset');
  group.className = 'va-Answer-choices';
  const selected = new Set(ctx.current?.type === 'choice' ? ctx.current.selected : []);
  for (const option of options) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = multiple ? 'checkbox' : 'radio';
    input.name = `va-${name}`;
    input.value = option.id;
    input.checked = selected.has(option.id);
    input.addEventListener('change', () => {
      const chosen = [...group.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value);
      ctx.set(chosen.length === 0 ? null : { type: 'choice', selected: chosen });
    });
    label.append(input, ` ${option.text}`);
    group.append(label);
  }
  return group;
}

function vector(labels: string[], values: number[], done: (values: number[]) => void): HTMLElement {
  const wrap = span('va-Answer-vector');
  const inputs = labels.map((label, i) => {
    const input = numberInput(values[i], label);
    input.placeholder = label;
    return input;
  });
  const emit = (): void => done(inputs.every((i) => i.value !== '') ? inputs.map((i) => Number(i.value)) : []);
  for (const input of inputs) {
    input.addEventListener('input', emit);
    wrap.append(input);
  }
  return wrap;
}

function imageUpload(ctx: IInputContext): HTMLElement {
  const wrap = span('va-Answer-image');
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.nii,.nii.gz,.gz';
  const status = span('va-Answer-status', ctx.current?.type === 'image' ? ctx.trans.__('Image uploaded.') : '');
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    status.textContent = ctx.trans.__('Uploading…');
    void ctx.client
      .request(ApiPath.uploads, UploadResult, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file })
      .then((up) => {
        status.textContent = ctx.trans.__('Uploaded: %1 voxels, spacing %2 mm', up.size.join('×'), up.spacing.map((s) => s.toFixed(2)).join('×'));
        ctx.set({ type: 'image', uploadId: up.uploadId });
      })
      .catch((err: unknown) => (status.textContent = err instanceof Error ? err.message : String(err)));
  });
  wrap.append(input, status);
  return wrap;
}

function numberInput(value: number | undefined, label: string): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'number';
  input.step = 'any';
  input.className = 'va-Answer-numberInput jp-mod-styled';
  input.setAttribute('aria-label', label);
  if (value !== undefined) input.value = String(value);
  return input;
}

function span(className: string, text = ''): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

/** How an answer reads in the review step. */
export function describeAnswer(value: AnswerValue | undefined, item: PublicItem, trans: TranslationBundle): string {
  if (!value) return trans.__('(no answer)');
  switch (value.type) {
    case 'choice': {
      const options = 'options' in item ? item.options : [];
      return value.selected.map((id) => options.find((o) => o.id === id)?.text ?? id).join(', ');
    }
    case 'number':
      return `${value.value}${value.unit ? ` ${value.unit}` : ''}`;
    case 'text':
      return value.text;
    case 'point':
      return `(${value.point.join(', ')}) mm`;
    case 'vector':
      return value.values.join(', ');
    case 'image':
      return trans.__('uploaded image');
  }
}
