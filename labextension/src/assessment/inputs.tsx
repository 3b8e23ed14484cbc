import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { AnswerValue, PublicItem, UploadResult } from '@voxel-academy/protocol';
import type { IAcademyClient } from '../tokens';

export interface IInputProps {
  item: PublicItem;
  client: IAcademyClient;
  trans: TranslationBundle;
  current: AnswerValue | undefined;
  set(value: AnswerValue | null): void;
}

/**
 * The answer control for one item, filled from the draft. Text fields keep what the learner
 * types in their own state, so a re-render (a live event, an answer from the notebook for
 * another item) never resets the field or moves the focus.
 */
export function AnswerInput(props: IInputProps): React.ReactElement {
  const { item, trans, current, set } = props;
  switch (item.kind) {
    case 'single-choice':
    case 'multiple-choice':
      return <Choices name={item.id} options={item.options} multiple={item.kind === 'multiple-choice'} selected={current?.type === 'choice' ? current.selected : []} set={set} />;
    case 'numeric':
      return (
        <span className="va-Answer-number">
          <TypedField
            type="number"
            label={item.prompt}
            value={current?.type === 'number' ? String(current.value) : ''}
            onText={(t) => set(t === '' ? null : { type: 'number', value: Number(t), ...(item.unit ? { unit: item.unit } : {}) })}
          />
          <span className="va-Answer-unit">{item.unit ?? ''}</span>
        </span>
      );
    case 'short-text':
      return <TypedField type="text" label={item.prompt} value={current?.type === 'text' ? current.text : ''} onText={(t) => set(t.trim() === '' ? null : { type: 'text', text: t })} />;
    case 'landmark':
      return <Vector labels={[trans.__('x (mm)'), trans.__('y (mm)'), trans.__('z (mm)')]} values={current?.type === 'point' ? current.point : []} done={([x, y, z]) => set(x !== undefined && y !== undefined && z !== undefined ? { type: 'point', point: [x, y, z] } : null)} />;
    case 'transform':
      return <Vector labels={item.parameters} values={current?.type === 'vector' ? current.values : []} done={(v) => set(v.length === item.parameters.length ? { type: 'vector', values: v } : null)} />;
    case 'segmentation':
    case 'intensity-image':
      return <ImageUpload {...props} />;
  }
}

function Choices(props: { name: string; options: Array<{ id: string; text: string }>; multiple: boolean; selected: string[]; set: IInputProps['set'] }): React.ReactElement {
  const chosen = new Set(props.selected);
  const toggle = (id: string, on: boolean): void => {
    const next = props.multiple ? props.options.map((o) => o.id).filter((o) => (o === id ? on : chosen.has(o))) : on ? [id] : [];
    props.set(next.length === 0 ? null : { type: 'choice', selected: next });
  };
  return (
    <fieldset className="va-Answer-choices">
      {props.options.map((o) => (
        <label key={o.id}>
          <input type={props.multiple ? 'checkbox' : 'radio'} name={`va-${props.name}`} value={o.id} checked={chosen.has(o.id)} onChange={(e) => toggle(o.id, e.currentTarget.checked)} /> {o.text}
        </label>
      ))}
    </fieldset>
  );
}

/** Keeps the typed text; takes a new value from outside only when it differs from what is typed. */
function useTyped(value: string): [string, (text: string) => void] {
  const [text, setText] = React.useState(value);
  const last = React.useRef(value);
  if (value !== last.current) {
    last.current = value;
    // "20." is being typed as 20: the same number stays as typed.
    if (value !== text && !(value !== '' && text !== '' && Number(value) === Number(text))) setText(value);
  }
  return [text, setText];
}

/** A text or number field that keeps what the learner types (see useTyped). */
function TypedField(props: { type: 'text' | 'number'; label: string; value: string; onText(text: string): void }): React.ReactElement {
  const [text, setText] = useTyped(props.value);
  return (
    <input
      type={props.type}
      {...(props.type === 'number' ? { step: 'any' } : {})}
      className={`${props.type === 'number' ? 'va-Answer-numberInput' : 'va-Answer-text'} jp-mod-styled`}
      aria-label={props.label}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        props.onText(e.currentTarget.value);
      }}
    />
  );
}

function Vector(props: { labels: string[]; values: number[]; done(values: number[]): void }): React.ReactElement {
  const external = props.labels.map((_, i) => (props.values[i] === undefined ? '' : String(props.values[i])));
  const [texts, setTexts] = React.useState(external);
  // A new value from outside (the notebook recorded one) replaces what is shown; the learner's
  // own typing comes back as the same numbers and is left as typed.
  const last = React.useRef(external.join('\u0000'));
  if (external.join('\u0000') !== last.current) {
    last.current = external.join('\u0000');
    if (external.some((v, i) => Number(v) !== Number(texts[i] ?? ''))) setTexts(external);
  }
  return (
    <span className="va-Answer-vector">
      {props.labels.map((label, i) => (
        <input
          key={label}
          type="number"
          step="any"
          className="va-Answer-numberInput jp-mod-styled"
          aria-label={label}
          placeholder={label}
          value={texts[i] ?? ''}
          onChange={(e) => {
            const next = texts.map((t, j) => (j === i ? e.currentTarget.value : t));
            setTexts(next);
            props.done(next.every((t) => t !== '') ? next.map(Number) : []);
          }}
        />
      ))}
    </span>
  );
}

/** An image answer: uploaded at once, with the upload's progress shown as it goes. */
function ImageUpload(props: IInputProps): React.ReactElement {
  const { trans } = props;
  const [status, setStatus] = React.useState(props.current?.type === 'image' ? trans.__('Image uploaded.') : '');
  const [sent, setSent] = React.useState<number | null>(null);
  const upload = (file: File): void => {
    setSent(0);
    setStatus(trans.__('Uploading…'));
    void props.client
      .upload(file, (fraction) => setSent(fraction))
      .then((up: UploadResult) => {
        setStatus(trans.__('Uploaded: %1 voxels, spacing %2 mm', up.size.join('×'), up.spacing.map((s) => s.toFixed(2)).join('×')));
        props.set({ type: 'image', uploadId: up.uploadId });
      })
      .catch((err: unknown) => setStatus(err instanceof Error ? err.message : String(err)))
      .finally(() => setSent(null));
  };
  return (
    <span className="va-Answer-image">
      <input type="file" accept=".nii,.nii.gz,.gz" aria-label={trans.__('Image file (.nii or .nii.gz)')} onChange={(e) => e.currentTarget.files?.[0] && upload(e.currentTarget.files[0])} />
      {sent !== null ? <progress max={1} value={sent} aria-label={trans.__('Upload progress')} /> : null}
      <span className="va-Answer-status" role="status">
        {status}
      </span>
    </span>
  );
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
