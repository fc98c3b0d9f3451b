/**
 * A local cloud in its own process for the ui/weapp jest projects: starting it inside jest's
 * parent process would install the local cloud's process.env proxy and base env there, which the
 * test workers of the other projects would inherit.
 *   tsx test/ui/cloud-process.ts --seed ui|demo
 * Prints one JSON line {"url": …} when ready; exits when stdin closes or on SIGTERM.
 */
import { parseArgs } from 'util';
import cloudSdk from 'wx-server-sdk';
import { buildFunctions } from '../../scripts/build-functions';
import { startLocalCloud } from '../../localcloud';
import { DEMO_USERS } from './demo-users';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: 'ui' } } });
  await buildFunctions();
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false });
  const sdk = (cloudSdk as unknown as { createNewInstance(c: Record<string, unknown>): typeof cloudSdk }).createNewInstance({ env: cloud.envId, serviceUrl: cloud.adminUrl });
  const db = sdk.database();
  if (values.seed === 'demo') {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { seedDemo } = require('../../scripts/seed') as { seedDemo(db: unknown): Promise<unknown> };
    await seedDemo(db);
  } else {
    for (const { _id, ...rest } of DEMO_USERS) await db.collection('dev_demo_users').doc(_id).set({ data: rest });
  }
  const stop = () => void cloud.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: cloud.url })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
