import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MailerOptions } from '@nestjs-modules/mailer';
import { HandlebarsAdapter } from '@nestjs-modules/mailer/adapters/handlebars.adapter';
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, linkifyHtml, type Locale } from '@pidtrymka/contracts';
import Handlebars from 'handlebars';
import { mailContext, type MailContext } from './mail-context';
import type { OutboxPayloads, OutboxTemplate } from './outbox.service';

/** The templates the build copies beside this file (tools/copy-api-assets.mjs). */
const SHIPPED_MAIL_TEMPLATES = join(__dirname, 'templates');
/** Written by the build once the shipped templates passed their check: the digest of exactly those files. */
const CHECKED_STAMP = join(SHIPPED_MAIL_TEMPLATES, '.checked');

/** What one render of a template gives: the subject line, the plain-text part, or the HTML part. */
export type MailPart = 'subject' | 'text' | 'html';

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;
type Helpers = Record<string, Handlebars.HelperDelegate>;
type Partials = Record<string, HandlebarsTemplateDelegate>;

/**
 * One payload per e-mail, with only the fields every payload of it has: a template is checked against
 * the context the renderer makes of it, so it may use exactly what every e-mail of its kind will have.
 */
const EXAMPLES: { [T in OutboxTemplate]: OutboxPayloads[T] } = {
  ticket_created: { trackingId: 'ABC-DEF-GHIJ', number: 1, name: 'Name', subject: 'Subject', message: 'Message' },
  ticket_created_brief: { trackingId: 'ABC-DEF-GHIJ', number: 1 },
  tracking_reminder: { name: 'Name', tickets: [{ trackingId: 'ABC-DEF-GHIJ', number: 1, subject: 'Subject', status: 'new', createdAt: '2021-04-29T07:45:56Z' }] },
  participant_sign_in: { token: 'token', minutes: 15 },
  // Issue 17: with a file, checked as listed (the case that shows it); `attachments` is in every reply's context, empty when attached.
  staff_reply: { trackingId: 'ABC-DEF-GHIJ', name: 'Name', subject: 'Subject', message: 'Message', staffName: 'Staff', messageId: '1', attachments: [{ id: '00000000-0000-4000-8000-000000000000', filename: 'file.pdf', size: 1024 }] },
  ticket_closed: { trackingId: 'ABC-DEF-GHIJ', name: 'Name', subject: 'Subject', closedBy: 'staff' },
  staff_new_ticket: { trackingId: 'ABC-DEF-GHIJ', number: 1, subject: 'Subject', requesterName: 'Name', requesterEmail: 'name@example.org', message: 'Message', category: 'Category' },
  // requesterEmail is missing from rows queued before 12.8.
  staff_participant_reply: { trackingId: 'ABC-DEF-GHIJ', number: 1, subject: 'Subject', requesterName: 'Name', message: 'Message' },
  staff_assigned: { trackingId: 'ABC-DEF-GHIJ', number: 1, subject: 'Subject', assignedBy: 'Staff' },
  staff_sla_warning: { trackingId: 'ABC-DEF-GHIJ', number: 1, subject: 'Subject', clock: 'First response', due: '29/04/2021 10:45' },
  staff_sla_breached: { trackingId: 'ABC-DEF-GHIJ', number: 1, subject: 'Subject', clock: 'First response', due: '29/04/2021 10:45' },
};
const TEMPLATE_NAMES = Object.keys(EXAMPLES) as OutboxTemplate[];
const exampleContext = (template: OutboxTemplate, locale: Locale) =>
  mailContext(template, locale, 'name@example.org', EXAMPLES[template] as never, 'https://support.example.org', { listAttachments: true, satisfactionInvite: true });

/** Only the links we make go into an `<a>`: never a field a participant wrote (issue 12.7). */
const LINK_FIELDS = new Set(['link', 'adminLink', 'rateLink']);

/**
 * The helpers a template writes its e-mail with. Each prints itself in each part, so that one file gives
 * both: `{{#p}}…{{/p}}` a paragraph (`<p>…</p>`, or the text and a blank line), `{{br}}` a line break,
 * `{{#b}}…{{/b}}` bold (plain in text), `{{a link}}` or `{{#a link}}label{{/a}}` a link of ours
 * (in text the label, then the address on a line of its own), `{{#ul}}{{#li}}…{{/li}}{{/ul}}` a list
 * (in text, items apart like paragraphs), `{{lines message}}` a message with its line breaks (and, in HTML, its links: issue 17),
 * `{{#mailSubject}}…{{/mailSubject}}` the subject line.
 */
const HELPER_ARITY: Record<string, { block: boolean | 'either'; params: number }> = {
  p: { block: true, params: 0 },
  br: { block: false, params: 0 },
  b: { block: true, params: 0 },
  a: { block: 'either', params: 1 },
  ul: { block: true, params: 0 },
  li: { block: true, params: 0 },
  lines: { block: false, params: 1 },
  mailSubject: { block: true, params: 0 },
  if: { block: true, params: 1 },
  unless: { block: true, params: 1 },
  each: { block: true, params: 1 },
  with: { block: true, params: 1 },
};

const escapeHtml = (value: unknown) => Handlebars.escapeExpression(String(value ?? ''));
const html = (value: string) => new Handlebars.SafeString(value);

const HTML_HELPERS: Helpers = {
  p: function (this: unknown, options: Handlebars.HelperOptions) {
    return `<p>${options.fn(this)}</p>`;
  },
  br: () => html('<br>'),
  b: function (this: unknown, options: Handlebars.HelperOptions) {
    return `<b>${options.fn(this)}</b>`;
  },
  a: function (this: unknown, url: unknown, options: Handlebars.HelperOptions) {
    return html(`<a href="${escapeHtml(url)}">${options.fn ? options.fn(this) : escapeHtml(url)}</a>`);
  },
  ul: function (this: unknown, options: Handlebars.HelperOptions) {
    return `<ul>${options.fn(this)}</ul>`;
  },
  li: function (this: unknown, options: Handlebars.HelperOptions) {
    return `<li>${options.fn(this)}</li>`;
  },
  // Issue 17: addresses in the text are links (http, https, mailto; escaped once, by the shared linkifier). A
  // participant's words never are (12.7): mailContext has made them `unlinkable`, which the linkifier leaves as text.
  lines: (value: unknown) => html(linkifyHtml(String(value ?? '')).split(/\r?\n/).join('<br>\n')),
  mailSubject: () => '',
};

const TEXT_HELPERS: Helpers = {
  p: function (this: unknown, options: Handlebars.HelperOptions) {
    return `${options.fn(this)}\n`;
  },
  br: () => '\n',
  b: function (this: unknown, options: Handlebars.HelperOptions) {
    return options.fn(this);
  },
  a: function (this: unknown, url: unknown, options: Handlebars.HelperOptions) {
    return options.fn ? `${options.fn(this)}\n${String(url)}` : String(url);
  },
  // Items end with a blank line, as paragraphs do; the line break after `{{/ul}}` gives back the one dropped here.
  ul: function (this: unknown, options: Handlebars.HelperOptions) {
    return options.fn(this).replace(/\n$/, '');
  },
  li: function (this: unknown, options: Handlebars.HelperOptions) {
    return `${options.fn(this)}\n\n`;
  },
  lines: (value: unknown) => String(value ?? ''),
  mailSubject: () => '',
};

/** The subject render is the text one, keeping what `{{#mailSubject}}` holds aside (in the render's data) and dropping the rest. */
const SUBJECT_HELPERS: Helpers = {
  ...TEXT_HELPERS,
  mailSubject: function (this: unknown, options: Handlebars.HelperOptions) {
    (options.data as { subject: { line: string } }).subject.line = options.fn(this);
    return '';
  },
};

const PART_HELPERS: Record<MailPart, Helpers> = { subject: SUBJECT_HELPERS, text: TEXT_HELPERS, html: HTML_HELPERS };

/** Strict: a field the context lacks is an error, never an empty spot. The text and the subject are not HTML, so not escaped. */
const ESCAPED = { strict: true } as const;
const PLAIN = { strict: true, noEscape: true } as const;
type Kind = 'escaped' | 'plain';
const kindOf = (part: MailPart): Kind => (part === 'html' ? 'escaped' : 'plain');

export class MailTemplateError extends Error {}

/**
 * The template sets read and checked in this process, by operator's folder ('' for none). Read once: the
 * app's module checks them when it is built, and its renderer gets that very set when it first renders
 * (an operator's later edit takes effect, checked, at the next start, never half-way); compiling a set
 * also takes Handlebars most of a second, which each app a test starts would pay again.
 */
const LOADED = new Map<string, MailTemplates>();

/** A template file: where it is, and what it says. */
interface TemplateFile {
  /** The path below the templates folder, e.g. `uk/ticket_created.hbs`: the same for a shipped file and the operator's copy. */
  name: string;
  path: string;
  source: string;
}

/**
 * Every e-mail's template, one `.hbs` file per e-mail and language (`uk/ticket_created.hbs`), written
 * inside the shared `layout.hbs` with the partials of `partials/` and of its language
 * (`uk/partials/signature.hbs`), from which the subject, the text and the HTML part are all rendered.
 * An operator's folder (MAIL_TEMPLATES_DIR) replaces any of these files by one of the same path, and
 * may add partials. `load` checks every template at start — its syntax, and every variable, helper and
 * partial against what its e-mail has — and renders each once, so a broken one stops the start naming
 * its file instead of failing a send. The check compiles every e-mail, most of a second of a cold start
 * (issue 14: ≤ 3 s), so the build runs it on the shipped templates and stamps their digest
 * (`checkShipped`); a start with no operator's folder and shipped files of that digest has nothing left
 * to check. A shipped file edited after the build no longer matches and is checked again.
 *
 * The rendering is the mail module's Handlebars adapter (one per escaping, as its compile options are
 * the adapter's), given each file by its full path: with no template folder it inlines no style sheet
 * a rendered e-mail links to, which from a participant's words in the text part would read any file
 * into the e-mail. The adapter takes its partials from Handlebars' process-wide registry, so each
 * render puts this e-mail's language and part's partials there first, in the same synchronous call.
 */
export class MailTemplates {
  private readonly adapters: Record<Kind, HandlebarsAdapter> = {
    escaped: new HandlebarsAdapter(undefined, { inlineCssEnabled: false }),
    plain: new HandlebarsAdapter(undefined, { inlineCssEnabled: false }),
  };
  private readonly emails: Map<string, TemplateFile>;
  private readonly partialFiles: Map<Locale, Map<string, TemplateFile>>;
  private readonly partials: Record<Kind, Map<Locale, Partials>>;

  private constructor(files: Map<string, TemplateFile>) {
    this.emails = emailFiles(files);
    this.partialFiles = partialFiles(files);
    const compileAll = (options: CompileOptions) =>
      new Map(SUPPORTED_LOCALES.map((locale) => [locale, Object.fromEntries([...this.partialFiles.get(locale)!].map(([name, file]) => [name, Handlebars.compile(file.source, options)]))]));
    this.partials = { escaped: compileAll(ESCAPED), plain: compileAll(PLAIN) };
  }

  /** The shipped templates with the files of `overrideDir` (MAIL_TEMPLATES_DIR) in place of theirs, checked. Throws MailTemplateError naming the file. */
  static load(overrideDir?: string): MailTemplates {
    const dir = overrideDir ? resolve(overrideDir) : '';
    let templates = LOADED.get(dir);
    if (!templates) {
      templates = MailTemplates.read(dir);
      LOADED.set(dir, templates);
    }
    return templates;
  }

  /** Checks the shipped templates whatever the stamp says; answers their digest. */
  static checkShipped(): string {
    const shipped = listTemplates(SHIPPED_MAIL_TEMPLATES);
    const files = new Map(shipped.map((file) => [file.name, file]));
    MailTemplates.check(new MailTemplates(files), files);
    return digestOf(shipped);
  }

  /** For the build (tools/copy-api-assets.mjs): the shipped templates checked, and their digest stamped beside them. */
  static stampShipped(): void {
    writeFileSync(CHECKED_STAMP, `${MailTemplates.checkShipped()}\n`);
  }

  private static read(overrideDir: string): MailTemplates {
    if (!isFolder(SHIPPED_MAIL_TEMPLATES)) throw new MailTemplateError(`No mail templates in ${SHIPPED_MAIL_TEMPLATES}: the build copies them there (npm run build:api)`);
    const shipped = listTemplates(SHIPPED_MAIL_TEMPLATES);
    const files = new Map(shipped.map((file) => [file.name, file]));
    if (overrideDir) for (const file of listOverrides(overrideDir)) files.set(file.name, file);

    const templates = new MailTemplates(files);
    const checkedByTheBuild = !overrideDir && readStamp() === digestOf(shipped);
    if (!checkedByTheBuild) MailTemplates.check(templates, files);
    return templates;
  }

  private static check(templates: MailTemplates, files: Map<string, TemplateFile>): void {
    const asts = new Map([...files.values()].map((file) => [file.name, parse(file)]));
    const emails = SUPPORTED_LOCALES.flatMap((locale) => TEMPLATE_NAMES.map((template) => ({ locale, template, file: templates.emails.get(`${locale}/${template}`)! })));
    // Every file read first (quick), then each e-mail compiled and rendered (Handlebars' compiling is the slow part).
    for (const { locale, template, file } of emails) new TemplateCheck(file, fieldsOf(exampleContext(template, locale)), templates.partialFiles.get(locale)!, asts).run();
    for (const { locale, template, file } of emails) templates.renderExample(template, locale, file);
  }

  private renderExample(template: OutboxTemplate, locale: Locale, file: TemplateFile): void {
    for (const part of ['subject', 'text', 'html'] as const) {
      let rendered: string;
      try {
        rendered = this.render(part, template, locale, exampleContext(template, locale));
      } catch (error) {
        throw new MailTemplateError(`Mail template ${file.path} does not render: ${(error as Error).message}`);
      }
      if (part === 'subject' && !rendered.trim()) throw new MailTemplateError(`Mail template ${file.path} gives an empty subject line`);
    }
  }

  /** One part of an e-mail, from the context the renderer made of its payload. */
  render(part: MailPart, template: OutboxTemplate, requested: Locale, context: MailContext): string {
    const locale = this.partials.escaped.has(requested) ? requested : DEFAULT_LOCALE;
    const file = this.emails.get(`${locale}/${template}`);
    if (!file) throw new Error(`No e-mail template "${template}"`);
    const kind = kindOf(part);
    usePartials(this.partials[kind].get(locale)!);
    const subject = { line: '' };
    const mail = { data: { template: file.path, context, html: undefined as string | undefined } };
    const options: MailerOptions = { template: { options: kind === 'escaped' ? ESCAPED : PLAIN }, options: { helpers: PART_HELPERS[part], data: { subject } } };
    this.adapters[kind].compile(mail, rethrow, options);
    if (part === 'subject') return subject.line;
    const body = mail.data.html ?? '';
    // Every paragraph ends with a blank line in text; the last one's would end the e-mail.
    return part === 'text' && body.endsWith('\n\n') ? body.slice(0, -1) : body;
  }
}

type CompileOptions = typeof ESCAPED | typeof PLAIN;

/** Each e-mail's file, by `LANGUAGE/TEMPLATE`. */
function emailFiles(files: Map<string, TemplateFile>): Map<string, TemplateFile> {
  const emails = new Map<string, TemplateFile>();
  for (const locale of SUPPORTED_LOCALES) {
    for (const template of TEMPLATE_NAMES) {
      const file = files.get(`${locale}/${template}.hbs`);
      if (!file) throw new MailTemplateError(`No mail template ${locale}/${template}.hbs in ${SHIPPED_MAIL_TEMPLATES}: the build copies them there (npm run build:api)`);
      emails.set(`${locale}/${template}`, file);
    }
  }
  return emails;
}

/** The partials each language's e-mails see by name: the layout, the shared ones, and its own (which replace shared ones of the same name). */
function partialFiles(files: Map<string, TemplateFile>): Map<Locale, Map<string, TemplateFile>> {
  return new Map(
    SUPPORTED_LOCALES.map((locale) => {
      const partials = new Map<string, TemplateFile>([['layout', files.get('layout.hbs')!]]);
      for (const folder of ['partials/', `${locale}/partials/`]) {
        for (const [name, file] of files) if (name.startsWith(folder) && !name.slice(folder.length).includes('/')) partials.set(name.slice(folder.length, -'.hbs'.length), file);
      }
      return [locale, partials];
    }),
  );
}

/** The adapter's callback: it reports a template it cannot read or render by calling this with the error. */
function rethrow(error?: unknown): void {
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

function usePartials(partials: Partials): void {
  for (const name of Object.keys(Handlebars.partials)) if (!(name in partials)) Handlebars.unregisterPartial(name);
  Handlebars.registerPartial(partials);
}

function parse(file: TemplateFile): Program {
  try {
    return Handlebars.parse(file.source);
  } catch (error) {
    throw new MailTemplateError(`Mail template ${file.path} cannot be read as Handlebars: ${(error as Error).message}`);
  }
}

/** The digest of a set of templates: their paths and contents, in a fixed order. */
function digestOf(files: TemplateFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) hash.update(`${file.name}\0${file.source}\0`);
  return hash.digest('hex');
}

function readStamp(): string | undefined {
  try {
    return readFileSync(CHECKED_STAMP, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Every `.hbs` file of a templates folder, by its path below it. */
function listTemplates(root: string, dir = ''): TemplateFile[] {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const name = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listTemplates(root, name);
      return entry.name.endsWith('.hbs') ? [{ name, path: join(root, name), source: readFileSync(join(root, name), 'utf8') }] : [];
    });
}

const LANGUAGE = `(?:${SUPPORTED_LOCALES.join('|')})`;
/** What an operator's folder may hold: the layout, an e-mail of a language, or a partial (shared or a language's; new ones too). */
const OVERRIDABLE = [/^layout\.hbs$/, new RegExp(`^${LANGUAGE}/(?:${TEMPLATE_NAMES.join('|')})\\.hbs$`), new RegExp(`^(?:${LANGUAGE}/)?partials/[\\w-]+\\.hbs$`)];

/** The operator's files, each of which must replace a shipped template or add a partial: a misspelt name would otherwise be silently unused. */
function listOverrides(dir: string): TemplateFile[] {
  if (!isFolder(dir)) throw new MailTemplateError(`MAIL_TEMPLATES_DIR=${dir} is not a folder`);
  const files = listTemplates(dir);
  const unknown = files.find((file) => !OVERRIDABLE.some((pattern) => pattern.test(file.name)));
  if (unknown) {
    throw new MailTemplateError(
      `Mail template ${unknown.path} replaces none of ours: the folder holds layout.hbs, partials/NAME.hbs and, per language (${SUPPORTED_LOCALES.join(', ')}), ` +
        `LANGUAGE/partials/NAME.hbs and LANGUAGE/E-MAIL.hbs, the e-mails being ${TEMPLATE_NAMES.join(', ')}`,
    );
  }
  return files;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The fields of a context, each with its own fields (an object's, or a list's items') or null for a plain value. */
type Fields = Map<string, Fields | null>;

function fieldsOf(value: object): Fields {
  const fields: Fields = new Map();
  for (const [key, field] of Object.entries(value)) {
    const item: unknown = Array.isArray(field) ? field[0] : field;
    fields.set(key, item !== null && typeof item === 'object' ? fieldsOf(item) : null);
  }
  return fields;
}

/** Where a template stands: the fields of its context, the enclosing ones (for `../`), and `as |name|` block parameters. */
interface Scope {
  fields: Fields;
  parent?: Scope;
  blockParams: Map<string, Fields | null>;
}

/** Where a check stands: the file being read (an e-mail's or a partial's), the partials it came through, and whether `{{> @partial-block}}` has content. */
interface Place {
  file: TemplateFile;
  via: string[];
  partialBlock: boolean;
}

/** Reads an e-mail's template, with the partials it uses in the place it uses them, against the fields its e-mail has. */
class TemplateCheck {
  private subjects = 0;
  private readonly root: Fields;

  constructor(
    private readonly file: TemplateFile,
    fields: Fields,
    private readonly partials: Map<string, TemplateFile>,
    private readonly asts: Map<string, Program>,
  ) {
    this.root = fields;
  }

  run(): void {
    this.program(this.asts.get(this.file.name), { fields: this.root, blockParams: new Map() }, { file: this.file, via: [], partialBlock: false });
    if (this.subjects !== 1) this.fail({ file: this.file, via: [], partialBlock: false }, undefined, `needs one {{#mailSubject}}…{{/mailSubject}}, the subject line, and has ${this.subjects}`);
  }

  private program(program: Program | undefined, scope: Scope, place: Place): void {
    for (const statement of program?.body ?? []) this.statement(statement, scope, place);
  }

  private statement(node: Node, scope: Scope, place: Place): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        if (!mustache.escaped) this.fail(place, node, `writes {{{…}}} or {{& …}}, without escaping: write {{…}}, so that what participants wrote stays escaped`);
        if (mustache.path.type !== 'PathExpression') this.fail(place, node, `writes a literal where a variable or helper belongs`);
        const path = mustache.path as PathExpression;
        if (mustache.params.length > 0 || mustache.hash?.pairs.length || helperName(path) !== undefined) {
          this.helperCall(path, mustache.params, mustache.hash, false, scope, place);
        } else {
          this.variable(path, scope, place);
        }
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const name = this.helperCall(block.path, block.params, block.hash, true, scope, place);
        if (name === 'mailSubject') this.subjects++;
        const inner = name === 'each' || name === 'with' ? this.enter(block, scope, place) : scope;
        this.program(block.program, inner, place);
        this.program(block.inverse, scope, place);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const partial = node as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;
        if (partial.name.type !== 'PathExpression') this.fail(place, node, `names a partial by an expression: name it, e.g. {{> signature}}`);
        if (partial.params.length > 0) this.fail(place, node, `gives a partial a context of its own: partials see the e-mail's fields`);
        for (const pair of partial.hash?.pairs ?? []) this.expression(pair.value, scope, place);
        const name = partial.name.original;
        const hashScope: Scope = partial.hash?.pairs.length ? { ...scope, fields: new Map([...scope.fields, ...partial.hash.pairs.map((pair) => [pair.key, null] as const)]) } : scope;
        if (node.type === 'PartialBlockStatement') this.program((partial as hbs.AST.PartialBlockStatement).program, scope, place);
        if (name === '@partial-block') {
          if (!place.partialBlock) this.fail(place, node, `uses {{> @partial-block}} where no content is given: only a layout or partial called as {{#> name}}…{{/name}} has one`);
          return;
        }
        const file = this.partials.get(name);
        if (!file) this.fail(place, node, `uses the partial "${name}", which this language does not have (it has: ${[...this.partials.keys()].sort().join(', ')})`);
        if (place.via.includes(file.name)) this.fail(place, node, `uses the partial "${name}" inside itself`);
        this.program(this.asts.get(file.name), hashScope, { file, via: [...place.via, place.file.name], partialBlock: node.type === 'PartialBlockStatement' });
        return;
      }
      default:
        this.fail(place, node, `uses ${node.type}, which e-mail templates do not support (inline partials go in partials/)`);
    }
  }

  /** A helper called with its parameters; returns its name. */
  private helperCall(path: PathExpression, params: Expression[], hash: hbs.AST.Hash | undefined, block: boolean, scope: Scope, place: Place): string {
    const name = helperName(path);
    const arity = name === undefined ? undefined : HELPER_ARITY[name];
    if (name === undefined || !arity) {
      this.fail(place, path, `${block ? 'uses the block' : 'calls the'} helper "${path.original}", which is not one of ours (${Object.keys(HELPER_ARITY).join(', ')})`);
    }
    if (arity.block !== 'either' && arity.block !== block) this.fail(place, path, block ? `uses {{${name}}} as a block ({{#${name}}}…{{/${name}}}): write {{${name}}}` : `uses {{#${name}}}…{{/${name}}} as {{${name}}}`);
    if (params.length !== arity.params) this.fail(place, path, `gives {{${name}}} ${params.length} value(s) where it takes ${arity.params}`);
    if (hash?.pairs.length) this.fail(place, path, `gives {{${name}}} named values (${hash.pairs.map((pair) => pair.key).join(', ')}), which it does not take`);
    if (name === 'a') {
      const target = params[0];
      const ours = target.type === 'StringLiteral' || (target.type === 'PathExpression' && LINK_FIELDS.has((target as PathExpression).parts.at(-1) ?? ''));
      if (!ours) this.fail(place, path, `links to something other than our links (${[...LINK_FIELDS].join(', ')}) or an address written in the template: a participant's words never become a link (issue 12.7)`);
    }
    for (const param of params) this.expression(param, scope, place);
    return name;
  }

  private expression(node: Expression, scope: Scope, place: Place): void {
    if (node.type === 'PathExpression') this.variable(node as PathExpression, scope, place);
    else if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.helperCall(sub.path, sub.params, sub.hash, false, scope, place);
    }
  }

  /** The scope inside `{{#each list}}` or `{{#with object}}`: the fields of the list's items or of the object. */
  private enter(block: hbs.AST.BlockStatement, scope: Scope, place: Place): Scope {
    const target = block.params[0];
    const fields = target.type === 'PathExpression' ? this.variable(target as PathExpression, scope, place) : null;
    if (!fields) this.fail(place, block, `uses {{#${block.path.original}}} on ${target.type === 'PathExpression' ? `"${(target as PathExpression).original}", which has no fields` : 'a literal'}`);
    const [item, index] = block.program.blockParams ?? [];
    const blockParams = new Map(scope.blockParams);
    if (item) blockParams.set(item, fields);
    if (index) blockParams.set(index, null);
    return { fields, parent: scope, blockParams };
  }

  /** A variable looked up where it stands; returns its fields (null for a plain value). */
  private variable(path: PathExpression, scope: Scope, place: Place): Fields | null {
    let fields: Fields | null;
    let parts = path.parts;
    if (path.data) {
      const [head, ...rest] = parts;
      if (head !== 'root' || rest.length === 0) {
        if (['index', 'first', 'last', 'key'].includes(head) && rest.length === 0) return null;
        this.fail(place, path, `uses @${parts.join('.')}, which is not known: @index, @first, @last, @key and @root.FIELD are`);
      }
      fields = this.root;
      parts = rest;
    } else {
      let at: Scope = scope;
      for (let depth = path.depth; depth > 0; depth--) {
        if (!at.parent) this.fail(place, path, `uses "${path.original}", which goes above the e-mail's own fields`);
        at = at.parent!;
      }
      if (parts.length === 0) return at.fields;
      if (path.depth === 0 && at.blockParams.has(parts[0])) {
        fields = at.blockParams.get(parts[0])!;
        parts = parts.slice(1);
      } else {
        fields = at.fields;
      }
    }
    for (const part of parts) {
      if (!fields || !fields.has(part)) {
        const known = fields ? [...fields.keys()].sort().join(', ') : 'none: it is a plain value';
        this.fail(place, path, `uses the variable "${path.original}", which this e-mail does not have (its fields here: ${known})`);
      }
      fields = fields.get(part)!;
    }
    return fields;
  }

  private fail(place: Place, node: Node | undefined, problem: string): never {
    const where = node?.loc ? ` (line ${node.loc.start.line}, column ${node.loc.start.column + 1})` : '';
    const via = place.file === this.file ? '' : `, as used by ${this.file.path}`;
    throw new MailTemplateError(`Mail template ${place.file.path}${where}${via} ${problem}`);
  }
}

/** The name of a helper a path calls, or undefined when it is a variable's (`name`, `../name`, `@index`, `a.b` never name helpers). */
function helperName(path: PathExpression): string | undefined {
  return !path.data && path.depth === 0 && path.parts.length === 1 && path.original === path.parts[0] && Object.hasOwn(HELPER_ARITY, path.parts[0]) ? path.parts[0] : undefined;
}
