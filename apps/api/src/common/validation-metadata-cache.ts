import { getMetadataStorage } from 'class-validator';

const CACHED = Symbol('pidtrymka:metadata-reads-cached');

type Storage = object;

/**
 * Issue 14: on every validation (the global ValidationPipe's, for every DTO),
 * class-validator looks the class's rules up afresh, walking every decorated
 * class of the process (an `instanceof` each, for inherited rules), and groups
 * what it found by property. Those answers only change while decorators run,
 * so each is kept until the next decorator adds a rule; the checks and
 * messages stay class-validator's own. Idempotent: the storage is the
 * process's one. (class-transformer's look-ups were measured too: its lists
 * are short, and keeping their answers cost more than it saved.)
 */
export function cacheValidationMetadata(validatorStorage: Storage = getMetadataStorage()): void {
  cacheReads(
    validatorStorage,
    // groupByPropertyName is given the list getTargetValidationMetadatas answered (kept, so the same list each time); it only reads it.
    ['getTargetValidationMetadatas', 'groupByPropertyName', 'getTargetValidatorConstraints'],
    ['addValidationMetadata', 'addValidationSchema', 'addConstraintMetadata'],
  );
}

/**
 * Each of `reads` answers from what it answered before for the same
 * arguments (its first by identity, the others by value), until one of
 * `writes` runs. Their callers only read the answers, never change them.
 */
function cacheReads(storage: Storage, reads: readonly string[], writes: readonly string[]): void {
  const methods = storage as Record<string | symbol, unknown>;
  if (methods[CACHED]) return;
  methods[CACHED] = true;
  const answers = new Map<string, Map<unknown, Map<string, unknown>>>();
  for (const name of reads) {
    const read = method(storage, name);
    methods[name] = (first: unknown, ...rest: unknown[]): unknown => {
      let forMethod = answers.get(name);
      if (!forMethod) answers.set(name, (forMethod = new Map<unknown, Map<string, unknown>>()));
      let forFirst = forMethod.get(first);
      if (!forFirst) forMethod.set(first, (forFirst = new Map<string, unknown>()));
      const key = rest.map((value) => (Array.isArray(value) ? value.join('\u0001') : String(value))).join('\u0000');
      if (forFirst.has(key)) return forFirst.get(key);
      const answer = read(first, ...rest);
      forFirst.set(key, answer);
      return answer;
    };
  }
  for (const name of writes) {
    const write = method(storage, name);
    methods[name] = (...args: unknown[]): unknown => {
      answers.clear();
      return write(...args);
    };
  }
}

function method(storage: Storage, name: string): (...args: unknown[]) => unknown {
  const found = (storage as Record<string, unknown>)[name];
  if (typeof found !== 'function') throw new Error(`The metadata storage has no ${name}: the validation libraries changed, see validation-metadata-cache.ts`);
  return (found as (...args: unknown[]) => unknown).bind(storage);
}
