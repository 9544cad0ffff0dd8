import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength, ValidateBy } from 'class-validator';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A browser's multipart form turns every line break of a textarea into CRLF (HTML's form encoding); keep one kind, LF. */
const unixLineBreaks = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value));

/** NUL can't be stored in PostgreSQL text, and other controls have no business in a form. */
const NoControlCharacters = (allowLineBreaks: boolean) =>
  ValidateBy({
    name: 'noControlCharacters',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || !(allowLineBreaks ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : /[\u0000-\u0009\u000b-\u000c\u000e-\u001f\u007f]/).test(value),
    },
  });

/** CR or LF in a name or subject could become an e-mail header: refuse it. */
const SingleLine = ValidateBy({
  name: 'singleLine',
  validator: { validate: (value: unknown) => typeof value !== 'string' || !/[\r\n]/.test(value) },
});

/** A required, trimmed text field of at most `max` characters. */
export function RequiredText(max: number, { multiline = false } = {}): PropertyDecorator {
  return applyDecorators(
    ...(multiline ? [unixLineBreaks] : []),
    trim,
    IsString(),
    IsNotEmpty(),
    MaxLength(max, { context: { max } }),
    ...(multiline ? [NoControlCharacters(true)] : [SingleLine, NoControlCharacters(false)]),
  );
}

/**
 * Issue 17: a draft as typed, blanks and all (it is given back into the text
 * area); it may be empty, which deletes it. Line breaks and controls as a message's.
 */
export function DraftText(max: number): PropertyDecorator {
  return applyDecorators(unixLineBreaks, IsString(), MaxLength(max, { context: { max } }), NoControlCharacters(true));
}

/**
 * An address our e-mails can reach: a valid one without a quoted local part
 * (`"a b"@example.com`), which the outbox refuses as not one plain recipient;
 * accepted here, its confirmation could never be sent.
 */
export const DeliverableEmail = (): PropertyDecorator => IsEmail({ blacklisted_chars: '"' });
