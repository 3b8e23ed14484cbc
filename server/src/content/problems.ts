import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';

/** One problem in the content: which file, where inside it, and what is wrong. */
export interface IContentProblem {
  file: string;
  path: string;
  message: string;
}

export class ContentError extends Error {
  constructor(readonly problems: IContentProblem[]) {
    super(
      `The course content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`).join('\n')
    );
    this.name = 'ContentError';
  }
}

/** Parses YAML and validates it, turning every issue into a located problem. */
export function parseYamlAs<S extends z.ZodType>(text: string, file: string, schema: S, problems: IContentProblem[]): z.infer<S> | undefined {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `line ${err.linePos[0].line}` : '';
    problems.push({ file, path: where, message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ file, path: formatPath(issue.path), message: issue.message });
    return undefined;
  }
  return parsed.data;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}
