/**
 * Settings as classes: each property is one environment variable, named by
 * `@Setting`, with its default as the property's initial value and its rules
 * as class-validator decorators beside it. The API reads such a class from
 * the environment at start, validates it, and refuses to start on an invalid
 * value, naming the variable and the value. A plugin declares its own class
 * in `PluginDefinition.settings` and injects the validated instance by class.
 *
 * An unset or empty variable keeps the default. A value is read as its
 * default's type: a number, a boolean (`true`/`false`, `1`/`0`, `yes`/`no`,
 * `on`/`off`), a comma-separated list, or else the text itself. A property
 * without a default is text unless `parse` says otherwise (`parseNumber`…).
 */

/** Turns a variable's text into the property's value, before validation. */
export type SettingParser = (raw: string) => unknown;

export interface SettingField {
  property: string;
  /** The environment variable. */
  name: string;
  parse?: SettingParser;
}

// Symbol.for: one key however many copies of this package a process loads (a plugin may bring its own).
const FIELDS = Symbol.for('pidtrymka:setting-fields');
type WithFields = { [FIELDS]?: SettingField[] };

/** Reads the property from the environment variable `name`. */
export function Setting(name: string, parse?: SettingParser): PropertyDecorator {
  return (prototype, property) => {
    const type = prototype.constructor as WithFields;
    if (!Object.prototype.hasOwnProperty.call(type, FIELDS)) type[FIELDS] = [];
    type[FIELDS]!.push({ property: String(property), name, parse });
  };
}

/** The settings a class (or an instance's `constructor`) declares, its base classes' included. */
export function settingFields(type: object): SettingField[] {
  const fields: SettingField[] = [];
  for (let current: unknown = type; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    if (Object.prototype.hasOwnProperty.call(current, FIELDS)) fields.unshift(...((current as WithFields)[FIELDS] ?? []));
  }
  return fields;
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/** Text that is not a number gives NaN, which `@IsInt()`/`@IsNumber()` refuse. */
export function parseNumber(raw: string): number {
  return raw.trim() === '' ? NaN : Number(raw);
}

/** Text that is no boolean word stays text, which `@IsBoolean()` refuses. */
export function parseBoolean(raw: string): boolean | string {
  const word = raw.trim().toLowerCase();
  return TRUE.includes(word) ? true : FALSE.includes(word) ? false : raw;
}

export function parseList(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
