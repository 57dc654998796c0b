/**
 * Prompt-injection patterns for brief screening, matched on case- and diacritics-folded text. Each names what it
 * detects, for the error message. Patterns need an instruction-shaped object ("previous instructions", "the
 * above", "your system prompt") or a chat-format marker, because the verbs alone are ordinary marketing
 * ("Ignore the noise", "Forget everything you know about CRMs", "You are now part of the family").
 */
export interface InjectionPattern {
  label: string;
  pattern: RegExp;
}

const PRIOR = '(?:previous|prior|preceding|earlier|above|foregoing|original|initial|system|your)';
const ORDERS = '(?:instructions?|prompts?|rules|directions|directives|guidelines|commands|programming|context)';

export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  {
    label: '"ignore previous instructions"',
    pattern: new RegExp(
      `\\b(?:ignore|disregard|forget|override|bypass|skip|drop)\\s+(?:all\\s+|any\\s+|every\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+)?${PRIOR}\\s+(?:\\w+\\s+)?${ORDERS}\\b`,
      'u',
    ),
  },
  {
    label: '"disregard the above"',
    pattern:
      /\b(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+)?(?:of\s+)?(?:the\s+)?(?:above|foregoing)(?=\s*(?:[.,;:!]|and\b|$))/mu,
  },
  {
    label: 'a role change ("you are now …")',
    pattern:
      /\b(?:you\s+are\s+now|from\s+now\s+on\s+you\s+are|act\s+as|pretend\s+(?:that\s+)?you\s+are|roleplay\s+as)\s+(?:an?\s+|the\s+|my\s+)?(?:dan\b|jailbroken|unfiltered|unrestricted|uncensored|evil|developer\s+mode|in\s+\w+\s+mode|no\s+longer\b|(?:ai|assistant|chatbot|language\s+model|llm|gpt)\b(?![-\s]+(?:powered|driven|based|features?|tools?)))/u,
  },
  {
    label: 'a request for the system prompt',
    pattern:
      /\b(?:system\s+prompt|(?:reveal|show|print|repeat|output|leak|tell\s+me|display|dump)\s+(?:me\s+)?(?:your|the)\s+(?:hidden\s+|initial\s+|original\s+|system\s+)?(?:instructions|prompt|rules|guidelines))\b/u,
  },
  {
    label: 'a chat role marker',
    pattern:
      /(?:^|\n)\s*(?:system|assistant|developer)\s*:|<\|\s*(?:im_start|im_end|system|user|assistant|endoftext)\s*\|>|\[\/?inst\]|<<\/?sys>>|#{2,}\s*(?:instruction|system|response)s?\b/u,
  },
  {
    label: 'a delimiter break',
    pattern:
      /<\/?\s*(?:brief|system|instructions?|prompt|user|assistant|data|context)\s*>|```\s*(?:system|assistant|user|instructions?|prompt)\b|\b(?:end\s+of\s+(?:the\s+)?(?:brief|data|input|prompt)|begin\s+(?:new\s+)?instructions)\b/u,
  },
  {
    label: 'an injection in German',
    pattern:
      /\b(?:ignoriere|vergiss|missachte)\s+(?:alle\s+)?(?:vorherigen|bisherigen|obigen|vorigen|deine)\s+(?:anweisungen|instruktionen|befehle|regeln)|\bdu\s+bist\s+(?:jetzt|nun)\s+(?:ein\s+|eine\s+)?(?:ki|assistent|dan)\b|\bsystem-?prompt\b/u,
  },
  {
    label: 'an injection in French',
    pattern:
      /\b(?:ignore[zr]?|oublie[zr]?)\s+(?:toutes\s+)?(?:les|tes|vos)\s+(?:instructions|consignes|regles)\s+(?:precedentes|ci-dessus|anterieures)|\b(?:tu\s+es|vous\s+etes)\s+maintenant\s+(?:un\s+|une\s+)?(?:ia|assistant|dan)\b/u,
  },
  {
    label: 'an injection in Spanish',
    pattern:
      /\b(?:ignora|olvida|ignore|olvide)\s+(?:todas\s+)?(?:las|tus|sus)\s+(?:instrucciones|reglas|indicaciones)\s+(?:anteriores|previas)|\bahora\s+eres\s+(?:un\s+|una\s+)?(?:ia|asistente|dan)\b/u,
  },
];
