import { Allow, parse } from 'partial-json';
import type { VariantsRequest } from './llm-provider';

/** A variants request whose caller can be told that the deltas it has received are void. */
export interface ResettableVariantsRequest extends VariantsRequest {
  /**
   * Called before text is streamed again from the start: every delta delivered so far by this call is void, and
   * each variant's body re-streams from its first character. Happens when an invalid answer is retried after it
   * had streamed, and when the resilient provider falls back after the primary had streamed. The deltas after the
   * last reset concatenate to each variant's final body.
   */
  onReset?: () => void;
}

function bodiesOf(value: unknown): (string | undefined)[] {
  if (typeof value !== 'object' || value === null) return [];
  const variants = (value as { variants?: unknown }).variants;
  if (!Array.isArray(variants)) return [];
  return variants.map((variant) => {
    const body = typeof variant === 'object' && variant !== null ? (variant as { body?: unknown }).body : undefined;
    return typeof body === 'string' ? body : undefined;
  });
}

/** A partial string may end in the first half of a surrogate pair; sending it alone would corrupt the character. */
function withoutDanglingSurrogate(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

/**
 * Turns the JSON text of a streaming `{ variants: [{ title, body, hashtags }] }` answer into body deltas as a reader
 * sees them: each new piece re-parses the accumulated text as partial JSON and sends the new end of each body, so
 * no JSON syntax or escape sequence ever reaches `onDelta`. Variants past `count` are not streamed.
 */
export class VariantDeltas {
  private json = '';
  private sent: string[] = [];

  constructor(
    private readonly count: number,
    private readonly onDelta: (index: number, delta: string) => void,
  ) {}

  /** True once any delta went out. */
  get started(): boolean {
    return this.sent.some((body) => body.length > 0);
  }

  /** Adds the next piece of the answer's JSON text. */
  push(piece: string): void {
    this.json += piece;
    let value: unknown;
    try {
      value = parse(this.json, Allow.ALL);
    } catch {
      return; // not JSON so far: validation of the full answer reports it
    }
    for (const [index, body] of bodiesOf(value).entries()) {
      if (body !== undefined) this.advance(index, withoutDanglingSurrogate(body));
    }
  }

  /**
   * Sends what is still missing of each final body, so the deltas of every variant add up to it. Should a body not
   * extend what was sent (a partial parse that later changed), the caller is reset and the bodies are sent whole.
   */
  finish(bodies: string[], onReset?: () => void): void {
    const diverged = bodies.some((body, index) => !body.startsWith(this.sent[index] ?? ''));
    if (diverged) {
      onReset?.();
      this.sent = [];
    }
    for (const [index, body] of bodies.entries()) this.advance(index, body);
  }

  private advance(index: number, body: string): void {
    if (index >= this.count) return;
    const sent = this.sent[index] ?? '';
    if (body.length <= sent.length || !body.startsWith(sent)) return;
    this.sent[index] = body;
    this.onDelta(index, body.slice(sent.length));
  }
}
