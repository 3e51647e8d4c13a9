import { CATEGORIES, SEVERITIES } from '../types.js';

/** JSON Schema of a declarative rule file (`*.yaml` under `rules/`). */
export const queryRuleSchema = {
  $id: 'https://revisor.dev/schemas/rule.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'languages', 'severity', 'category', 'summary', 'docs', 'query', 'message'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]*/[a-z0-9][a-z0-9-]*$' },
    languages: {
      type: 'array',
      minItems: 1,
      items: { enum: ['python', 'javascript', 'typescript', 'tsx', 'cpp'] },
    },
    severity: { enum: [...SEVERITIES] },
    category: { enum: [...CATEGORIES] },
    summary: { type: 'string', minLength: 1 },
    provenance: { type: 'string' },
    docs: {
      type: 'object',
      additionalProperties: false,
      required: ['what', 'why', 'example', 'useInstead'],
      properties: {
        what: { type: 'string' },
        why: { type: 'string' },
        example: { type: 'string' },
        useInstead: { type: 'string' },
      },
    },
    query: { type: 'string', minLength: 1 },
    message: { type: 'string', minLength: 1 },
    reportCapture: { type: 'string' },
  },
} as const;
