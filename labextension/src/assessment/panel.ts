import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { PublicAssessment, SubmissionResult } from '@voxel-academy/protocol';
import type { IAcademyClient } from '../tokens';
import { describeAnswer, renderInput } from './inputs';
import type { AssessmentModel, IAssessmentState } from './model';

/** The assessment panel: questions → review → submit → score with per-item feedback. */
export class AssessmentPanel extends Widget {
  constructor(
    private readonly model: AssessmentModel,
    private readonly client: IAcademyClient,
    private readonly trans: TranslationBundle
  ) {
    super();
    this.addClass('va-Assessment');
    this.node.tabIndex = -1;
    let shown = -1;
    model.changed.connect((_, state) => {
      // Typing only changes the draft: re-rendering would steal the input's focus. Answers
      // arriving from the notebook do re-render, so the form shows them.
      if (state.phase !== 'editing' || !this.node.querySelector('.va-Assessment-items') || state.revision !== shown) this.render();
      else this.renderStatus();
      shown = state.revision;
    });
    this.render();
  }

  private render(): void {
    const s = this.model.state;
    const parts: HTMLElement[] = [];
    if (s.assessment) parts.push(this.header(s.assessment));
    const status = el('p', 'va-Assessment-status');
    status.setAttribute('aria-live', 'polite');
    parts.push(status);
    if (s.phase === 'loading') status.textContent = this.trans.__('Loading the assessment…');
    if (s.phase === 'editing' && s.assessment) parts.push(this.form(s.assessment, s));
    if ((s.phase === 'reviewing' || s.phase === 'submitting') && s.assessment) parts.push(this.reviewList(s.assessment, s));
    if (s.phase === 'graded' && s.result) parts.push(this.resultView(s.result));
    this.node.replaceChildren(...parts);
    this.renderStatus();
  }

  private renderStatus(): void {
    const s = this.model.state;
    const status = this.node.querySelector('.va-Assessment-status');
    if (!status) return;
    const text = s.phase === 'submitting' ? this.trans.__('Submitting…') : '';
    status.textContent = s.message ?? text;
    status.classList.toggle('va-Assessment-error', s.phase === 'error' || (s.message !== null && s.phase !== 'submitting'));
  }

  private header(a: PublicAssessment): HTMLElement {
    const head = el('header', 'va-Assessment-header');
    head.append(el('h2', '', a.title));
    const facts = [this.trans.__('Pass mark %1 %', Math.round(a.passMark * 100))];
    if (a.maxAttempts !== null) facts.push(this.trans.__('%1 attempts', a.maxAttempts));
    if (a.deadline) facts.push(this.trans.__('Deadline %1', new Date(a.deadline).toLocaleString()));
    if (a.variant) facts.push(this.trans.__('Your variant %1', a.variant.tag));
    head.append(el('p', 'va-Assessment-facts', facts.join(' · ')));
    return head;
  }

  private form(a: PublicAssessment, s: IAssessmentState): HTMLElement {
    const form = el('form', 'va-Assessment-items');
    a.items.forEach((item, i) => {
      const block = el('section', 'va-Assessment-item');
      block.dataset['itemId'] = item.id;
      block.append(el('div', 'va-Assessment-prompt', `${i + 1}. ${item.prompt}`));
      if (s.fromNotebook.includes(item.id)) {
        const note = el('div', 'va-Assessment-fromNotebook', this.trans.__('Recorded by your notebook (course.answer); you can still change it.'));
        block.append(note);
      }
      block.append(renderInput(item, { client: this.client, trans: this.trans, current: s.answers[item.id], set: (v) => this.model.setAnswer(item.id, v) }));
      form.append(block);
    });
    const review = button(this.trans.__('Review answers'), 'va-Assessment-review', () => this.model.review());
    form.append(review);
    form.addEventListener('submit', (e) => e.preventDefault());
    return form;
  }

  private reviewList(a: PublicAssessment, s: IAssessmentState): HTMLElement {
    const wrap = el('section', 'va-Assessment-reviewList');
    const list = el('ol', '');
    for (const item of a.items) list.append(el('li', '', `${item.prompt} — ${describeAnswer(s.answers[item.id], item, this.trans)}`));
    const missing = a.items.filter((i) => !s.answers[i.id]).length;
    wrap.append(list);
    if (missing > 0) wrap.append(el('p', 'va-Assessment-warning', this.trans.__('%1 question(s) have no answer and will score 0.', missing)));
    const busy = s.phase === 'submitting';
    wrap.append(button(this.trans.__('Back to answers'), 'va-Assessment-back', () => this.model.edit(), busy));
    wrap.append(button(this.trans.__('Submit'), 'va-Assessment-submit jp-mod-accept', () => void this.model.submit(), busy));
    return wrap;
  }

  private resultView(r: SubmissionResult): HTMLElement {
    const wrap = el('section', `va-Assessment-result ${r.passed ? 'va-mod-passed' : 'va-mod-failed'}`);
    wrap.dataset['status'] = r.status;
    const score = r.score === null ? '—' : `${Math.round(r.score * 1000) / 10} %`;
    wrap.append(el('h3', 'va-Assessment-score', r.passed ? this.trans.__('Passed: %1', score) : this.trans.__('Not passed yet: %1', score)));
    const meta = [this.trans.__('Attempt %1', r.attempt)];
    if (r.attemptsLeft !== null) meta.push(this.trans.__('%1 attempts left', r.attemptsLeft));
    if (r.late) meta.push(this.trans.__('late'));
    if (r.variant) meta.push(this.trans.__('graded on your variant %1', r.variant));
    wrap.append(el('p', 'va-Assessment-facts', meta.join(' · ')));
    const list = el('ul', 'va-Assessment-feedback');
    const prompts = new Map((this.model.state.assessment?.items ?? []).map((i, n) => [i.id, `${n + 1}. ${i.prompt}`]));
    for (const item of r.items) {
      const li = el('li', item.score >= 1 ? 'va-mod-correct' : item.score > 0 ? 'va-mod-partial' : 'va-mod-wrong');
      li.dataset['itemId'] = item.itemId;
      li.append(el('div', 'va-Assessment-prompt', prompts.get(item.itemId) ?? item.itemId));
      li.append(el('strong', '', `${Math.round(item.points * 100) / 100}/${item.maxPoints}`), el('span', '', ` — ${item.feedback}`));
      if (item.measurements) {
        const figures = Object.entries(item.measurements).map(([k, v]) => `${k} ${Math.round(v * 1000) / 1000}`);
        li.append(el('div', 'va-Lesson-meta', figures.join(' · ')));
      }
      list.append(li);
    }
    wrap.append(list);
    if (r.attemptsLeft !== 0) wrap.append(button(this.trans.__('Try again'), 'va-Assessment-again', () => this.model.edit()));
    return wrap;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(text: string, className: string, onClick: () => void, disabled = false): HTMLButtonElement {
  const b = el('button', `jp-Button ${className}`, text);
  b.type = 'button';
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}
