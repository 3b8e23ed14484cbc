import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import { rubricMaxPoints, type AnswerValue, type PublicItemOf } from '@voxel-academy/protocol';
import type { IProjectSource, IProjectState } from './project-source';
import { RubricTable } from './rubric-view';

/** Where the project lives: which lesson's notebook, and how to read and upload it. */
export interface IProjectContext {
  source: IProjectSource;
  courseId: string;
  lessonId: string;
  assessmentId: string;
}

interface IProjectInputProps {
  item: PublicItemOf<'project'>;
  trans: TranslationBundle;
  current: AnswerValue | undefined;
  set(value: AnswerValue | null): void;
  project: IProjectContext;
}

const words = (text: string): number => (text.trim() === '' ? 0 : text.trim().split(/\s+/).length);

/**
 * A practical project: the rubric it is graded with, the notebook and files that will be sent,
 * a snapshot taken when the learner says so, and the written report. The report is kept in
 * this browser while the learner writes it, even before any snapshot exists.
 */
export function ProjectInput(props: IProjectInputProps): React.ReactElement {
  const { item, trans, project, current } = props;
  const reportKey = `voxel-academy:report:${project.courseId}:${project.assessmentId}:${item.id}`;
  const [report, setReport] = React.useState(() => (current?.type === 'project' ? current.report : (window.localStorage.getItem(reportKey) ?? '')));
  const [uploadId, setUploadId] = React.useState(current?.type === 'project' ? current.uploadId : null);
  const [workspace, setWorkspace] = React.useState<IProjectState | null>(null);
  const [status, setStatus] = React.useState('');
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => {
    void project.source.inspect(project.courseId, project.lessonId, item).then(setWorkspace, (err: unknown) => setStatus(err instanceof Error ? err.message : String(err)));
  }, [project.courseId, project.lessonId, item]);

  const answer = (id: string | null, text: string): void => props.set(id === null ? null : { type: 'project', uploadId: id, report: text });
  const onReport = (text: string): void => {
    setReport(text);
    window.localStorage.setItem(reportKey, text);
    answer(uploadId, text);
  };
  const snapshot = async (): Promise<void> => {
    setBusy(true);
    setStatus(trans.__('Saving and uploading your notebook…'));
    try {
      const up = await project.source.snapshot(project.courseId, project.lessonId, item);
      setUploadId(up.uploadId);
      answer(up.uploadId, report);
      setStatus(trans.__('Snapshot taken: %1 cells and %2 file(s), %3 KB. Take another after further changes.', up.cells, up.files.length, Math.round(up.bytes / 1024)));
      setWorkspace(await project.source.inspect(project.courseId, project.lessonId, item));
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const count = words(report);
  const { min, max } = item.reportWords;
  return (
    <div className="va-Project">
      <details className="va-Project-rubric">
        <summary>{trans.__('How this project is graded (%1 points)', rubricMaxPoints(item.rubric))}</summary>
        <RubricTable rubric={item.rubric} trans={trans} />
      </details>
      <div className="va-Project-workspace">
        <p>
          {workspace?.savedAt
            ? trans.__('Your notebook %1, last saved %2.', workspace.notebookPath, new Date(workspace.savedAt).toLocaleString())
            : trans.__('Your project notebook will be sent with its outputs.')}
        </p>
        {item.files.length > 0 ? (
          <ul className="va-Project-files" aria-label={trans.__('Files the project asks for')}>
            {item.files.map((f) => {
              const found = workspace?.files.find((w) => w.path === f.path)?.found;
              return (
                <li key={f.path} data-found={found === undefined ? 'unknown' : String(found)}>
                  <code>{f.path}</code> {f.required ? trans.__('(required)') : trans.__('(optional)')} — {found ? trans.__('found') : trans.__('not found yet')}
                  {f.description ? <span className="va-Lesson-meta"> {f.description}</span> : null}
                </li>
              );
            })}
          </ul>
        ) : null}
        <button type="button" className="jp-Button va-Project-snapshot" disabled={busy} onClick={() => void snapshot()}>
          {uploadId ? trans.__('Take a new snapshot') : trans.__('Attach a snapshot of my notebook')}
        </button>
        <span className="va-Answer-status" role="status">
          {status}
        </span>
      </div>
      <label className="va-Project-reportLabel">
        {trans.__('Written report (%1–%2 words)', min, max)}
        <textarea className="va-Project-report jp-mod-styled" rows={10} value={report} onChange={(e) => onReport(e.currentTarget.value)} />
      </label>
      <p className={`va-Project-words${count < min || count > max ? ' va-mod-outside' : ''}`} aria-live="polite">
        {trans.__('%1 words', count)}
      </p>
    </div>
  );
}
