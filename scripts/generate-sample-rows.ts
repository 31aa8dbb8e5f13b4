// Generates examples/data/rows.ndjson: support tickets of a made-up SaaS product, the kind of rows
// one sends to an LLM to classify (category, urgency, sentiment). Run once; the output is
// committed so the demo and examples need no network and every clone has the same rows. Seeded,
// so re-running it reproduces the file byte for byte.
//   npx tsx scripts/generate-sample-rows.ts [count] [path]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const count = Number(process.argv[2] ?? 2000);
const path = process.argv[3] ?? 'examples/data/rows.ndjson';

// mulberry32: tiny, seedable and good enough to vary wording; Math.random cannot be seeded.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(20240917);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const products = ['Invoicing', 'Mobile app', 'Web dashboard', 'Public API', 'Data export', 'Team workspace'];
const plans = ['free', 'starter', 'pro', 'enterprise'];
const channels = ['email', 'chat', 'web form', 'phone transcript'];
const devices = ['iPhone 14', 'Pixel 8', 'Windows laptop', 'MacBook', 'iPad', 'Chromebook'];
const browsers = ['Chrome', 'Firefox', 'Safari', 'Edge'];
const openers = ['Hi team,', 'Hello,', 'Good morning,', 'Hi there,', 'Dear support,', ''];
const closers = ['Thanks!', 'Thanks in advance.', 'Regards,', 'Please advise.', 'Cheers', ''];

// Each template is one kind of ticket; {slots} are filled per row so no two bodies read alike.
const templates: ReadonlyArray<{ subject: string; body: string }> = [
  {
    subject: 'Charged twice for {month}',
    body: 'I was billed twice for the {plan} plan in {month} (invoice {invoice}). Please refund the duplicate charge.',
  },
  {
    subject: 'Cannot log in since the update',
    body: 'Since yesterday the {product} rejects my password on my {device}. Reset emails never arrive.',
  },
  {
    subject: '{product} export stuck at {percent}%',
    body: 'Exporting {rows} rows from {product} stops at {percent}% every time, in {browser}. We need the report by {day}.',
  },
  {
    subject: 'Feature request: {feature}',
    body: 'It would help our team of {seats} a lot if {product} supported {feature}. Is it on the roadmap?',
  },
  {
    subject: 'Error {code} from the API',
    body: 'Our integration gets HTTP {code} on about {percent}% of calls to the {product} since {day}. Request id {request}.',
  },
  {
    subject: 'Great support experience',
    body: 'Just wanted to say the {product} has saved us hours every week. Your agent solved my issue in minutes.',
  },
  {
    subject: 'Cancel my subscription',
    body: 'Please cancel our {plan} subscription at the end of the term. We moved {seats} seats to another tool.',
  },
  {
    subject: 'Dashboard very slow',
    body: 'The {product} takes {seconds} seconds to load in {browser} on a {device}. It used to be instant.',
  },
  {
    subject: 'Data looks wrong after import',
    body: 'After importing {rows} rows into {product}, totals are off by {percent}%. Dates seem shifted by a day.',
  },
  {
    subject: 'Upgrade question',
    body: 'If we upgrade from {plan} to enterprise mid-month, is the price prorated? We are {seats} people.',
  },
];
const slot: Record<string, () => string> = {
  month: () => pick(['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August']),
  // The row's own plan, so a body never contradicts its ticket.
  plan: () => plan,
  request: () => `req_${Math.floor(rand() * 2 ** 32).toString(16)}`,
  invoice: () => `INV-${Math.floor(rand() * 900000 + 100000)}`,
  product: () => pick(products),
  device: () => pick(devices),
  browser: () => pick(browsers),
  percent: () => String(Math.floor(rand() * 95 + 3)),
  rows: () => String(Math.floor(rand() * 200000 + 500)),
  day: () => pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'the weekend']),
  feature: () =>
    pick(['SSO with Okta', 'a dark mode', 'CSV scheduling', 'webhooks for refunds', 'audit logs']),
  seats: () => String(Math.floor(rand() * 240 + 2)),
  code: () => pick(['500', '502', '429', '401', '404']),
  seconds: () => String(Math.floor(rand() * 40 + 5)),
};
// A slot drawn once per row, so a ticket's subject and body name the same product, month, etc.
let drawn: Record<string, string> = {};
const fill = (template: string): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => (drawn[name] ??= slot[name]!()));

const start = Date.UTC(2024, 8, 2, 7, 0, 0);
const lines: string[] = [];
let time = start;
let plan = plans[0]!;
for (let i = 1; i <= count; i += 1) {
  time += Math.floor(rand() * 240_000); // tickets arrive a few minutes apart
  plan = pick(plans);
  drawn = {};
  const template = pick(templates);
  const subject = fill(template.subject);
  const body = [pick(openers), fill(template.body), pick(closers)].filter(Boolean).join(' ');
  const row = {
    id: `TCK-${String(i).padStart(6, '0')}`,
    createdAt: new Date(time).toISOString(),
    channel: pick(channels),
    plan,
    subject,
    body,
  };
  lines.push(JSON.stringify(row));
}
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, lines.join('\n') + '\n');
console.log(`wrote ${count} rows to ${path}`);
