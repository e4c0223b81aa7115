import type { ExportPlan } from '../model';

export interface CdktfAppOptions {
  stack: string;
}

export function writeCdktfApp(_plan: ExportPlan, _dir: string, _options: CdktfAppOptions): string[] {
  throw new Error('not yet');
}
