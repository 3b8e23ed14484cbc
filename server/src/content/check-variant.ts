import { existsSync } from 'node:fs';
import { FROM_SOLUTION, PLACEHOLDER, type AuthoredItem, type ContentAssessment } from '../assessments/content-schema.js';
import { parseExpression } from '../variants/expression.js';
import { expressionsOf } from '../variants/spec.js';
import type { IContentProblem } from './problems.js';
import { solutionNotebook, type IReferenceRoots } from './references.js';

/**
 * Variants and computed keys: every expression parses and names declared parameters, derived
 * datasets come from declared NIfTI datasets, prompts show public parameters only, and a key
 * `from-solution` has a reference solution to run.
 */
export function checkVariant(a: ContentAssessment, file: string, roots: IReferenceRoots, problems: IContentProblem[], notices: IContentProblem[]): void {
  const spec = a.variant;
  const declared = new Set(Object.keys(spec?.parameters ?? {}));
  const expression = (text: string, path: string): void => {
    try {
      const unknown = [...parseExpression(text).parameters].filter((p) => !declared.has(p));
      if (unknown.length === 0) return;
      problems.push({
        file,
        path,
        message: spec
          ? `unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((p) => `$${p}`).join(', ')} (declared: ${[...declared].map((p) => `$${p}`).join(', ')})`
          : `"${text}" uses parameters, but the assessment declares no variant: add a variant: block with them`
      });
    } catch (err) {
      problems.push({ file, path, message: `not a number or an expression: ${(err as Error).message}` });
    }
  };

  if (spec) {
    // A derived parameter may use only the parameters declared before it.
    const names = Object.keys(spec.parameters);
    for (const [k, name] of names.entries()) {
      const p = spec.parameters[name];
      if (!p || !('value' in p)) continue;
      try {
        const later = [...parseExpression(p.value).parameters].filter((q) => names.indexOf(q) >= k);
        if (later.length > 0) problems.push({ file, path: `variant.parameters.${name}.value`, message: `uses ${later.map((q) => `$${q}`).join(', ')}, declared at or after it: derived parameters come after what they use` });
      } catch {
        // reported below with the other expressions
      }
    }
    for (const { path, text } of expressionsOf(spec)) expression(text, `variant.${path}`);
    for (const [id, derivation] of Object.entries(spec.datasets)) {
      const at = `variant.datasets.${id}`;
      if (!roots.datasets.has(id)) problems.push({ file, path: at, message: `dataset "${id}" is not declared in curriculum/${roots.courseId}/datasets.yaml (a variant replaces a dataset the lesson loads)` });
      const from = roots.datasets.get(derivation.from);
      if (!from) problems.push({ file, path: `${at}.from`, message: `dataset "${derivation.from}" is not declared in curriculum/${roots.courseId}/datasets.yaml` });
      else if (!/\.nii(\.gz)?$/.test(from.file)) problems.push({ file, path: `${at}.from`, message: `dataset "${derivation.from}" is ${from.file}: variants are derived from NIfTI images only` });
    }
    for (const [name, p] of Object.entries(spec.parameters)) {
      if ('integer' in p && p.integer[1] - p.integer[0] + 1 < spec.pool) {
        notices.push({ file, path: `variant.parameters.${name}`, message: `${p.integer[1] - p.integer[0] + 1} integers for a pool of ${spec.pool}: some different variants share a value of $${name}` });
      }
    }
  }

  const publicNames = new Set(Object.entries(spec?.parameters ?? {}).filter(([, p]) => p.public).map(([n]) => n));
  a.items.forEach((item, i) => {
    const at = (p: string): string => `items[${i}]${p}`;
    for (const [text, path] of shownTexts(item)) {
      for (const [, name] of text.matchAll(PLACEHOLDER)) {
        if (publicNames.has(name as string)) continue;
        const why = declared.has(name as string) ? `$${name} is not public (public: true shows it to learners)` : `no public parameter "${name}"`;
        problems.push({ file, path: at(path), message: `{${name}}: ${why}` });
      }
    }
    for (const [value, path] of keyNumbers(item)) {
      if (value === FROM_SOLUTION) {
        const solution = solutionNotebook(roots.assessmentDir, a.lesson);
        if (!existsSync(solution)) problems.push({ file, path: at(path), message: `${FROM_SOLUTION} needs the reference solution ${solution}` });
      } else if (typeof value === 'string') {
        expression(value, at(path));
      }
    }
  });
}

function shownTexts(item: AuthoredItem): [string, string][] {
  const texts: [string, string][] = [[item.prompt, '.prompt']];
  if ('options' in item) item.options.forEach((o, j) => texts.push([o.text, `.options[${j}].text`]));
  return texts;
}

/** The key values an item may compute: numbers, expressions or `from-solution`. */
export function keyNumbers(item: AuthoredItem): [number | string, string][] {
  switch (item.kind) {
    case 'numeric':
      return [[item.key.value, '.key.value']];
    case 'transform':
      return typeof item.key.values === 'string' ? [[item.key.values, '.key.values']] : item.key.values.map((v, j) => [v, `.key.values[${j}]`]);
    case 'landmark':
      return typeof item.key.point === 'string' ? [[item.key.point, '.key.point']] : item.key.point.map((v, j) => [v, `.key.point[${j}]`]);
    case 'segmentation':
    case 'intensity-image':
      return item.key.reference === FROM_SOLUTION ? [[FROM_SOLUTION, '.key.reference']] : [];
    default:
      return [];
  }
}
