import { Shape, linearVerdict, shape } from '../testing/linear-growth';
import { htmlToText, stripQuotedText } from './reply-text';

/**
 * 15.1 / R-MAIL-4: quote removal runs in time linear in the message, so a
 * hostile or broken megabyte cannot hold the mail reader. Judged as every scan
 * of outside text is (testing/linear-growth.ts): within the budget, or on a
 * loaded machine, growing linearly from a quarter of the input. This code runs
 * on at most MAIL_IN_MAX_TEXT_BYTES, in the parse worker under its time budget;
 * a quadratic case costs seconds to minutes at 1 MB.
 * Before this work a megabyte of `<blockquote>` took 11 s; on the way, a
 * megabyte of unclosed `<script>` took 105 s.
 */
const BUDGET_MS = 1000;
const TEXT_INPUTS: [string, Shape][] = [
  ['spaces', shape(' ')],
  ['newlines', shape('\n')],
  ['carriage returns', shape('\r')],
  ['blank lines with tabs', shape(' \t\r\n')],
  ['spaces then one letter', shape(' ', 'a')],
  ['one letter', shape('a')],
  ['one-letter lines', shape('a\n')],
  ['>', shape('>')],
  ['> lines', shape('>\n')],
  ['nested quotes', shape('>>>>>>>>>> a\n')],
  ['inline answers', shape('> q\nanswer\n')],
  ['"wrote:" lines', shape('a wrote:\n')],
  ['"wrote:" on one line', shape('On 1 wrote: ')],
  ['quote headers', shape('On Thu, Apr 29, 2021 at 10:55 AM Support <support@oree.com.ua> wrote:\n')],
  ['headers without the colon', shape('On Thu, Apr 29, 2021 at 10:55 AM Support <support@oree.com.ua> wrote\n')],
  ['From blocks', shape('From: a@b.c\nSent: x\nTo: y\n')],
  ['dashes', shape('-')],
  ['rules', shape('--\n')],
  ['forward markers', shape('---------- Forwarded message ---------\n')],
  ['addresses and colons', shape('@a:')],
  ['German headers', shape('Am 1 schrieb ')],
  ['Ukrainian verbs', shape('пише: ')],
];

const HTML_INPUTS: [string, Shape][] = [
  ['text', shape('a ')],
  ['<', shape('<')],
  ['nested blockquotes', shape('<blockquote>')],
  ['nested quote divs', shape('<div class="quote">')],
  ['line breaks', shape('<br>')],
  ['paragraphs', shape('<p>a</p>')],
  ['quotes and answers', shape('<blockquote>q</blockquote><div>a</div>')],
  ['unclosed <script>', shape('<script>')],
  ['unclosed comments', shape('<!--')],
  ['unclosed attribute values', shape('<a href="')],
  ['entities', shape('&amp;')],
  ['stray closing tags', shape('</div>')],
  ['list items', shape('<ol><li>')],
  ['links', shape('<a href="http://x">y')],
];

describe('15.1 quote removal is linear in the message (R-MAIL-4)', () => {
  const expectLinear = (name: string, run: (input: string) => unknown, build: Shape) =>
    expect({ name, ...linearVerdict(run, build, BUDGET_MS) }).toEqual(expect.objectContaining({ linear: true }));

  it.each(TEXT_INPUTS)('stripQuotedText: 1 MB of %s within the budget', (name, build) => {
    expectLinear(name, stripQuotedText, build);
  });

  it.each(HTML_INPUTS)('htmlToText: 1 MB of %s within the budget', (name, build) => {
    expectLinear(name, (html) => htmlToText(html, { withoutQuotes: true }), build);
    expectLinear(name, (html) => htmlToText(html, { withoutQuotes: false }), build);
  });
});
