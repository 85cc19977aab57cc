import type { Contract } from '../contract/types.ts';

/** Every kind of bad input the close-codes suite sends, by slug. */
export const BAD_INPUT_KINDS = [
  'invalid-json',
  'unknown-type',
  'wrong-field-types',
  'missing-fields',
  'empty-frame',
  'binary-frame',
] as const;
export type BadInputKind = (typeof BAD_INPUT_KINDS)[number];

/** One kind of application-level bad input and the error codes the contract answers it with. */
export interface BadInput {
  slug: BadInputKind;
  description: string;
  frame: string | Buffer;
  /** Error codes that satisfy the check; empty means any error event will do. */
  codes: string[];
}

/**
 * Bad inputs derived from the contract's own user message, so that a custom contract is
 * probed with its own shapes: the same message cut in half, renamed, stripped, mistyped.
 */
export function badInputs(contract: Contract): BadInput[] {
  const encoded = contract.encodeUserMessage({ id: 'msg_bad_input_probe', content: contract.prompts.simple });
  const inputs: BadInput[] = [
    {
      slug: 'invalid-json',
      description: 'invalid JSON (a user message cut in half)',
      frame: encoded.slice(0, Math.floor(encoded.length / 2)),
      codes: ['invalid_json'],
    },
    { slug: 'empty-frame', description: 'an empty text frame', frame: '', codes: [] },
    {
      slug: 'binary-frame',
      description: 'a binary frame carrying a user message',
      frame: Buffer.from(encoded),
      codes: [],
    },
  ];
  const message = objectOf(encoded);
  if (!message || typeof message.type !== 'string') return withCodes(contract, inputs);
  const typeOnly = { type: message.type };
  const mistyped = Object.fromEntries(
    Object.entries(message).map(([k, v]) => [k, k === 'type' ? v : typeof v === 'string' ? 12345 : 'wrong-type']),
  );
  inputs.push(
    {
      slug: 'unknown-type',
      description: `an unknown message type`,
      frame: JSON.stringify({ ...message, type: 'golden_path_unknown_type' }),
      codes: ['unknown_type'],
    },
    {
      slug: 'wrong-field-types',
      description: 'a user message whose fields have the wrong types',
      frame: JSON.stringify(mistyped),
      codes: ['invalid_message'],
    },
    {
      slug: 'missing-fields',
      description: 'a user message with only its type',
      frame: JSON.stringify(typeOnly),
      codes: ['invalid_message'],
    },
  );
  return withCodes(contract, inputs);
}

/** A protocol that names no error codes (AG-UI) is satisfied by any error event. */
function withCodes(contract: Contract, inputs: BadInput[]): BadInput[] {
  return contract.namedErrorCodes === false ? inputs.map((i) => ({ ...i, codes: [] })) : inputs;
}

/** The input of that kind for this contract, or undefined when its messages are not JSON objects with a type. */
export function badInput(contract: Contract, kind: BadInputKind): BadInput | undefined {
  return badInputs(contract).find((i) => i.slug === kind);
}

function objectOf(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
