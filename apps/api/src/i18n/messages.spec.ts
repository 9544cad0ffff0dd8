import { formatBytes, translate, translateConstraint } from './messages';

describe('messages', () => {
  it('formats sizes as people read them, with a decimal comma in Ukrainian', () => {
    expect(formatBytes('uk', 2 * 1024 * 1024)).toBe('2 МБ');
    expect(formatBytes('en', 2 * 1024 * 1024)).toBe('2 MB');
    expect(formatBytes('uk', 1536)).toBe('1,5 КБ');
    expect(formatBytes('en', 1000)).toBe('1000 B');
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
