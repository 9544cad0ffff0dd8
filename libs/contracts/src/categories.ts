export interface CategoryView {
  id: number;
  /** In the language the request asked for (Accept-Language). */
  name: string;
  isDefault: boolean;
}
