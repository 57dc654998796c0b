import type { Finding } from './moderation.types';
import { finding, spans } from './text-scan.util';

/**
 * National ID formats checked, chosen for low false positives (each has a fixed shape or a check character):
 * - US Social Security number, hyphenated only (AAA-GG-SSSS), excluding the never-issued 000, 666, 9xx areas;
 * - UK National Insurance number (two letters from the allowed set, six digits, suffix A–D, spaces optional);
 * - Spanish DNI (8 digits + check letter) and NIE (X/Y/Z + 7 digits + check letter), check letter verified.
 */
const US_SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
const UK_NINO =
  /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;
const ES_DNI = /(?<![A-Za-z0-9])([XYZ]?)(\d{7,8})-?([A-Z])(?![A-Za-z0-9])/g;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

function validSpanishId(prefix: string, digits: string, letter: string): boolean {
  if (prefix === '' && digits.length !== 8) return false;
  if (prefix !== '' && digits.length !== 7) return false;
  const number = Number(`${prefix === '' ? '' : 'XYZ'.indexOf(prefix)}${digits}`);
  return DNI_LETTERS[number % 23] === letter;
}

const SUGGESTION = 'Remove it; national ID numbers must never appear in published copy.';

/** National ID numbers (US SSN, UK NI number, Spanish DNI/NIE), each an ERROR. */
export function nationalIdFindings(text: string): Finding[] {
  const ssn = spans(US_SSN, text).map((span) =>
    finding('pii.national-id', 'ERROR', span, 'US Social Security number', SUGGESTION),
  );
  const nino = spans(UK_NINO, text).map((span) =>
    finding('pii.national-id', 'ERROR', span, 'UK National Insurance number', SUGGESTION),
  );
  const dni = spans(ES_DNI, text)
    .filter(({ match }) => validSpanishId(match[1]!, match[2]!, match[3]!))
    .map((span) => finding('pii.national-id', 'ERROR', span, 'Spanish DNI/NIE number', SUGGESTION));
  return [...ssn, ...nino, ...dni];
}
