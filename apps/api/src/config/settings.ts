import { parseBoolean, parseList, parseNumber, SettingField, settingFields, SettingParser } from '@pidtrymka/plugin-sdk';
import { ValidationError, validateSync } from 'class-validator';

export type Environment = Record<string, string | undefined>;

const TYPE_CONSTRAINTS = ['isInt', 'isNumber', 'isBoolean'];

/** The start-up error: one line per invalid setting, with the value it was given (a secret's hidden). */
export class InvalidSettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid settings:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

/**
 * A settings class (`@Setting` properties, see libs/plugin-sdk's settings.ts)
 * read from `env` and validated, together with the settings classes its
 * properties hold (the groups of AppConfig). What is invalid is added to
 * `problems`, so that one error can list every setting at fault.
 */
export function readSettings<T extends object>(type: new () => T, env: Environment, problems: string[]): T {
  const settings = new type();
  fill(settings, env, problems);
  return settings;
}

/** `readSettings` for one class on its own: throws what it finds invalid. */
export function settingsFrom<T extends object>(type: new () => T, env: Environment): T {
  const problems: string[] = [];
  const settings = readSettings(type, env, problems);
  if (problems.length > 0) throw new InvalidSettingsError(problems);
  return settings;
}

/** Every environment variable a settings class (and its groups) reads. */
export function settingNames(type: new () => object): string[] {
  const names: string[] = [];
  const walk = (settings: object) => {
    names.push(...settingFields(settings.constructor).map((field) => field.name));
    groupsOf(settings).forEach(walk);
  };
  walk(new type());
  return names;
}

function fill(settings: object, env: Environment, problems: string[]): void {
  const fields = settingFields(settings.constructor);
  const given = new Map<string, string>();
  for (const field of fields) {
    const raw = env[field.name];
    if (raw === undefined || raw === '') continue;
    given.set(field.property, raw);
    (settings as Record<string, unknown>)[field.property] = parserOf(settings, field)(raw);
  }
  // A group may hold no class-validator rule of its own: unknown to class-validator, and that is fine.
  const errors = validateSync(settings, { forbidUnknownValues: false });
  // In the order the class declares them, a base class's first.
  const position = (error: ValidationError) => fields.findIndex((field) => field.property === error.property);
  for (const error of errors.sort((a, b) => position(a) - position(b))) {
    problems.push(problemLine(error, fields[position(error)]?.name ?? error.property, given.get(error.property)));
  }
  groupsOf(settings).forEach((group) => fill(group, env, problems));
}

/** The variable, the value it was given, and what is wrong with it. */
function problemLine(error: ValidationError, name: string, given: string | undefined): string {
  const constraints = error.constraints ?? {};
  // "abc" is no integer: that it is also not within the bounds says nothing more.
  const wrongType = TYPE_CONSTRAINTS.find((constraint) => constraint in constraints);
  // class-validator's own messages begin with the property's name; the operator knows the variable's.
  const subject = new RegExp(`^(each value in )?${error.property}\\b`);
  const messages = (wrongType ? [constraints[wrongType]] : Object.values(constraints)).map((message) => message.replace(subject, `$1${name}`));
  return `${name}${given === undefined ? ' (unset)' : `=${shownValue(name, given)}`}: ${messages.join('; ')}`;
}

/**
 * Settings that hold credentials, by name, a plugin's as much as ours: the
 * start-up error goes to terminals, logs and CI output, which must never
 * show a password, a token or a key.
 */
const SECRET_NAME = /(?:^|_)(?:PASS|PASSWORD|PASSPHRASE|SECRET|TOKEN|KEY|CREDENTIALS?|PRIVATE)(?:_|$)/;
/** The password of a URL's user part (`postgres://user:password@host`), whether or not the rest of the URL is valid. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^@/]*@/i;

function shownValue(name: string, given: string): string {
  if (SECRET_NAME.test(name)) return `(hidden, ${given.length} characters)`;
  return JSON.stringify(given.replace(URL_PASSWORD, '$1***@'));
}

/** The property's own parser, else by its default's type. */
function parserOf(settings: object, field: SettingField): SettingParser {
  if (field.parse) return field.parse;
  const initial = (settings as Record<string, unknown>)[field.property];
  if (typeof initial === 'number') return parseNumber;
  if (typeof initial === 'boolean') return parseBoolean;
  if (Array.isArray(initial)) return parseList;
  return (raw) => raw;
}

function groupsOf(settings: object): object[] {
  return Object.values(settings as Record<string, unknown>).filter((value): value is object => typeof value === 'object' && value !== null && !Array.isArray(value) && settingFields(value.constructor).length > 0);
}
