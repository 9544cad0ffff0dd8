import { unsealedSecrets } from '../testing/fixtures';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { MailRenderer } from './mail-renderer';
import { MailTemplateError, MailTemplates } from './mail-templates';

const recipient = 'participant@example.org';
const created = { trackingId: 'NQV-5ND-HWAE', number: 79, name: 'Тестовий контрагент', subject: 'Тема', message: 'Текст' };

describe('issue 13: e-mail templates an operator can replace (MAIL_TEMPLATES_DIR), checked at start', () => {
  let dir: string;
  const seed = (files: Record<string, string>) => {
    for (const [name, source] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), source);
    }
  };
  const renderer = () => new MailRenderer({ publicUrl: 'https://support.example.org', mailTemplatesDir: dir } as AppConfig, unsealedSecrets);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-templates-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the shipped templates pass their own check', () => {
    expect(() => MailTemplates.checkShipped()).not.toThrow();
  });

  it('an operator\'s file replaces the shipped one of its path, in both parts and the subject; the others stay', () => {
    seed({
      'uk/ticket_created.hbs': '{{#mailSubject}}\nПрийнято #{{trackingId}}: {{subject}}\n{{/mailSubject}}\n{{#> layout}}\n{{#p}}Вітаємо, {{name}}!{{br}}{{#b}}{{number}}{{/b}}{{/p}}\n{{> signature}}\n{{/layout}}\n',
    });
    const mail = renderer().render('ticket_created', 'uk', recipient, created);
    expect(mail).toEqual({
      subject: 'Прийнято #NQV-5ND-HWAE: Тема',
      text: 'Вітаємо, Тестовий контрагент!\n79\n\nЗ повагою, черговий техпідтримки.\n',
      html: '<p>Вітаємо, Тестовий контрагент!<br><b>79</b></p>\n<p>З повагою, черговий техпідтримки.</p>\n',
    });
    expect(renderer().render('ticket_created', 'en', recipient, created).subject).toBe('[#NQV-5ND-HWAE] Request received: Тема');
  });

  it('the layout, partials of its own and a language\'s partial reach every e-mail that uses them', () => {
    seed({
      'layout.hbs': '{{> @partial-block}}\n{{> footer}}\n',
      'partials/footer.hbs': '{{#p}}ТОВ "Приклад" · {{a "https://example.org/contacts"}}{{/p}}\n',
      'en/partials/signature.hbs': '{{#p}}The Example team{{/p}}\n',
    });
    const closed = renderer().render('ticket_closed', 'en', recipient, { ...created, closedBy: 'staff' });
    expect(closed.text).toMatch(/\nТОВ "Приклад" · https:\/\/example\.org\/contacts\n$/);
    expect(closed.html).toMatch(/<p>ТОВ "Приклад" · <a href="https:\/\/example\.org\/contacts">https:\/\/example\.org\/contacts<\/a><\/p>\n$/);
    const reply = renderer().render('staff_reply', 'en', recipient, { ...created, staffName: 'Staff', messageId: '1' });
    expect(reply.text).toContain('\nThe Example team\n\nТОВ "Приклад"');
    expect(renderer().render('staff_reply', 'uk', recipient, { ...created, staffName: 'Staff', messageId: '1' }).text).toContain('З повагою, черговий техпідтримки.');
  });

  it('what a participant wrote stays escaped in an operator\'s template too', () => {
    seed({ 'en/ticket_created.hbs': '{{#mailSubject}}\n{{subject}}\n{{/mailSubject}}\n{{#p}}{{name}}: {{lines message}}{{/p}}\n' });
    const mail = renderer().render('ticket_created', 'en', recipient, { ...created, name: '<b>x</b>', message: '<script>1</script>\n2' });
    expect(mail.html).toBe('<p>&lt;b&gt;x&lt;/b&gt;: &lt;script&gt;1&lt;/script&gt;<br>\n2</p>\n');
  });

  // Each a template that would fail a send, or silently say less than meant: the start stops and names the file.
  it.each([
    ['a syntax error', 'uk/ticket_created.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{#p}}Доброго дня{{/b}}\n', /uk\/ticket_created\.hbs cannot be read as Handlebars: .*p doesn't match b/s],
    ['an unknown variable', 'uk/ticket_created.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{#p}}Доброго дня, {{nmae}}{{/p}}\n', /uk\/ticket_created\.hbs \(line 2, column 22\) uses the variable "nmae", which this e-mail does not have \(its fields here: adminLink, link, message, name, number, subject, trackingId\)/],
    ['a variable of another e-mail', 'en/ticket_closed.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{#p}}{{message}}{{/p}}\n', /en\/ticket_closed\.hbs \(line 2, column 9\) uses the variable "message"/],
    ['an unknown variable in a branch no example takes', 'en/staff_assigned.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{#if assignedBy}}{{else}}{{asignedBy}}{{/if}}\n', /en\/staff_assigned\.hbs \(line 2, column 29\) uses the variable "asignedBy"/],
    ['an unknown field of a list\'s items', 'uk/tracking_reminder.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{#each tickets}}{{status}} {{statuss}}{{/each}}\n', /uses the variable "statuss", which this e-mail does not have \(its fields here: created, createdAt, link, number, status, statusLabel, subject, trackingId\)/],
    ['an unknown helper', 'uk/staff_assigned.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{shout subject}}\n', /uk\/staff_assigned\.hbs \(line 2, column 3\) calls the helper "shout", which is not one of ours/],
    ['an unknown partial', 'layout.hbs', '{{> @partial-block}}\n{{> footer}}\n', /layout\.hbs \(line 2, column 1\), as used by .*\/(uk|en)\/ticket_created\.hbs uses the partial "footer", which this language does not have/],
    ['an unknown variable in a partial', 'partials/admin-link.hbs', '{{#p}}{{a adminLink}} {{name}}{{/p}}\n', /partials\/admin-link\.hbs \(line 1, column 25\), as used by .*\/staff_new_ticket\.hbs uses the variable "name"/],
    ['unescaped output', 'en/staff_new_ticket.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{{message}}}\n', /en\/staff_new_ticket\.hbs \(line 2, column 1\) writes \{\{\{…\}\}\} or \{\{& …\}\}, without escaping/],
    ['a link made of a participant\'s words', 'en/ticket_created.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{a subject}}\n', /en\/ticket_created\.hbs \(line 2, column 3\) links to something other than our links/],
    ['no subject line', 'uk/ticket_closed.hbs', '{{#p}}{{name}}{{/p}}\n', /uk\/ticket_closed\.hbs needs one \{\{#mailSubject\}\}…\{\{\/mailSubject\}\}, the subject line, and has 0/],
    ['a helper used the wrong way', 'uk/ticket_closed.hbs', '{{#mailSubject}}x{{/mailSubject}}\n{{p}}\n', /uk\/ticket_closed\.hbs \(line 2, column 3\) uses \{\{#p\}\}…\{\{\/p\}\} as \{\{p\}\}/],
    ['a misspelt e-mail name', 'uk/ticket_create.hbs', '{{#mailSubject}}x{{/mailSubject}}\n', /uk\/ticket_create\.hbs replaces none of ours/],
    ['a language we do not have', 'de/ticket_created.hbs', '{{#mailSubject}}x{{/mailSubject}}\n', /de\/ticket_created\.hbs replaces none of ours/],
  ])('%s', (_, file, source, message) => {
    seed({ [file]: source });
    expect(() => MailTemplates.load(dir)).toThrow(MailTemplateError);
    expect(() => MailTemplates.load(dir)).toThrow(message);
    expect(() => MailTemplates.load(dir)).toThrow(join(dir, file));
  });

  it('a folder that is not there', () => {
    expect(() => MailTemplates.load(join(dir, 'missing'))).toThrow(`MAIL_TEMPLATES_DIR=${join(dir, 'missing')} is not a folder`);
  });
});
