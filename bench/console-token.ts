import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { CONSOLE_TOKEN_PREFIX } from '../contracts/index.ts';
import { ConsoleTokenVerifier } from '../agent/transport/console-token-verifier.ts';
import { issueConsoleToken } from '../controller/console/console-token.ts';
import { alternateRounds, type RoundLimits } from './support/alternate-rounds.ts';
import { cpuClock } from './support/clocks.ts';
import { toBenchResult, type BenchResult } from './support/bench-result.ts';

export interface ConsoleTokenBenchOptions extends RoundLimits {
  verificationsPerRound: number;
}

export const CONSOLE_TOKEN_DEFAULTS: ConsoleTokenBenchOptions = {
  // Short rounds, many of them: the overhead measured is small next to the load on a shared machine.
  verificationsPerRound: 300,
  rounds: 31,
  warmupRounds: 1,
  timeCapMs: 6_000,
};

const NODE_ID = 'node_bench';

/**
 * ConsoleTokenVerifier.verify against the Ed25519 check alone on the very bytes it signs, with
 * the signature already decoded: the ratio is what parsing the token, decoding base64url,
 * validating the claims with zod and checking audience and expiry add to the signature check.
 */
export async function benchConsoleToken(options: Partial<ConsoleTokenBenchOptions> = {}): Promise<BenchResult[]> {
  const settings = { ...CONSOLE_TOKEN_DEFAULTS, ...options };
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const { token } = issueConsoleToken(privateKey, {
    userId: 'user_bench',
    nodeId: NODE_ID,
    serverId: 'srv_bench',
    permissions: ['server.console', 'server.console.send', 'server.start', 'server.stop'],
  });
  const verifier = new ConsoleTokenVerifier();
  verifier.configure(publicKey, NODE_ID);

  const [payload = '', signature = ''] = token.slice(CONSOLE_TOKEN_PREFIX.length).split('.');
  const signedBytes = Buffer.from(`${CONSOLE_TOKEN_PREFIX}${payload}`);
  const signatureBytes = Buffer.from(signature, 'base64url');
  const key = createPublicKey(publicKey);
  const count = settings.verificationsPerRound;

  const [comparison] = await alternateRounds(
    {
      label: 'verifier',
      round: async () => {
        for (let i = 0; i < count; i += 1) {
          if (verifier.verify(token).aud !== NODE_ID) throw new Error('the verifier returned the wrong claims');
        }
        return count;
      },
    },
    [{
      label: 'vs raw Ed25519 verify',
      round: async () => {
        for (let i = 0; i < count; i += 1) {
          if (!verify(null, signedBytes, key, signatureBytes)) throw new Error('the raw check refused a good signature');
        }
        return count;
      },
    }],
    settings,
    // Both sides are synchronous CPU work, so CPU time is their cost without the machine's noise.
    [cpuClock],
  );
  if (!comparison) throw new Error('no comparison was measured');
  return [toBenchResult('console-token', comparison, (ratio) => ratio >= 1 ? 'parsing and validation cost nothing measurable' : `parsing and validation add ${((1 / ratio - 1) * 100).toFixed(0)}% to the signature check`)];
}
