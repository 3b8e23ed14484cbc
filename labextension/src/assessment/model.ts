import { nullTranslator, type TranslationBundle } from '@jupyterlab/translation';
import { Signal, type ISignal } from '@lumino/signaling';
import { ApiPath, IDEMPOTENCY_HEADER, PublicAssessment, SubmissionResult, type AnswerValue, type LiveEvent } from '@voxel-academy/protocol';
import { AcademyNetworkError } from '../client';
import type { IAcademyClient } from '../tokens';

export type Phase = 'loading' | 'editing' | 'reviewing' | 'submitting' | 'graded' | 'error';

export interface IAssessmentState {
  phase: Phase;
  assessment: PublicAssessment | null;
  answers: Record<string, AnswerValue>;
  result: SubmissionResult | null;
  /** A message for people: what went wrong, or that a retry is under way. */
  message: string | null;
  /** News that is not a problem (an instructor gave another attempt). */
  notice: string | null;
  /** Items whose current answer came from the lesson notebook (`course.answer`). */
  fromNotebook: string[];
  /** Items whose image, recorded by the notebook, is still being uploaded: Review waits for them. */
  uploading: string[];
  /** Bumped when answers change from outside the form, so the panel shows them. */
  revision: number;
}

const fill = (path: string, params: Record<string, string>): string => path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));

/**
 * One assessment: its public questions, the learner's draft answers (kept in localStorage so
 * nothing typed is lost on reload), review, and a submit that retries safely: the same
 * idempotency key goes with every retry, so the server counts the attempt once.
 */
export class AssessmentModel {
  private variant: string | null = null;
  private _state: IAssessmentState = { phase: 'loading', assessment: null, answers: {}, result: null, message: null, notice: null, fromNotebook: [], uploading: [], revision: 0 };
  private readonly _changed = new Signal<AssessmentModel, IAssessmentState>(this);
  private readonly draftKey: string;

  constructor(
    private readonly client: IAcademyClient,
    readonly courseId: string,
    readonly assessmentId: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = window.localStorage,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    /** Messages the model shows the learner. */
    readonly trans: TranslationBundle = nullTranslator.load('voxel_academy')
  ) {
    this.draftKey = `voxel-academy:draft:${client.serviceUrl ?? ''}:${courseId}:${assessmentId}`;
  }

  get state(): IAssessmentState {
    return this._state;
  }

  get changed(): ISignal<AssessmentModel, IAssessmentState> {
    return this._changed;
  }

  async load(): Promise<void> {
    try {
      const assessment = await this.client.request(fill(ApiPath.assessment, { course: this.courseId, assessment: this.assessmentId }), PublicAssessment);
      this.update({ phase: 'editing', assessment, answers: this.readDraft(), message: null });
    } catch (err) {
      this.update({ phase: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  setAnswer(itemId: string, value: AnswerValue | null): void {
    const answers = Object.fromEntries(Object.entries(this._state.answers).filter(([id]) => id !== itemId));
    if (value !== null) answers[itemId] = value;
    this.storage.setItem(this.draftKey, JSON.stringify(answers));
    this.update({ answers, fromNotebook: this._state.fromNotebook.filter((id) => id !== itemId) });
  }

  /**
   * Answers recorded elsewhere (by `course.answer` in the lesson notebook) fill the form; only
   * items of this assessment are taken, and the learner can still change them before submitting.
   */
  mergeAnswers(recorded: Record<string, AnswerValue>, origin: 'notebook' | 'other' = 'other'): void {
    const known = new Set((this._state.assessment?.items ?? []).map((i) => i.id));
    const taken = Object.entries(recorded).filter(([id]) => known.size === 0 || known.has(id));
    if (taken.length === 0) return;
    const answers = { ...this._state.answers, ...Object.fromEntries(taken) };
    this.storage.setItem(this.draftKey, JSON.stringify(answers));
    const ids = taken.map(([id]) => id);
    const others = this._state.fromNotebook.filter((id) => !ids.includes(id));
    this.update({ answers, fromNotebook: origin === 'notebook' ? [...others, ...ids] : others, revision: this._state.revision + 1 });
  }

  /** Marks an item whose notebook-recorded image is being uploaded (or no longer is). */
  setUploading(itemId: string, uploading: boolean): void {
    const others = this._state.uploading.filter((id) => id !== itemId);
    this.update({ uploading: uploading ? [...others, itemId] : others });
  }

  /** A message for the learner that is not an error of the form (e.g. an upload that failed). */
  notify(message: string | null): void {
    this.update({ message });
  }

  /** Review (and so Submit) waits until every image the notebook recorded has been uploaded. */
  review(): void {
    if (this._state.uploading.length > 0) return;
    this.update({ phase: 'reviewing' });
  }

  edit(): void {
    this.update({ phase: 'editing', result: null });
  }

  /** The variant tag of the data the notebook computed its answers on (sent with the submission). */
  setVariant(tag: string | null): void {
    this.variant = tag;
  }

  async submit(): Promise<void> {
    if (this._state.uploading.length > 0) return;
    const key = crypto.randomUUID();
    const path = fill(ApiPath.submit, { course: this.courseId, assessment: this.assessmentId });
    this.update({ phase: 'submitting', message: null });
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.client.request(path, SubmissionResult, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: key },
          body: JSON.stringify({ answers: this._state.answers, ...(this.variant ? { variant: this.variant } : {}) })
        });
        this.storage.removeItem(this.draftKey);
        this.update({ phase: 'graded', result, message: null });
        return;
      } catch (err) {
        if (err instanceof AcademyNetworkError && attempt < 4) {
          this.update({ message: this.trans.__('Connection lost — retrying safely (attempt %1 of 4). Your answers will be counted once.', attempt + 1) });
          await this.sleep(500 * 2 ** attempt);
          continue;
        }
        this.update({ phase: 'reviewing', message: err instanceof Error ? err.message : String(err) });
        return;
      }
    }
  }

  /**
   * An instructor changed this learner's attempts, deadline or excused items: the result on
   * screen shows the attempts left at once (a "Try again" appears with a new attempt).
   */
  applyOverride(change: Extract<LiveEvent, { type: 'override.changed' }>): void {
    if (change.courseId !== this.courseId || change.assessmentId !== this.assessmentId) return;
    const result = this._state.result ? { ...this._state.result, attemptsLeft: change.attemptsLeft } : null;
    const assessment = this._state.assessment ? { ...this._state.assessment, deadline: change.deadline } : null;
    const left = change.attemptsLeft === null ? this.trans.__('no attempt limit') : this.trans.__('%1 attempts left', change.attemptsLeft);
    this.update({ result, assessment, notice: this.trans.__('Your course team updated this assessment for you: %1.', left) });
  }

  /** A result pushed live (another tab submitted): show it here too. */
  receive(result: SubmissionResult): void {
    if (result.courseId === this.courseId && result.assessmentId === this.assessmentId) this.update({ phase: 'graded', result, message: null });
  }

  private readDraft(): Record<string, AnswerValue> {
    try {
      return JSON.parse(this.storage.getItem(this.draftKey) ?? '{}') as Record<string, AnswerValue>;
    } catch {
      return {};
    }
  }

  private update(patch: Partial<IAssessmentState>): void {
    this._state = { ...this._state, ...patch };
    this._changed.emit(this._state);
  }
}
