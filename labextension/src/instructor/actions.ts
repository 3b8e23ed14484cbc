import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { LearnerView, PublicItem } from '@voxel-academy/protocol';
import type { InstructorModel } from './model';

type Assessment = LearnerView['assessments'][number];
type Override = LearnerView['overrides'][number];

/**
 * The instructor's actions on one learner, each behind a dialog that says what will happen:
 * an extra attempt, a personal deadline and excused items, a certificate revoked with a reason.
 */
export class LearnerActions {
  constructor(
    private readonly model: InstructorModel,
    private readonly trans: TranslationBundle,
    /** The assessment's public items (for the excuse checkboxes). */
    private readonly items: (assessmentId: string) => Promise<PublicItem[]>
  ) {}

  async grantAttempt(user: string, a: Assessment, current: Override | undefined): Promise<void> {
    const { trans } = this;
    const extra = (current?.extraAttempts ?? 0) + 1;
    const answer = await showDialog({
      title: trans.__('Grant %1 another attempt?', user),
      body: trans.__('“%1”: %2 attempt(s) used, %3 left now. With this, %4 extra attempt(s) in all; the learner’s open panel shows it at once.', a.title, a.attemptsUsed, a.attemptsLeft ?? '∞', extra),
      buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.okButton({ label: trans.__('Grant attempt') })]
    });
    if (!answer.button.accept) return;
    await this.model.setOverride(a.assessmentId, user, { extraAttempts: extra, deadline: current?.deadline ?? null, excusedItems: current?.excusedItems ?? [] });
  }

  async adjust(user: string, a: Assessment, current: Override | undefined): Promise<void> {
    const { trans } = this;
    const items = await this.items(a.assessmentId);
    const body = new AdjustBody(trans, items, current);
    const answer = await showDialog({
      title: trans.__('Deadline and excused items: %1, “%2”', user, a.title),
      body,
      buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.okButton({ label: trans.__('Save for this learner') })]
    });
    if (!answer.button.accept || !answer.value) return;
    await this.model.setOverride(a.assessmentId, user, answer.value);
  }

  async revoke(user: string, certificate: LearnerView['certificates'][number]): Promise<void> {
    const { trans } = this;
    const body = new ReasonBody(trans);
    const answer = await showDialog({
      title: trans.__('Revoke “%1” of %2?', certificate.title, user),
      body,
      buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.warnButton({ label: trans.__('Revoke certificate') })]
    });
    if (!answer.button.accept) return;
    const reason = answer.value ?? '';
    if (reason.trim().length < 3) {
      await showDialog({ title: trans.__('Not revoked'), body: trans.__('Give a reason of at least three characters: it is shown to anyone who verifies the certificate.'), buttons: [Dialog.okButton()] });
      return;
    }
    await this.model.revoke(certificate.id, reason.trim());
  }
}

/** Personal deadline (or none) and excused items, as the override request takes them. */
class AdjustBody extends Widget implements Dialog.IBodyWidget<{ extraAttempts: number; deadline: string | null; excusedItems: string[] }> {
  private readonly extra: number;

  constructor(trans: TranslationBundle, items: PublicItem[], current: Override | undefined) {
    super();
    this.addClass('va-Dialog-form');
    this.extra = current?.extraAttempts ?? 0;
    const local = current?.deadline ? new Date(current.deadline) : null;
    const value = local ? new Date(local.getTime() - local.getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '';
    const excused = new Set(current?.excusedItems ?? []);
    const field = (label: string, html: string): string => `<label>${escape(label)} ${html}</label>`;
    this.node.innerHTML = [
      field(trans.__('Personal deadline (empty: the assessment’s own)'), `<input type="datetime-local" name="deadline" value="${value}" class="jp-mod-styled">`),
      `<fieldset><legend>${escape(trans.__('Excused items (not counted in this learner’s score)'))}</legend>`,
      ...items.map((i) => `<label class="va-Dialog-check"><input type="checkbox" name="excused" value="${escape(i.id)}"${excused.has(i.id) ? ' checked' : ''}> ${escape(i.prompt.slice(0, 90))}</label>`),
      '</fieldset>'
    ].join('');
  }

  getValue(): { extraAttempts: number; deadline: string | null; excusedItems: string[] } {
    const deadline = (this.node.querySelector('input[name="deadline"]') as HTMLInputElement | null)?.value ?? '';
    const excusedItems = [...this.node.querySelectorAll<HTMLInputElement>('input[name="excused"]:checked')].map((i) => i.value);
    return { extraAttempts: this.extra, deadline: deadline === '' ? null : new Date(deadline).toISOString(), excusedItems };
  }
}

class ReasonBody extends Widget implements Dialog.IBodyWidget<string> {
  constructor(trans: TranslationBundle) {
    super();
    this.addClass('va-Dialog-form');
    this.node.innerHTML = `<label>${escape(trans.__('Reason (shown on the public verification page)'))}<textarea name="reason" rows="3" class="jp-mod-styled"></textarea></label>`;
  }

  getValue(): string {
    return (this.node.querySelector('textarea') as HTMLTextAreaElement | null)?.value ?? '';
  }
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
