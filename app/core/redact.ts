// Issue text, CLI prompts and logs are untrusted and may carry credentials pasted by mistake. Nothing that looks
// like one may reach an LLM, a commit or a comment. Patterns are deliberately specific (known prefixes, shapes)
// so that ordinary words, UUIDs, hashes and colours pass through untouched.

export const REDACTED = "[REDACTED]";

// A token may only start where no token character precedes it. Besides avoiding matches inside longer words, this
// keeps matching linear: with \b, input like "eyJ-eyJ-eyJ-…" would be rescanned from every "eyJ" (quadratic).
const TOKEN_START = String.raw`(?<![A-Za-z0-9_.-])`;
const token = (source: string) => new RegExp(`${TOKEN_START}(?:${source})`, "g");

/** Whole-match patterns: the entire match is a secret. Order matters only where patterns overlap. */
const SECRET_PATTERNS: RegExp[] = [
  // PEM private keys, including an unterminated block pasted without its END line.
  /-----BEGIN[A-Z0-9 ]* PRIVATE KEY-----[\s\S]*?(?:-----END[A-Z0-9 ]* PRIVATE KEY-----|$)/g,
  // GitHub: classic and app tokens (ghp_, gho_, ghs_, ghu_, ghr_) and fine-grained personal access tokens.
  token(String.raw`gh[pousr]_[A-Za-z0-9]{30,}`),
  token(String.raw`github_pat_[A-Za-z0-9_]{22,}`),
  // OpenAI (sk-, sk-proj-, sk-svcacct-…) and Anthropic (sk-ant-…) keys; the length keeps "sk-learn" safe.
  token(String.raw`sk-[A-Za-z0-9_-]{20,}`),
  // Stripe live/test secret and restricted keys.
  token(String.raw`[sr]k_(?:live|test)_[A-Za-z0-9]{16,}`),
  // AWS access key ids.
  token(String.raw`(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])`),
  // Slack tokens and incoming-webhook URLs.
  token(String.raw`xox[abposre]-[A-Za-z0-9-]{10,}`),
  /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g,
  // Google API keys, npm and Hugging Face tokens.
  token(String.raw`AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])`),
  token(String.raw`npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])`),
  token(String.raw`hf_[A-Za-z0-9]{30,}`),
  // JWTs (Supabase keys among them): three base64url parts, the first a JSON header.
  token(String.raw`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`),
];

// Credentials in a URL: scheme://user:password@host keeps the scheme and host.
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@:]+:[^\s/?#@]+@/gi;
// Authorization header values.
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/g;
// `password=…`, `api_key: …`, `"token": "…"`, `DB_PASSWORD=…`: the key may carry a prefix (GITHUB_TOKEN) but must end
// at a word boundary, so `tokens: 5` and `token_count: 3` stay.
const SECRET_KEY = String.raw`(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|passphrase|pwd|secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|token)`;
const ASSIGNMENT = new RegExp(
  String.raw`${TOKEN_START}(${SECRET_KEY})(["']?[ \t]*[:=][ \t]*)(?!["']?\[REDACTED\])(?:"([^"\n]+)"|'([^'\n]+)'|([^\s"',;&}\]]+))`,
  "gi",
);

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  out = out.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  out = out.replace(AUTH_SCHEME, `$1$2${REDACTED}`);
  out = out.replace(
    ASSIGNMENT,
    (match, key: string, separator: string, doubleQuoted?: string, singleQuoted?: string, bare?: string) => {
      // "Sign in with a password: simple" is prose, not config; a short plain word after a colon is left alone.
      if (bare !== undefined && separator.includes(":") && /^[A-Za-z]{1,11}[.!?]?$/.test(bare)) return match;
      const quote = doubleQuoted !== undefined ? '"' : singleQuoted !== undefined ? "'" : "";
      return `${key}${separator}${quote}${REDACTED}${quote}`;
    },
  );
  return out;
}

/** True when redactSecrets would change the text; lets callers add a note without comparing strings themselves. */
export function containsSecret(text: string): boolean {
  return redactSecrets(text) !== text;
}
