/** The certificate checks services make when they start (`enable`, `restart`). */
import { MMP_TEXT } from '../../unverified';
import { requireFiles } from '../args';
import { MmpFailure } from '../reply';

export interface CertificatePair {
  /** How the FAILURE names a missing pair, e.g. `webadmin certificates`. */
  label: string;
  keyFile?: string;
  certificateFile?: string;
  bundleFile?: string;
}

/**
 * Checks the files are set and still in the file store, and returns the SUCCESS lines a
 * starting service prints (the simulator does not read the files, so pairs always "match").
 */
export function checkCertificates(has: (name: string) => boolean, pairs: readonly CertificatePair[]): string[] {
  const lines: string[] = [];
  for (const pair of pairs) {
    if (!pair.keyFile || !pair.certificateFile) throw new MmpFailure(MMP_TEXT.notConfigured(pair.label));
    requireFiles(has, [pair.keyFile, pair.certificateFile, ...(pair.bundleFile ? [pair.bundleFile] : [])]);
    lines.push(MMP_TEXT.keyPairMatch);
    if (pair.bundleFile) lines.push(MMP_TEXT.certificateVerified);
  }
  return lines;
}
