import { IsOptional, IsString, MaxLength, getMetadataStorage, validate, ValidationTypes } from 'class-validator';
import { MetadataStorage as ValidatorStorage } from 'class-validator/cjs/metadata/MetadataStorage';
import { ValidationMetadata } from 'class-validator/cjs/metadata/ValidationMetadata';
import { cacheValidationMetadata } from './validation-metadata-cache';

// Issue 14: a DTO's rules are looked up once, not by walking every decorated class on every request.
describe('cacheValidationMetadata', () => {
  class Base {
    @IsString()
    email!: string;
  }
  class Lookup extends Base {
    @IsOptional()
    @MaxLength(5)
    code?: string;
  }
  const rule = (target: new () => object, propertyName: string) => new ValidationMetadata({ type: ValidationTypes.CUSTOM_VALIDATION, target, propertyName, constraints: [] });

  it("answers a class's rules, inherited ones included, from the first look-up on", () => {
    const storage = new ValidatorStorage();
    const uncached = new ValidatorStorage();
    for (const [target, property] of [[Base, 'email'], [Lookup, 'code']] as const) {
      storage.addValidationMetadata(rule(target, property));
      uncached.addValidationMetadata(rule(target, property));
    }
    cacheValidationMetadata(storage);
    const first = storage.getTargetValidationMetadatas(Lookup, '', false, false);
    expect(first).toEqual(uncached.getTargetValidationMetadatas(Lookup, '', false, false));
    expect(first.map((found) => found.propertyName).sort()).toEqual(['code', 'email']);
    expect(storage.getTargetValidationMetadatas(Lookup, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    // Other options, another answer.
    expect(storage.getTargetValidationMetadatas(Lookup, '', false, true, ['admin'])).not.toBe(first);
  });

  it('forgets what it kept when a decorator adds an entry (a class loaded later)', () => {
    const validator = new ValidatorStorage();
    cacheValidationMetadata(validator);
    expect(validator.getTargetValidationMetadatas(Lookup, '', false, false)).toEqual([]);
    validator.addValidationMetadata(rule(Base, 'email'));
    expect(validator.getTargetValidationMetadatas(Lookup, '', false, false).map((found) => found.propertyName)).toEqual(['email']);
  });

  it("keeps the libraries' answers on the process's own storage", async () => {
    cacheValidationMetadata();
    cacheValidationMetadata();
    expect(getMetadataStorage().getTargetValidationMetadatas(Lookup, '', false, false)).toBe(getMetadataStorage().getTargetValidationMetadatas(Lookup, '', false, false));
    expect(await validate(Object.assign(new Lookup(), { email: 'a@b.ua' }))).toEqual([]);
    const errors = await validate(Object.assign(new Lookup(), { email: 1, code: 'too long' }));
    expect(errors.map((error) => error.property).sort()).toEqual(['code', 'email']);
  });
});
