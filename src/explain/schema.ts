import { Ajv, type ErrorObject } from 'ajv';

/** Bumped whenever the answer shape or its meaning changes: cached answers of another version are never read. */
export const ANSWER_SCHEMA_VERSION = 1;
export const MAX_EXPLANATION_CHARS = 1_200;
const MAX_REASON_CHARS = 400;

/**
 * The schema sent with `response_format: json_schema`. OpenAI's strict mode needs every property
 * required and no extra ones, so optional parts are nullable rather than absent.
 */
export const ANSWER_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['findings'],
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'explanation', 'fix', 'likelyFalsePositive'],
        properties: {
          id: { type: 'string', description: 'The finding id from the request, e.g. "F1".' },
          explanation: { type: 'string', description: `Plain prose, at most ${MAX_EXPLANATION_CHARS} characters, no Markdown headings or code blocks.` },
          fix: {
            anyOf: [
              {
                type: 'object',
                additionalProperties: false,
                required: ['startLine', 'endLine', 'replacement'],
                properties: {
                  startLine: { type: 'integer', description: 'First replaced line, as numbered in the code shown.' },
                  endLine: { type: 'integer', description: 'Last replaced line, inclusive.' },
                  replacement: { type: 'string', description: 'The new text of those lines, without line numbers.' },
                },
              },
              { type: 'null' },
            ],
          },
          likelyFalsePositive: {
            anyOf: [
              { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string' } } },
              { type: 'null' },
            ],
          },
        },
      },
    },
  },
} as const;

/**
 * What is accepted back: the same shape, more leniently (missing optional parts, extra keys) and
 * more strictly (bounded lengths, sane line numbers), because not every server enforces a schema.
 */
const answerItemSchema = {
  type: 'object',
  required: ['id', 'explanation'],
  properties: {
    id: { type: 'string', minLength: 1 },
    explanation: { type: 'string', minLength: 1, maxLength: MAX_EXPLANATION_CHARS },
    fix: {
      anyOf: [
        {
          type: 'object',
          required: ['startLine', 'endLine', 'replacement'],
          properties: { startLine: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 }, replacement: { type: 'string' } },
        },
        { type: 'null' },
      ],
    },
    likelyFalsePositive: {
      anyOf: [
        { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: MAX_REASON_CHARS } } },
        { type: 'null' },
      ],
    },
  },
};

export interface AnswerItem {
  id: string;
  explanation: string;
  fix?: { startLine: number; endLine: number; replacement: string } | null;
  likelyFalsePositive?: { reason: string } | null;
}

const ajv = new Ajv({ allErrors: true });
const validateTop = ajv.compile({ type: 'object', required: ['findings'], properties: { findings: { type: 'array' } } });
const validateItem = ajv.compile<AnswerItem>(answerItemSchema);

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.find((e) => e.keyword !== 'anyOf') ?? errors?.[0];
  if (!first) return 'does not match the schema';
  return `${first.instancePath || '(root)'} ${first.message ?? 'is invalid'}`;
}

/**
 * The JSON in a model's text: the whole text, else the contents of a ```json fence, else the span
 * from the first `{` to the last `}` (servers without structured output wrap JSON in prose).
 */
export function extractJson(text: string): unknown {
  const attempts = [text.trim()];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(text);
  if (fenced) attempts.push(fenced[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first !== -1 && last > first) attempts.push(text.slice(first, last + 1));
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt);
    } catch {
      // try the next reading
    }
  }
  throw new Error('the answer is not JSON');
}

const normalizeSpace = (text: string) => text.replace(/\s+/g, ' ').trim();

/** How much of the start of a request message an answer must reproduce to count as an echo. */
const ECHO_PREFIX_CHARS = 200;
/** Shorter texts can coincide by chance; an explanation this long found verbatim in the request was copied. */
const MIN_COPIED_CHARS = 40;

/**
 * Whether an answer reproduces the request instead of answering it: it contains the opening of the
 * system prompt or of a user message, as text (whitespace aside) or JSON-escaped (a server that
 * echoes the request body). The opening, not the whole message, so an echo cut off at the output
 * token limit is still one.
 */
export function echoesRequest(answer: string, requestTexts: readonly string[]): boolean {
  const normalized = normalizeSpace(answer);
  for (const text of requestTexts) {
    const opening = normalizeSpace(text).slice(0, ECHO_PREFIX_CHARS);
    if (opening.length < MIN_COPIED_CHARS) continue;
    if (normalized.includes(opening)) return true;
    let rawOpening = text.slice(0, ECHO_PREFIX_CHARS);
    // Cutting a surrogate pair in two would escape its first half differently from the whole text.
    if (/[\uD800-\uDBFF]$/.test(rawOpening)) rawOpening = rawOpening.slice(0, -1);
    if (answer.includes(JSON.stringify(rawOpening).slice(1, -1))) return true;
  }
  return false;
}

const ECHO_REASON = 'the answer echoes the request back instead of answering it';
const COPIED_REASON = 'the explanation only repeats text of the request';

export interface CheckedAnswer {
  items: Map<string, AnswerItem>;
  /** Finding id → why no usable answer item exists for it. */
  problems: Map<string, string>;
}

/**
 * Validates an answer against the ids that were asked about; every id ends up in exactly one of the
 * two maps. With the texts of the request's system and user messages, an answer that echoes them
 * and an explanation copied from them are refused too: neither explains anything.
 */
export function checkAnswer(text: string, ids: string[], requestTexts: readonly string[] = []): CheckedAnswer {
  const items = new Map<string, AnswerItem>();
  const problems = new Map<string, string>();
  if (echoesRequest(text, requestTexts)) {
    for (const id of ids) problems.set(id, ECHO_REASON);
    return { items, problems };
  }
  const request = requestTexts.map(normalizeSpace).join('\n');
  let value: unknown;
  try {
    value = extractJson(text);
  } catch (error) {
    for (const id of ids) problems.set(id, (error as Error).message);
    return { items, problems };
  }
  if (!validateTop(value)) {
    const reason = `the answer does not match the schema: ${describe(validateTop.errors)}`;
    for (const id of ids) problems.set(id, reason);
    return { items, problems };
  }
  const itemProblems = new Map<string, string>();
  for (const [index, raw] of (value as { findings: unknown[] }).findings.entries()) {
    const id = typeof raw === 'object' && raw && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
    if (!id || !ids.includes(id) || items.has(id)) continue;
    if (!validateItem(raw)) {
      itemProblems.set(id, `the answer does not match the schema: /findings/${index}${describe(validateItem.errors)}`);
      continue;
    }
    const item = raw as AnswerItem;
    if (item.explanation.includes('```')) {
      itemProblems.set(id, 'the explanation is not plain prose (it contains a code block)');
      continue;
    }
    if (item.fix && item.fix.endLine < item.fix.startLine) {
      itemProblems.set(id, 'the fix ends before it starts');
      continue;
    }
    const explanation = normalizeSpace(item.explanation);
    if (explanation.length >= MIN_COPIED_CHARS && request.includes(explanation)) {
      itemProblems.set(id, COPIED_REASON);
      continue;
    }
    items.set(id, { ...item, explanation });
  }
  for (const id of ids) {
    if (!items.has(id)) problems.set(id, itemProblems.get(id) ?? 'the answer has no entry for this finding');
  }
  return { items, problems };
}
