import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { countTokens, encodeChat } from 'gpt-tokenizer/model/gpt-4o';

/** Token counts the fake reports; unset fields are estimated from the request and the answer. */
export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
}

/** What the fake does with one request, held back or not. */
export type FakeReply = PlainReply | { kind: 'held'; answer: PlainReply; afterChars: number; gate: Gate };

type PlainReply =
  | { kind: 'content'; content: string; usage?: Partial<FakeUsage> }
  | { kind: 'status'; status: number; headers?: Record<string, string>; message?: string }
  | { kind: 'hang' }
  | { kind: 'stall'; content: string; afterChars: number };

/** Where held answers wait: `arrive` when a request gets there, `opened` when the test lets it go on. */
interface Gate {
  arrive(request: RecordedRequest): void;
  opened: Promise<void>;
}

/** Builders for scripted replies. */
export const reply = {
  /** The JSON of `value` as the message content (streamed when the request streams). */
  json: (value: unknown, usage?: Partial<FakeUsage>): FakeReply => ({
    kind: 'content',
    content: JSON.stringify(value),
    usage,
  }),
  /** Raw content, e.g. malformed JSON. */
  text: (content: string, usage?: Partial<FakeUsage>): FakeReply => ({ kind: 'content', content, usage }),
  /** An HTTP error, e.g. `reply.status(429, { 'retry-after-ms': '5' })`. */
  status: (status: number, headers?: Record<string, string>): FakeReply => ({ kind: 'status', status, headers }),
  /** Accepts the request and never answers. */
  hang: (): FakeReply => ({ kind: 'hang' }),
  /** Streams the first `afterChars` characters of the content, then goes silent with the connection open. */
  stall: (content: string, afterChars: number): FakeReply => ({ kind: 'stall', content, afterChars }),
};

/** An answer the fake keeps back until the test releases it: see `hold`. */
export interface Hold {
  /** Script this (enqueue it, or return it from `respond`); every request that gets it waits at the same gate. */
  reply: FakeReply;
  /** Settles with the first request that got the reply once the fake has sent what it may and waits. */
  reached: Promise<RecordedRequest>;
  /** Lets every request waiting at the gate (and any that comes later) go on with the answer. */
  release(): void;
}

/**
 * Holds `answer` back until `release()`: a streamed answer sends its first `afterChars` characters and waits (0:
 * it waits before the response headers), any other answer waits before its first byte. While it waits, the app
 * is mid-call for a fact, not for a while, so a test acts on a running job without racing it. A client that
 * hangs up, or `close()`, ends the wait.
 */
export function hold(answer: FakeReply, options: { afterChars?: number } = {}): Hold {
  if (answer.kind === 'held') throw new Error('hold() takes an answer that is not held already');
  let arrive: (request: RecordedRequest) => void = () => {};
  let release: () => void = () => {};
  const reached = new Promise<RecordedRequest>((resolve) => {
    arrive = resolve;
  });
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  const gate: Gate = { arrive, opened };
  return { reply: { kind: 'held', answer, afterChars: options.afterChars ?? 0, gate }, reached, release };
}

/** The request body as the fake reads it. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: {
    type: string;
    json_schema?: { name: string; strict?: boolean; schema?: Record<string, unknown> };
  };
}

type Outcome = 'completed' | 'client-closed' | 'server-closed';

/** One request the fake received, with epoch-millisecond timings (comparable with Date.now()). */
export interface RecordedRequest {
  body: ChatRequestBody;
  headers: IncomingHttpHeaders;
  receivedAt: number;
  /** When the first byte of the answer went out (after the time to first token). */
  firstByteAt: number | null;
  lastByteAt: number | null;
  /** `client-closed`: the client hung up before the answer was complete (abort, timeout); `server-closed`: close(). */
  outcome: 'pending' | Outcome;
  /** Settles when the answer completes or the connection closes before it does. */
  done: Promise<Outcome>;
}

export interface FakeOpenAiOptions {
  timeToFirstTokenMs?: number;
  /** 0 streams without delay. */
  tokensPerSecond?: number;
  charsPerToken?: number;
  /** Answers requests when the queue is empty; the default answers 500. */
  respond?: (request: RecordedRequest) => FakeReply;
}

/** A local OpenAI-compatible server: POST /v1/chat/completions, JSON or SSE, with scripted replies and faults. */
export interface FakeOpenAi {
  /** Base URL for the SDK, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** Replies for the next requests, in order, before `respond` is asked. */
  enqueue(...replies: FakeReply[]): void;
  /** Stops listening and ends every open connection, hung ones included. */
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pieces(content: string, size: number): string[] {
  const chars = Array.from(content); // whole code points: never split a surrogate pair on the wire
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** Prompt tokens as OpenAI bills them: the chat-formatted messages (o200k_base) and the response format's schema. */
function promptTokens(body: ChatRequestBody): number {
  const roles = new Set(['system', 'user', 'assistant']);
  const messages = body.messages.map((message) => ({
    role: (roles.has(message.role) ? message.role : 'user') as 'system' | 'user' | 'assistant',
    content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
  }));
  const schema = body.response_format?.json_schema;
  return (
    encodeChat(messages).length +
    (schema ? countTokens(JSON.stringify({ name: schema.name, schema: schema.schema })) : 0)
  );
}

/** Configuration that makes an app (or a CLI process) write with this fake as its model. */
export function modelEnv(fake: FakeOpenAi): Record<string, string> {
  return {
    COPYDESK_PROVIDER: 'openai',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'test',
    COPYDESK_MODEL: 'gpt-4o-mini',
  };
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const { timeToFirstTokenMs = 0, tokensPerSecond = 0, charsPerToken = 4 } = options;
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const tokenDelay = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
  let closing = false;

  async function answer(record: RecordedRequest, res: ServerResponse, scripted: FakeReply): Promise<void> {
    const held = scripted.kind === 'held' ? scripted : undefined;
    const script: PlainReply = scripted.kind === 'held' ? scripted.answer : scripted;
    let waited = !held;
    /** Waits at the held answer's gate, once; false when the connection went away meanwhile. */
    const waitAtGate = async (): Promise<boolean> => {
      if (waited || !held) return true;
      waited = true;
      held.gate.arrive(record);
      await Promise.race([held.gate.opened, record.done]);
      return !res.destroyed && record.outcome === 'pending';
    };
    const streamsFirst =
      record.body.stream === true && (script.kind === 'content' || script.kind === 'stall') && !!held?.afterChars;
    if (!streamsFirst && !(await waitAtGate())) return;
    if (script.kind === 'hang') return;
    if (script.kind === 'status') {
      res.writeHead(script.status, { 'content-type': 'application/json', ...script.headers });
      res.end(JSON.stringify({ error: { message: script.message ?? `fake ${script.status}`, type: 'fake_error' } }));
      return;
    }
    const parts = pieces(script.content, charsPerToken);
    const usage = {
      prompt_tokens: promptTokens(record.body),
      completion_tokens: countTokens(script.content),
      cached_tokens: 0,
    };
    Object.assign(usage, script.kind === 'content' ? script.usage : {});
    const wireUsage = {
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      total_tokens: usage.prompt_tokens + usage.completion_tokens,
      prompt_tokens_details: { cached_tokens: usage.cached_tokens },
    };
    const base = {
      id: `chatcmpl-fake-${requests.indexOf(record)}`,
      created: Math.floor(Date.now() / 1000),
      model: record.body.model,
    };
    await sleep(timeToFirstTokenMs);
    if (!record.body.stream) {
      await sleep(tokenDelay * parts.length);
      const message = { role: 'assistant', content: script.content, refusal: null };
      const body = {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message, finish_reason: 'stop' }],
        usage: wireUsage,
      };
      if (res.destroyed) return;
      record.firstByteAt = now();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    const send = (choices: unknown[], extra: object = {}) =>
      res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    record.firstByteAt = now();
    send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    let written = 0;
    for (const [i, part] of parts.entries()) {
      if (res.destroyed) return;
      if (script.kind === 'stall' && written >= script.afterChars) return;
      if (held && written >= held.afterChars && !(await waitAtGate())) return;
      if (i > 0 && tokenDelay > 0) await sleep(tokenDelay);
      send([{ index: 0, delta: { content: part }, finish_reason: null }]);
      written += part.length;
    }
    if (res.destroyed || script.kind === 'stall') return;
    send([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    if (record.body.stream_options?.include_usage) send([], { usage: wireUsage });
    res.end('data: [DONE]\n\n');
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    let settle: (outcome: Outcome) => void = () => {};
    const record: RecordedRequest = {
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody,
      headers: req.headers,
      receivedAt: now(),
      firstByteAt: null,
      lastByteAt: null,
      outcome: 'pending',
      done: new Promise((resolve) => {
        settle = resolve;
      }),
    };
    requests.push(record);
    res.on('finish', () => {
      record.lastByteAt = now();
    });
    res.on('close', () => {
      record.outcome = res.writableFinished ? 'completed' : closing ? 'server-closed' : 'client-closed';
      settle(record.outcome);
    });
    const script = queue.shift() ??
      options.respond?.(record) ?? { kind: 'status', status: 500, message: 'no reply scripted' };
    await answer(record, res, script);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
