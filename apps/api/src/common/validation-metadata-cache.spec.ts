import { IsOptional, IsString, MaxLength, MetadataStorage, getMetadataStorage, validate } from 'class-validator';
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
  /** The rules the decorators above gave `target` itself, to fill storages of the tests' own. */
  const ownRules = (target: new () => object) => getMetadataStorage().getTargetValidationMetadatas(target, '', false, false).filter((rule) => rule.target === target);

  it("answers a class's rules, inherited ones included, from the first look-up on", () => {
    const storage = new MetadataStorage();
    const uncached = new MetadataStorage();
    for (const rule of [...ownRules(Base), ...ownRules(Lookup)]) {
      storage.addValidationMetadata(rule);
      uncached.addValidationMetadata(rule);
    }
    cacheValidationMetadata(storage);
    const first = storage.getTargetValidationMetadatas(Lookup, '', false, false);
    expect(first).toEqual(uncached.getTargetValidationMetadatas(Lookup, '', false, false));
    expect(first.map((found) => found.propertyName).sort()).toEqual(['code', 'code', 'email']);
    expect(storage.getTargetValidationMetadatas(Lookup, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    // Other options, another answer.
    expect(storage.getTargetValidationMetadatas(Lookup, '', false, true, ['admin'])).not.toBe(first);
  });

  it('forgets what it kept when a decorator adds an entry (a class loaded later)', () => {
    const validator = new MetadataStorage();
    cacheValidationMetadata(validator);
    expect(validator.getTargetValidationMetadatas(Lookup, '', false, false)).toEqual([]);
    for (const rule of ownRules(Base)) validator.addValidationMetadata(rule);
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
