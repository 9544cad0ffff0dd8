const KEY = 'pidtrymka.email';

/** "Пам'ятати мою електронну адресу": kept in this browser only, and forgotten when unticked. */
export const rememberedEmail = {
  get(): string {
    try {
      return localStorage.getItem(KEY) ?? '';
    } catch {
      return '';
    }
  },
  set(email: string | null): void {
    try {
      if (email) localStorage.setItem(KEY, email);
      else localStorage.removeItem(KEY);
    } catch {
      // Storage blocked: nothing to remember with.
    }
  },
};
