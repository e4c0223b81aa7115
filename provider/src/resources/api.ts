/**
 * The narrow view of the REST client the engine needs. Keeping it small lets the engine be
 * tested against fakes and keeps the dependency one-way (engine → client).
 */
import type { CmsObject } from '../cms/xml';

export type FormParams = Record<string, string>;

export interface CmsApi {
  get(path: string, query?: Record<string, string>): Promise<CmsObject>;
  list(path: string, options?: { filter?: string; query?: Record<string, string> }): AsyncIterable<CmsObject>;
  create(path: string, params: FormParams): Promise<{ id: string }>;
  update(path: string, params: FormParams): Promise<void>;
  delete(path: string): Promise<unknown>;
  /** How many objects the collection holds (its list `total`), read with one small request. */
  count(path: string, query?: Record<string, string>): Promise<number>;
}
