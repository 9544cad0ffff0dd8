import { htmlToText, stripQuotedText } from './reply-text';

/**
 * 15.1 / R-MAIL-4: quote removal runs in time linear in the message, so a
 * hostile or broken megabyte cannot hold the mail reader. Measured in CPU time of
 * this process (what other jobs on a shared machine do is not counted), the
 * fastest of three tries; the budget leaves room for a slow CI machine (this
 * code runs on at most MAIL_IN_MAX_TEXT_BYTES, in the parse worker under its
 * time budget), and a quadratic case still misses it by far (seconds to minutes).
 * Before this work a megabyte of `<blockquote>` took 11 s; on the way, a
 * megabyte of unclosed `<script>` took 105 s.
 */
const MB = 1 << 20;
const budgetMs = () => 1000;
const fill = (unit: string, size = MB) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

function fastest(run: () => unknown): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

function expectLinear(run: (input: string) => unknown, input: string): void {
  const time = fastest(() => run(input));
  expect(time).toBeLessThan(budgetMs());
}

const TEXT_INPUTS: [string, string][] = [
  ['spaces', fill(' ')],
  ['newlines', fill('\n')],
  ['carriage returns', fill('\r')],
  ['blank lines with tabs', fill(' \t\r\n')],
  ['spaces then one letter', ' '.repeat(MB - 1) + 'a'],
  ['one letter', fill('a')],
  ['one-letter lines', fill('a\n')],
  ['>', fill('>')],
  ['> lines', fill('>\n')],
  ['nested quotes', fill('>>>>>>>>>> a\n')],
  ['inline answers', fill('> q\nanswer\n')],
  ['"wrote:" lines', fill('a wrote:\n')],
  ['"wrote:" on one line', fill('On 1 wrote: ')],
  ['quote headers', fill('On Thu, Apr 29, 2021 at 10:55 AM Support <support@oree.com.ua> wrote:\n')],
  ['headers without the colon', fill('On Thu, Apr 29, 2021 at 10:55 AM Support <support@oree.com.ua> wrote\n')],
  ['From blocks', fill('From: a@b.c\nSent: x\nTo: y\n')],
  ['dashes', fill('-')],
  ['rules', fill('--\n')],
  ['forward markers', fill('---------- Forwarded message ---------\n')],
  ['addresses and colons', fill('@a:')],
  ['German headers', fill('Am 1 schrieb ')],
  ['Ukrainian verbs', fill('пише: ')],
];

const HTML_INPUTS: [string, string][] = [
  ['text', fill('a ')],
  ['<', fill('<')],
  ['nested blockquotes', fill('<blockquote>')],
  ['nested quote divs', fill('<div class="quote">')],
  ['line breaks', fill('<br>')],
  ['paragraphs', fill('<p>a</p>')],
  ['quotes and answers', fill('<blockquote>q</blockquote><div>a</div>')],
  ['unclosed <script>', fill('<script>')],
  ['unclosed comments', fill('<!--')],
  ['unclosed attribute values', fill('<a href="')],
  ['entities', fill('&amp;')],
  ['stray closing tags', fill('</div>')],
  ['list items', fill('<ol><li>')],
  ['links', fill('<a href="http://x">y')],
];

describe('15.1 quote removal is linear in the message (R-MAIL-4)', () => {
  it.each(TEXT_INPUTS)('stripQuotedText: 1 MB of %s within the budget', (_, input) => {
    expectLinear(stripQuotedText, input);
  });

  it.each(HTML_INPUTS)('htmlToText: 1 MB of %s within the budget', (_, input) => {
    expectLinear((html) => htmlToText(html, { withoutQuotes: true }), input);
    expectLinear((html) => htmlToText(html, { withoutQuotes: false }), input);
  });
});
