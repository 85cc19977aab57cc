import { esc } from './html/escape.ts';
import type { Summary } from './summary.ts';

// Characters XML 1.0 does not allow, even escaped.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const TESTCASE = /<testcase\b([^>]*)>([\s\S]*?)<\/testcase>/g;

/**
 * vitest's JUnit output writes `<skipped/>` with no reason; CI test views show the reason when it is
 * in `message`. This puts each skipped test's note (a check's "not applicable: …") there, matching
 * testcases by file and full name as vitest writes them.
 * @example withSkipReasons(readFileSync('junit.xml', 'utf8'), summary)
 */
export function withSkipReasons(xml: string, s: Summary): string {
  const notes = new Map<string, string[]>();
  for (const suite of s.suites) {
    for (const t of suite.tests) {
      if (t.verdict !== 'skip' || !t.note) continue;
      const key = `${suite.file}\0${t.fullName}`;
      notes.set(key, [...(notes.get(key) ?? []), t.note]);
    }
  }
  if (notes.size === 0) return xml;
  return xml.replace(TESTCASE, (whole, attrs: string, body: string) => {
    if (!body.includes('<skipped/>')) return whole;
    const key = `${unescape(attribute(attrs, 'file') ?? attribute(attrs, 'classname') ?? '')}\0${unescape(attribute(attrs, 'name') ?? '')}`;
    const note = notes.get(key)?.shift();
    return note
      ? `<testcase${attrs}>${body.replace('<skipped/>', `<skipped message="${esc(note.replace(XML_INVALID, ''))}"/>`)}</testcase>`
      : whole;
  });
}

function attribute(attrs: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
}

function unescape(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|#39|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", amp: '&' })[e]!,
  );
}
