import { formatBytes } from '@pidtrymka/contracts';
import { translate, translateConstraint } from './messages';

describe('messages', () => {
  it('formats sizes as people read them, with a decimal comma in Ukrainian (the web app writes them with the same function)', () => {
    expect(formatBytes(2 * 1024 * 1024, 'uk')).toBe('2 МБ');
    expect(formatBytes(2 * 1024 * 1024, 'en')).toBe('2 MB');
    expect(formatBytes(1536, 'uk')).toBe('1,5 КБ');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(1000, 'en')).toBe('1000 B');
  });

  it('names the field and the limit in validation messages', () => {
    expect(translateConstraint('uk', 'subject', 'maxLength', { max: 200 })).toBe('Поле «Тема» може містити не більше 200 символів.');
    expect(translateConstraint('en', 'subject', 'maxLength', { max: 200 })).toBe('"Subject" may be at most 200 characters long.');
  });

  it('falls back to a general message for a constraint or code it does not know', () => {
    expect(translateConstraint('en', 'x', 'somethingNew', {})).toBe('Please check the form.');
    expect(translate('uk', 'no_such_code')).toBe('Некоректний запит.');
  });
});
