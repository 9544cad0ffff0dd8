import { parseNumber, Setting, settingFields } from '@pidtrymka/plugin-sdk';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, Max, Min } from 'class-validator';
import { InvalidSettingsError, readSettings, settingNames, settingsFrom } from './settings';

/** A plugin's settings as a TypeScript plugin writes them. */
class BaseSettings {
  @Setting('EXAMPLE_TIMEOUT_SECONDS') @IsInt() @Min(1) @Max(60)
  readonly timeoutSeconds: number = 10;
}

class ExampleSettings extends BaseSettings {
  @Setting('EXAMPLE_HOST') @IsNotEmpty({ message: 'EXAMPLE_PROVIDER=example needs EXAMPLE_HOST' })
  readonly host: string = '';

  @Setting('EXAMPLE_SECURE') @IsBoolean()
  readonly secure: boolean = true;

  @Setting('EXAMPLE_PORT', parseNumber) @IsOptional() @IsInt()
  readonly port?: number;

  @Setting('EXAMPLE_TAGS')
  readonly tags: readonly string[] = [];
}

/** The same as plain JavaScript writes it: no decorator syntax, no types, defaults set in the constructor. */
function plainJavaScriptSettings(): new () => object {
  class Settings {
    limit: unknown;
    constructor() {
      this.limit = 5;
    }
  }
  for (const decorate of [Setting('EXAMPLE_LIMIT'), IsInt(), Min(1)]) decorate(Settings.prototype, 'limit');
  return Settings;
}

describe('issue 13: settings classes, the API’s and plugins’ alike', () => {
  it('take base classes’ settings too, and read each value as its default’s type or as told', () => {
    expect(settingFields(ExampleSettings).map((field) => field.name)).toEqual(['EXAMPLE_TIMEOUT_SECONDS', 'EXAMPLE_HOST', 'EXAMPLE_SECURE', 'EXAMPLE_PORT', 'EXAMPLE_TAGS']);
    const settings = settingsFrom(ExampleSettings, { EXAMPLE_TIMEOUT_SECONDS: '30', EXAMPLE_HOST: 'h.example', EXAMPLE_SECURE: 'false', EXAMPLE_PORT: '2525', EXAMPLE_TAGS: 'a, b' });
    expect(settings).toEqual(Object.assign(new ExampleSettings(), { timeoutSeconds: 30, host: 'h.example', secure: false, port: 2525, tags: ['a', 'b'] }));
    expect(settingsFrom(ExampleSettings, { EXAMPLE_HOST: 'h.example' })).toMatchObject({ timeoutSeconds: 10, secure: true, port: undefined, tags: [] });
  });

  it('say which setting a missing one is needed by, and what is wrong with each given one', () => {
    const problems: string[] = [];
    readSettings(ExampleSettings, { EXAMPLE_TIMEOUT_SECONDS: '600', EXAMPLE_SECURE: 'maybe', EXAMPLE_PORT: 'smtp' }, problems);
    expect(problems).toEqual([
      'EXAMPLE_TIMEOUT_SECONDS="600": EXAMPLE_TIMEOUT_SECONDS must not be greater than 60',
      'EXAMPLE_HOST (unset): EXAMPLE_PROVIDER=example needs EXAMPLE_HOST',
      'EXAMPLE_SECURE="maybe": EXAMPLE_SECURE must be a boolean value',
      'EXAMPLE_PORT="smtp": EXAMPLE_PORT must be an integer number',
    ]);
  });

  it('never show a secret’s value or a URL’s password in the start-up error', () => {
    class SecretSettings {
      @Setting('EXAMPLE_PASSWORD') @IsInt() readonly password: string = '';
      @Setting('EXAMPLE_API_TOKEN') @IsInt() readonly token: string = '';
      @Setting('EXAMPLE_KEY') @IsInt() readonly key: string = '';
      @Setting('EXAMPLE_URL') @IsInt() readonly url: string = '';
      @Setting('EXAMPLE_BAD_URL') @IsInt() readonly badUrl: string = '';
      @Setting('EXAMPLE_KEYBOARD') @IsInt() readonly keyboard: string = '';
    }
    const problems: string[] = [];
    readSettings(SecretSettings, { EXAMPLE_PASSWORD: 'hunter2', EXAMPLE_API_TOKEN: 't0ken', EXAMPLE_KEY: 'k3y', EXAMPLE_URL: 'postgres://app:s3cret@db:5432/x', EXAMPLE_BAD_URL: 'smtp://u:pw0rd@host:port', EXAMPLE_KEYBOARD: 'qwerty' }, problems);
    const printed = problems.join('\n');
    for (const secret of ['hunter2', 't0ken', 'k3y', 's3cret', 'pw0rd']) expect(printed).not.toContain(secret);
    expect(problems[0]).toBe('EXAMPLE_PASSWORD=(hidden, 7 characters): EXAMPLE_PASSWORD must be an integer number');
    expect(problems[3]).toContain('"postgres://app:***@db:5432/x"');
    expect(problems[4]).toContain('"smtp://u:***@host:port"');
    // Only whole words of the name count: a keyboard layout is no key.
    expect(problems[5]).toContain('"qwerty"');
  });

  it('work from plain JavaScript, which a plugin package may be written in', () => {
    const Settings = plainJavaScriptSettings();
    expect(settingsFrom(Settings, { EXAMPLE_LIMIT: '7' })).toMatchObject({ limit: 7 });
    expect(() => settingsFrom(Settings, { EXAMPLE_LIMIT: '0' })).toThrow(new InvalidSettingsError(['EXAMPLE_LIMIT="0": EXAMPLE_LIMIT must not be less than 1']));
    expect(settingNames(Settings)).toEqual(['EXAMPLE_LIMIT']);
  });

  it('never take a variable they do not declare', () => {
    expect(settingsFrom(ExampleSettings, { EXAMPLE_HOST: 'h', host: 'other', PATH: '/bin' })).not.toHaveProperty('PATH');
    expect(settingsFrom(ExampleSettings, { EXAMPLE_HOST: 'h', host: 'other' }).host).toBe('h');
  });
});
