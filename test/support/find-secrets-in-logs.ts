export interface SecretHit {
  file: string;
  line: number;
  /** The first characters of the secret only: the report must not leak it either. */
  secretHint: string;
}

/** Every place a secret (as it is, or in base64) appears in the logs, by file and line. */
export function findSecretsInLogs(
  logs: ReadonlyArray<{ name: string; text: string }>,
  secrets: readonly string[],
): { lines: number; hits: SecretHit[] } {
  const needles = secrets
    .filter((secret) => secret.length >= 8)
    .flatMap((secret) => [secret, Buffer.from(secret).toString('base64')].map((text) => ({ secret, text })));
  const hits: SecretHit[] = [];
  let lines = 0;
  for (const log of logs) {
    const logLines = log.text.split('\n');
    lines += logLines.length;
    logLines.forEach((text, index) => {
      for (const needle of needles) {
        if (text.includes(needle.text))
          hits.push({ file: log.name, line: index + 1, secretHint: `${needle.secret.slice(0, 4)}…` });
      }
    });
  }
  return { lines, hits };
}
