import fc from 'fast-check';

/** The part of JSON Schema 2020-12 that zod's toJSONSchema emits for our protocol. */
export interface IJsonSchema {
  type?: string | string[];
  properties?: Record<string, IJsonSchema>;
  required?: string[];
  additionalProperties?: boolean | IJsonSchema;
  propertyNames?: IJsonSchema;
  items?: IJsonSchema;
  prefixItems?: IJsonSchema[];
  minItems?: number;
  maxItems?: number;
  anyOf?: IJsonSchema[];
  oneOf?: IJsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** Real values for properties of these names (e.g. a lesson id), offered beside generated ones. */
export type KnownValues = Readonly<Record<string, readonly unknown[]>>;

/**
 * Values that satisfy a schema (as far as the generator can tell): the fuzzer's starting point
 * before mutation. `names` offers real keys for records (e.g. the assessment's item ids) next to
 * generated ones, and `known` real values for named properties, so valid bodies reach the
 * graders and the services behind a lookup.
 */
export function arbitraryFor(schema: IJsonSchema, names: readonly string[] = [], known: KnownValues = {}): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return fc.oneof(...choices.map((s) => arbitraryFor(s, names, known)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectOf(schema, names, known);
    case 'array':
      if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((s) => arbitraryFor(s, names, known)));
      return fc.array(arbitraryFor(schema.items ?? {}, names, known), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 8, 8) });
    case 'string':
      if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.pattern) return matching(schema.pattern).filter((s) => s.length <= (schema.maxLength ?? 200));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(schema: IJsonSchema, names: readonly string[], known: KnownValues): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const valueOf = (key: string, s: IJsonSchema): fc.Arbitrary<unknown> => {
    const generated = arbitraryFor(s, names, known);
    const real = known[key];
    return real && real.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: generated }) : generated;
  };
  if (properties.length > 0) {
    const record: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(properties.map(([k, s]) => [k, valueOf(k, s)]));
    return fc.record(record, { requiredKeys: schema.required ?? [] });
  }
  if (typeof schema.additionalProperties === 'object') {
    const generated = arbitraryFor(schema.propertyNames ?? { type: 'string' }) as fc.Arbitrary<string>;
    const key = names.length > 0 ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: generated }) : generated;
    return fc.dictionary(key, arbitraryFor(schema.additionalProperties, names, known), { maxKeys: 4 });
  }
  return fc.constant({});
}

/**
 * Strings that match `pattern`. fast-check cannot generate from lookaheads (e.g. the relative
 * paths of project files, `^(?!/)(?!.*\.\.)…`): those are generated without them, then filtered.
 */
function matching(pattern: string): fc.Arbitrary<string> {
  const re = new RegExp(pattern);
  try {
    return fc.stringMatching(re);
  } catch {
    return fc.stringMatching(new RegExp(pattern.replace(/\(\?[=!](?:[^()\\]|\\.)*\)/g, ''))).filter((s) => re.test(s));
  }
}
