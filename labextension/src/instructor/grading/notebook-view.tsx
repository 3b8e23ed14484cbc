import * as React from 'react';
import { MimeModel, type IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Widget } from '@lumino/widgets';
import type { CellComment } from '@voxel-academy/protocol';

interface ICell {
  cell_type?: string;
  id?: string;
  source?: string | string[];
  execution_count?: number | null;
  outputs?: Array<Record<string, unknown>>;
}

interface INotebookViewProps {
  notebook: Record<string, unknown>;
  comments: CellComment[];
  rendermime: IRenderMimeRegistry | null;
  trans: TranslationBundle;
  /** Null when the grader may not comment (the project is not theirs to grade). */
  onComment: ((cellIndex: number, cellId: string | null, text: string) => void) | null;
}

const text = (s: unknown): string => (Array.isArray(s) ? s.join('') : typeof s === 'string' ? s : '');
// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

/**
 * The learner's notebook as they submitted it, rendered read-only with JupyterLab's own
 * renderers (untrusted: HTML sanitised, no scripts). Each cell can carry a comment the learner
 * later sees beside that cell of their own notebook.
 */
export function NotebookView(props: INotebookViewProps): React.ReactElement {
  const cells = (Array.isArray(props.notebook['cells']) ? props.notebook['cells'] : []) as ICell[];
  if (cells.length === 0) return <p>{props.trans.__('The notebook of this submission is not available (its upload is gone); grade from the report.')}</p>;
  return (
    <ol className="va-Snapshot" aria-label={props.trans.__('The learner’s notebook')}>
      {cells.map((cell, i) => (
        <CellView key={cell.id ?? i} cell={cell} index={i} comment={props.comments.find((c) => c.cellIndex === i)} {...props} />
      ))}
    </ol>
  );
}

function CellView(props: INotebookViewProps & { cell: ICell; index: number; comment: CellComment | undefined }): React.ReactElement {
  const { cell, index, trans } = props;
  const [editing, setEditing] = React.useState(false);
  const source = text(cell.source);
  // One object per source, so the renderer is not rebuilt on every keystroke elsewhere.
  const markdown = React.useMemo(() => ({ 'text/markdown': source }), [source]);
  const alt = trans.__('A figure of cell %1 of the learner’s notebook', index + 1);
  return (
    <li className={`va-Snapshot-cell va-mod-${cell.cell_type ?? 'raw'}`} data-cell-index={index} data-cell-id={cell.id ?? ''}>
      <div className="va-Snapshot-prompt" aria-hidden="true">
        {cell.cell_type === 'code' ? `[${cell.execution_count ?? ' '}]` : ''}
      </div>
      <div className="va-Snapshot-content">
        {cell.cell_type === 'markdown' ? <Mime rendermime={props.rendermime} data={markdown} alt={alt} /> : <pre className="va-Snapshot-code">{source}</pre>}
        {(cell.outputs ?? []).map((o, k) => (
          <Output key={k} output={o} rendermime={props.rendermime} alt={alt} />
        ))}
        {props.comment && !editing ? (
          <div className="va-Snapshot-comment" role="note">
            <strong>{trans.__('Your comment: ')}</strong>
            {props.comment.text}
          </div>
        ) : null}
        {editing && props.onComment ? (
          <CommentBox
            initial={props.comment?.text ?? ''}
            label={trans.__('Comment on cell %1', index + 1)}
            trans={trans}
            done={(value) => {
              props.onComment?.(index, cell.id ?? null, value);
              setEditing(false);
            }}
          />
        ) : null}
        {props.onComment && !editing ? (
          <button type="button" className="va-Link va-Snapshot-addComment" onClick={() => setEditing(true)}>
            {props.comment ? trans.__('Edit comment on cell %1', index + 1) : trans.__('Comment on cell %1', index + 1)}
          </button>
        ) : null}
      </div>
    </li>
  );
}

function CommentBox(props: { initial: string; label: string; trans: TranslationBundle; done(text: string): void }): React.ReactElement {
  const [value, setValue] = React.useState(props.initial);
  return (
    <div className="va-Snapshot-commentBox">
      <textarea className="jp-mod-styled" aria-label={props.label} rows={3} value={value} autoFocus onChange={(e) => setValue(e.currentTarget.value)} />
      <button type="button" className="jp-Button" onClick={() => props.done(value)}>
        {props.trans.__('Keep comment')}
      </button>
      <button type="button" className="jp-Button" onClick={() => props.done('')}>
        {props.trans.__('Remove')}
      </button>
    </div>
  );
}

function Output(props: { output: Record<string, unknown>; rendermime: IRenderMimeRegistry | null; alt: string }): React.ReactElement | null {
  const o = props.output;
  switch (o['output_type']) {
    case 'stream':
      return <pre className={`va-Snapshot-stream va-mod-${String(o['name'])}`}>{text(o['text'])}</pre>;
    case 'error':
      return <pre className="va-Snapshot-error">{stripAnsi([`${String(o['ename'])}: ${String(o['evalue'])}`, ...((o['traceback'] as string[] | undefined) ?? [])].join('\n'))}</pre>;
    case 'execute_result':
    case 'display_data':
      return <Mime rendermime={props.rendermime} data={(o['data'] ?? {}) as ReadonlyPartialJSONObject} alt={props.alt} />;
    default:
      return null;
  }
}

/**
 * One mime bundle through JupyterLab's renderers; without them, plain text or a picture.
 * Pictures get a text alternative (JupyterLab's image renderer leaves `alt` empty).
 */
function Mime(props: { rendermime: IRenderMimeRegistry | null; data: ReadonlyPartialJSONObject; alt: string }): React.ReactElement {
  const host = React.useRef<HTMLDivElement>(null);
  const { rendermime, data, alt } = props;
  React.useEffect(() => {
    const node = host.current;
    const mime = rendermime?.preferredMimeType(data, 'ensure');
    if (!node || !rendermime || !mime) return;
    const renderer = rendermime.createRenderer(mime);
    void renderer.renderModel(new MimeModel({ data, trusted: false })).then(() => {
      for (const img of renderer.node.querySelectorAll('img')) if (!img.alt) img.alt = alt;
    });
    Widget.attach(renderer, node);
    return () => renderer.dispose();
  }, [rendermime, data, alt]);
  if (rendermime) return <div ref={host} className="va-Snapshot-output" />;
  const png = data['image/png'];
  if (typeof png === 'string') return <img className="va-Snapshot-output" alt={alt} src={`data:image/png;base64,${png}`} />;
  return <pre className="va-Snapshot-output">{text(data['text/plain'] ?? data['text/markdown'])}</pre>;
}
