import { existsSync } from 'node:fs';
import type { AnswerValue, ImageItemKind } from '@voxel-academy/protocol';
import { FROM_SOLUTION, isImageItem, type ContentItem, type ContentItemOf, type ImageReference } from '../assessments/content-schema.js';
import type { ICourseContent, ILoadedAssessment } from '../content/load-content.js';
import { describeReference, referenceFile } from '../content/references.js';
import { gradeItem } from '../grading/registry.js';
import type { IGradeContext, IGradeOutcome } from '../grading/types.js';
import type { ILearnerVariant, VariantMaterials } from '../variants/materials.js';
import { hiddenIdOf } from '../variants/resolve.js';
import type { IImageGradeJob, IImageWork } from './context.js';
import { isVariantItem, resolvedItems } from './variants.js';

export interface IGradingDeps {
  materials: VariantMaterials;
  images: IImageWork;
  course: ICourseContent;
  datasetsDir: string;
}

export interface IAnswersToGrade {
  assessment: ILoadedAssessment;
  /** The variant of the attempt (null: the assessment has none). */
  variant: ILearnerVariant | null;
  answers: Readonly<Record<string, AnswerValue | undefined>>;
  /** Image items' answer files (the learner's own uploads only). */
  answerFiles: ReadonlyMap<string, string | null>;
  /** The variant tag the notebook says it computed the answers on, if it said. */
  stated: string | null;
}

/**
 * Grades every item against the keys of the attempt's variant: the one place grading happens,
 * for the course server and for the curriculum check alike. Items whose key depends on the
 * variant say which variant the grade refers to; answers the notebook recorded on another
 * variant (a neighbour's, or an earlier attempt's) earn nothing there.
 */
export async function gradeAnswers(deps: IGradingDeps, g: IAnswersToGrade): Promise<Array<{ item: ContentItem; outcome: IGradeOutcome }>> {
  const { assessment, variant } = g;
  const items = await resolvedItems(deps.materials, deps.course, assessment, variant);
  const gradeCtx: IGradeContext = { choiceFeedback: assessment.feedbackPolicy.choices };
  const varies = (k: number): boolean => variant !== null && isVariantItem(assessment, assessment.items[k] as ILoadedAssessment['items'][number]);
  const outcomes = new Map<string, IGradeOutcome>();
  const imageJobs: Array<{ itemId: string; job: IImageGradeJob }> = [];
  for (const [k, item] of items.entries()) {
    const answer = g.answers[item.id];
    if (varies(k) && variant && g.stated !== null && g.stated !== variant.tag && answer !== undefined) {
      outcomes.set(item.id, {
        score: 0,
        feedback:
          `Your notebook computed this answer on variant ${g.stated}, but this attempt is graded on your variant ${variant.tag}, ` +
          'so it earns no credit. Run the lesson notebook again (course.data loads your variant) and submit the new answers.'
      });
    } else if (isImageItem(item)) {
      const referenceFile = await imageReference(deps, assessment, item, variant);
      imageJobs.push({ itemId: item.id, job: { item, answer, answerFile: g.answerFiles.get(item.id) ?? null, referenceFile } });
    } else {
      outcomes.set(item.id, gradeItem(item, answer, gradeCtx));
    }
  }
  if (imageJobs.length > 0) {
    const results = await deps.images.gradeImages(imageJobs.map((j) => j.job));
    imageJobs.forEach((j, i) => outcomes.set(j.itemId, results[i] ?? { score: 0, feedback: 'This image could not be graded.' }));
  }
  return items.map((item, k) => {
    const o = outcomes.get(item.id) ?? { score: 0, feedback: 'This item could not be graded.' };
    const named = varies(k) && variant !== null && !o.feedback.includes(variant.tag);
    return { item, outcome: named && variant ? { ...o, feedback: `${o.feedback} (Graded on your variant ${variant.tag}.)` } : o };
  });
}

/**
 * The reference image on disk: a file under assessments/, the image a hidden reference's
 * notebook made on this variant, or the one the reference solution recorded. A missing one
 * fails the grading (status "error", named in the log) rather than scoring the learner zero.
 */
async function imageReference(deps: IGradingDeps, a: ILoadedAssessment, item: ContentItemOf<ImageItemKind>, variant: ILearnerVariant | null): Promise<string> {
  const reference: ImageReference = item.key.reference;
  if (reference === FROM_SOLUTION) return deps.materials.solutionImage(deps.course, a, variant, item.id);
  const hidden = hiddenIdOf(reference);
  if (hidden !== null) return deps.materials.reference(deps.course, a, variant, hidden);
  const roots = { assessmentDir: a.dir, courseId: a.courseId, datasets: deps.course.datasets, datasetsDir: deps.datasetsDir };
  const file = referenceFile(reference, roots);
  if (file === null || !existsSync(file)) throw new Error(`reference ${describeReference(reference)} of assessment "${a.id}" is not available at ${file ?? '(none)'}`);
  return file;
}
