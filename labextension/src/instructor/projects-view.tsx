import * as React from 'react';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReviewQueue } from '@voxel-academy/protocol';
import type { InstructorApi } from './api';

interface IProjectsProps {
  api: InstructorApi;
  courseId: string;
  projects: { assessmentId: string; title: string }[];
  /** Bumped by live events: the counts follow colleagues' grading. */
  liveUpdates: number;
  trans: TranslationBundle;
  openGrading(assessmentId: string, title: string): void;
}

/** The course's practical projects with their grading queues: waiting, being graded, graded. */
export function ProjectsView(props: IProjectsProps): React.ReactElement {
  const { api, courseId, projects, trans } = props;
  const [queues, setQueues] = React.useState<ReviewQueue[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => {
    let current = true;
    Promise.all(projects.map((p) => api.queue(courseId, p.assessmentId, true))).then(
      (q) => current && setQueues(q),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err))
    );
    return () => {
      current = false;
    };
  }, [api, courseId, projects, props.liveUpdates]);
  if (projects.length === 0) return <p>{trans.__('This course has no practical project.')}</p>;
  return (
    <div className="va-Projects">
      {error ? <p className="va-Assessment-error">{error}</p> : null}
      <table className="va-Table">
        <thead>
          <tr>
            <th scope="col">{trans.__('Project')}</th>
            <th scope="col">{trans.__('Waiting')}</th>
            <th scope="col">{trans.__('Being graded')}</th>
            <th scope="col">{trans.__('Graded')}</th>
            <th scope="col">{trans.__('Grading queue')}</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => {
            const q = queues?.find((x) => x.assessmentId === p.assessmentId);
            return (
              <tr key={p.assessmentId} data-assessment-id={p.assessmentId}>
                <th scope="row">{p.title}</th>
                <td>{q?.counts.open ?? '…'}</td>
                <td>{q?.counts.claimed ?? '…'}</td>
                <td>{q?.counts.graded ?? '…'}</td>
                <td>
                  <button type="button" className="jp-Button va-Projects-open" onClick={() => props.openGrading(p.assessmentId, p.title)}>
                    {trans.__('Open the grading queue')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="va-Lesson-meta">
        {trans.__('Graders share a queue: “next” gives each grader a project nobody else holds; a claim lasts 30 minutes from the last save.')}
      </p>
    </div>
  );
}
