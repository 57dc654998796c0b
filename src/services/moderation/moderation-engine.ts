import { brandSafetyRule } from './brand-safety.rule';
import { claimsRule } from './claims.rule';
import { emojiPolicyRule } from './emoji-policy.rule';
import { linksRule } from './links.rule';
import {
  type BrandRules,
  EMPTY_BRAND,
  type Finding,
  type ModerationInput,
  type ModerationResult,
  type RuleContext,
  type TextRule,
  type Verdict,
} from './moderation.types';
import { personalDataRule } from './personal-data.rule';
import { platformRule } from './platform.rule';
import { profanityRule } from './profanity.rule';
import { requiredTermsRule } from './required-terms.rule';
import { spamRule } from './spam.rule';
import { foldText } from './text-scan.util';

/** Rules that read one field at a time (the body, then the title when present). */
const TEXT_RULES: readonly TextRule[] = [
  profanityRule,
  spamRule,
  personalDataRule,
  brandSafetyRule,
  claimsRule,
  linksRule,
  emojiPolicyRule,
];

/**
 * The verdict policy: any ERROR → BLOCK (must not be published; the pipeline regenerates once), any WARNING →
 * FLAG (a human should look before publishing), INFO only or nothing → PASS.
 */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'ERROR')) return 'BLOCK';
  if (findings.some((f) => f.severity === 'WARNING')) return 'FLAG';
  return 'PASS';
}

const SEVERITY_ORDER = { ERROR: 0, WARNING: 1, INFO: 2 } as const;

/** Most severe first, then in reading order (title before body), so the first finding is the one to fix first. */
function byImportance(a: Finding, b: Finding): number {
  const severity = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  if (severity !== 0) return severity;
  if (a.field !== b.field) return a.field === 'title' ? -1 : 1;
  return (a.start ?? -1) - (b.start ?? -1);
}

function checkField(base: Omit<RuleContext, 'text' | 'folded' | 'field'>, field: 'body' | 'title', text: string) {
  const context: RuleContext = { ...base, field, text, folded: foldText(text) };
  const findings = TEXT_RULES.flatMap((rule) => rule(context)).map((f) => ({ ...f, field }));
  return { findings, folded: context.folded };
}

/**
 * Moderates one text for one platform and brand: every rule runs, each finding says what, where (UTF-16 offsets
 * into the body or title, end exclusive) and how to fix it, and the verdict follows `verdictOf`. Pure and
 * synchronous, so callers may run it per variant without I/O.
 */
export function moderate(input: ModerationInput): ModerationResult {
  const brand: BrandRules = input.brand ?? EMPTY_BRAND;
  const base = { platform: input.platform, brand };
  const body = checkField(base, 'body', input.text);
  const title = input.title ? checkField(base, 'title', input.title) : null;
  // Required terms may appear in either field, so they are checked once on both.
  const bothFolded = title ? `${title.folded}\n${body.folded}` : body.folded;
  const document = [...platformRule(input), ...requiredTermsRule(bothFolded, brand)].map((f) => ({
    ...f,
    field: 'body' as const,
  }));
  const findings = [...(title?.findings ?? []), ...body.findings, ...document].sort(byImportance);
  return { verdict: verdictOf(findings), findings };
}
