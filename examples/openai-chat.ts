// Classifying support tickets with an OpenAI-compatible chat-completions API (OpenAI, Azure's
// compatible endpoint, vLLM, Ollama, LiteLLM…), the pool keeping under the provider's rate limit.
//
//   OPENAI_BASE_URL=https://api.openai.com OPENAI_API_KEY=sk-… npx tsx examples/openai-chat.ts
//   npx tsx examples/openai-chat.ts        (no OPENAI_BASE_URL: runs against a simulated API)
//
// The simulated API answers any POST path with its own deterministic JSON (an echo of the request
// and a digest), not a chat completion, so without a real endpoint the "label" printed is that
// JSON: the point is the calls, limits and retries, which behave the same.
import { readFileSync } from 'node:fs';
import { isRight } from 'fp-ts/lib/Either.js';
import { from, lastValueFrom, map, toArray } from 'rxjs';
import {
  CapacityError,
  PermanentError,
  RetryableError,
  isCapacityStatus,
  pooledMap,
  type CallContext,
} from 'rxjs-pooled-map';
import { startSimulatedApi } from 'rxjs-pooled-map/node';

export interface Ticket {
  id: string;
  subject: string;
  body: string;
}

export interface ChatOptions {
  /** The server's root, e.g. https://api.openai.com (a trailing /v1, as the SDKs use, is accepted). */
  baseUrl: string;
  apiKey?: string;
  model?: string;
  tickets: Ticket[];
  poolSize?: number;
}

export interface Labelled {
  id: string;
  /** The model's answer, or null when the row failed. */
  label: string | null;
  attempts: number;
  failure?: string;
}

const PROMPT =
  'Classify the support ticket. Answer with one word: billing, login, bug, performance, ' +
  'feature_request, cancellation, praise or other.';

/** One chat completion per ticket, with HTTP failures turned into what the pool should do. */
function chat(options: ChatOptions) {
  const endpoint = options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '') + '/v1/chat/completions';
  return async (ticket: Ticket, { signal }: CallContext): Promise<string> => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: options.model ?? 'gpt-4o-mini',
        temperature: 0,
        messages: [
          { role: 'system', content: PROMPT },
          { role: 'user', content: `${ticket.subject}\n\n${ticket.body}` },
        ],
      }),
      signal, // aborted by the pool when the output is unsubscribed or another row fails fatally
    });
    const text = await response.text(); // always read, so the keep-alive connection is reused
    const message = `HTTP ${response.status}: ${text.slice(0, 200)}`;
    // 429 (and 503/529, "overloaded"): the pool retries the row (not before its Retry-After)
    // and slows down for everyone; it reads Retry-After and the rate-limit headers itself.
    if (isCapacityStatus(response.status)) {
      throw new CapacityError(response.status, message, { headers: response.headers });
    }
    // Other 5xx: a server hiccup. Retried, but the pace is not the problem, so no slowdown.
    if (response.status >= 500) throw new RetryableError(message, { statusCode: response.status });
    // 4xx: a bad request or key; retrying cannot help, the row gets a failed entry.
    if (!response.ok) throw new PermanentError(message, { statusCode: response.status });
    const completion = JSON.parse(text) as { choices?: Array<{ message?: { content?: string } }> };
    return completion.choices?.[0]?.message?.content?.trim() ?? text;
  };
}

export async function main(options: ChatOptions): Promise<Labelled[]> {
  const labelled$ = from(options.tickets).pipe(
    pooledMap(chat(options), { poolSize: options.poolSize ?? 8 }),
    map(({ submitIndex, attempts, result }): Labelled => {
      const id = options.tickets[submitIndex]!.id; // entries come in input order, indexed like the input
      if (isRight(result)) return { id, label: result.right, attempts };
      return { id, label: null, attempts, failure: result.left.reason };
    }),
  );
  return lastValueFrom(labelled$.pipe(toArray()));
}

/** The first `count` tickets of the sample data shipped with the examples. */
export function sampleTickets(count: number): Ticket[] {
  const lines = readFileSync(`${__dirname}/data/rows.ndjson`, 'utf8').split('\n').slice(0, count);
  return lines.map((line) => JSON.parse(line) as Ticket);
}

// The simulator's answers are long JSON; a model's label is one word.
const shorten = (text: string): string => (text.length <= 60 ? text : `${text.slice(0, 59)}…`);

if (require.main === module) {
  void (async () => {
    const tickets = sampleTickets(20);
    const real = process.env.OPENAI_BASE_URL;
    // Without a real endpoint: a limit of 20 requests/s, answering 429 with Retry-After as OpenAI does.
    const api = real ? undefined : await startSimulatedApi({ capacityPerSecond: 20, retryAfter: true });
    try {
      const baseUrl = real ?? api!.url;
      const results = await main({ baseUrl, apiKey: process.env.OPENAI_API_KEY, tickets });
      for (const r of results) {
        const label = r.label === null ? `failed: ${r.failure}` : shorten(r.label);
        console.log(`${r.id}  ${label}  (${r.attempts} attempt(s))`);
      }
      if (api) console.log(`the simulated API answered 429 ${api.stats().rejected429} times`);
    } finally {
      await api?.close();
    }
  })();
}
