/** Sizes, in words, of consecutive chunks: uneven like a model's tokens, fixed so tests see the same chunks. */
const CHUNK_WORDS = [3, 2, 4, 1, 3, 2];

/**
 * A body in reader-sized pieces of one to four words; each piece keeps the whitespace that follows its words,
 * so the pieces concatenate to exactly the body.
 */
export function chunkText(text: string): string[] {
  const words = text.split(/(?<=\s)(?=\S)/u).filter((piece) => piece.length > 0);
  const chunks: string[] = [];
  for (let i = 0, n = 0; i < words.length; n++) {
    const size = CHUNK_WORDS[n % CHUNK_WORDS.length] ?? 3;
    chunks.push(words.slice(i, i + size).join(''));
    i += size;
  }
  return chunks;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** How streaming is paced and stopped. */
export interface StreamOptions {
  /** Pause before each chunk; 0 streams without waiting. */
  delayMs: number;
  signal: AbortSignal;
}

/**
 * Streams the bodies one after another through `onDelta(index, chunk)`, pausing between chunks like a model
 * writes, so subscribers see the same TOKEN events as with a real provider. Rejects with the abort reason.
 */
export async function streamBodies(
  bodies: readonly string[],
  onDelta: (index: number, delta: string) => void,
  options: StreamOptions,
): Promise<void> {
  for (const [index, body] of bodies.entries()) {
    for (const chunk of chunkText(body)) {
      await pause(options.delayMs, options.signal);
      // Checked again after the pause: with no delay nothing else gets to run, but onDelta itself may abort.
      options.signal.throwIfAborted();
      onDelta(index, chunk);
    }
  }
}
