// Reading the served OpenAPI document as a client generator would: find an operation by method
// and path template, and validate an instance against the JSON Schema the document gives for a
// request body or an answer. Validation is Ajv's JSON Schema 2020-12 (the dialect OpenAPI 3.1
// names), over the document's own components, so it checks the document, not the zod it came from.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../../../../contract/openapi.ts';

// ajv-formats is CommonJS; its default export arrives wrapped or not depending on the loader.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

export type Doc = JsonSchema & {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
  tags: { name: string }[];
};

export interface Operation {
  operationId: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: JsonSchema }> }
  >;
}

const DOC_ID = 'openapi.json';

export function documentValidator(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Refs in the document are `#/components/schemas/X`: relative to the document itself.
  ajv.addSchema({ $id: DOC_ID, components: doc.components });

  const compile = (schema: JsonSchema) => {
    const target = schema.$ref;
    if (typeof target === 'string' && target.startsWith('#/')) {
      const validate = ajv.getSchema(`${DOC_ID}${target}`);
      if (!validate) throw new Error(`no schema at ${target}`);
      return validate;
    }
    return ajv.compile(schema);
  };

  /** Ajv's verdict: null when the instance is valid, else its error list as text. */
  function check(schema: JsonSchema, instance: unknown): string | null {
    const validate = compile(schema);
    return validate(instance) ? null : ajv.errorsText(validate.errors);
  }

  function operation(method: string, template: string): Operation {
    const op = doc.paths[template.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method.toLowerCase()];
    if (!op) throw new Error(`the document does not describe ${method} ${template}`);
    return op;
  }

  /** The JSON schema of the answer `status` (success statuses must be listed; errors may be default). */
  function answerSchema(method: string, template: string, status: number): JsonSchema {
    const responses = operation(method, template).responses;
    const answer = responses[String(status)] ?? (status >= 400 ? responses.default : undefined);
    const schema = answer?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method} ${template} describes no JSON answer for ${status}`);
    return schema;
  }

  function requestSchema(method: string, template: string): JsonSchema {
    const schema = operation(method, template).requestBody?.content['application/json']?.schema;
    if (!schema) throw new Error(`${method} ${template} describes no JSON body`);
    return schema;
  }

  return {
    compile,
    check,
    operation,
    checkAnswer: (method: string, template: string, status: number, body: unknown) =>
      check(answerSchema(method, template, status), body),
    checkRequest: (method: string, template: string, body: unknown) =>
      check(requestSchema(method, template), body),
  };
}

/** Every `$ref` in the document, with where it was found. */
export function refsOf(value: unknown, at = '#', out: { at: string; ref: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => refsOf(v, `${at}/${i}`, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') out.push({ at, ref: v });
      else refsOf(v, `${at}/${key}`, out);
    }
  }
  return out;
}

/** RFC 6901 JSON pointer into the document; undefined when it leads nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!node || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
