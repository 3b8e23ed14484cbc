import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { PanelLayout } from '@lumino/widgets';
import { Widget } from '@lumino/widgets';
import { ApiPath, SubmissionResult, type CellComment, type LiveEvent } from '@voxel-academy/protocol';
import { z } from 'zod';
import type { IAcademyClient, ILiveEvents } from '../tokens';
import '../../style/project.css';

export interface IReviewCommentDeps {
  client: IAcademyClient;
  live: ILiveEvents | null;
  trans: TranslationBundle;
  course: string;
  assessment: string;
}

/** A grader's note under a cell: read-only, styled apart from the learner's own content. */
class ReviewNote extends Widget {
  constructor(comment: CellComment, trans: TranslationBundle) {
    super();
    this.addClass('va-ReviewNote');
    this.node.setAttribute('role', 'note');
    const label = document.createElement('strong');
    label.textContent = trans.__('Comment from your course team: ');
    const text = document.createElement('span');
    text.textContent = comment.text;
    this.node.append(label, text);
  }
}

/**
 * Shows the comments of the learner's latest graded project beside the cells they were made
 * on (found by cell id, else by position), and follows later grades live.
 */
export function followReviewComments(panel: NotebookPanel, deps: IReviewCommentDeps): void {
  let shown: Widget[] = [];
  const place = (comments: CellComment[]): void => {
    for (const w of shown) w.dispose();
    shown = [];
    const cells = panel.content.widgets;
    for (const comment of comments) {
      const cell = (comment.cellId ? cells.find((c) => c.model.id === comment.cellId) : undefined) ?? cells[comment.cellIndex];
      if (!cell) continue;
      const note = new ReviewNote(comment, deps.trans);
      (cell.layout as PanelLayout).addWidget(note);
      shown.push(note);
    }
  };
  const refresh = async (): Promise<void> => {
    const query = `?course=${encodeURIComponent(deps.course)}&assessment=${encodeURIComponent(deps.assessment)}`;
    const submissions = await deps.client.request(`${ApiPath.submissions}${query}`, z.array(SubmissionResult));
    const reviewed = submissions
      .filter((s) => s.status === 'graded')
      .sort((a, b) => b.attempt - a.attempt)
      .flatMap((s) => s.items.flatMap((i) => (i.review ? [i.review] : [])))[0];
    if (!panel.isDisposed) place(reviewed?.cellComments ?? []);
  };
  const onLive = (_: ILiveEvents, event: LiveEvent): void => {
    if (event.type === 'submission.graded' && event.submission.courseId === deps.course && event.submission.assessmentId === deps.assessment) void refresh();
  };
  deps.live?.received.connect(onLive);
  panel.disposed.connect(() => deps.live?.received.disconnect(onLive));
  void refresh().catch(() => undefined);
}
