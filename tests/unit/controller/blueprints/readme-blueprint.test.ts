import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CreateBlueprintBody } from '../../../../contracts/index.ts';
import { DoneMatcher } from '../../../../agent/server/done-matcher.ts';
import { blueprintProblems } from '../../../../controller/blueprints/blueprint-checks.ts';
import { renderStartup } from '../../../../controller/blueprints/render-startup.ts';
import { REPO_ROOT } from '../../../support/controller.ts';

/** The README's worked blueprint example is one the API accepts and that behaves as the README says. */
function readmeExample(): unknown {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('A worked example'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  assert.ok(block, 'the README has the worked example as a json block');
  return JSON.parse(block[1]!);
}

test("the README's custom-image blueprint passes the API's schema and checks, and its done pattern and startup work", () => {
  const parsed = CreateBlueprintBody.safeParse(readmeExample());
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  const { id: _id, ...body } = parsed.data;
  assert.deepEqual(blueprintProblems(body), {});

  const done = new DoneMatcher(body.done);
  assert.equal(done.matches('[12:34:56 INFO]: Done (3.214s)! For help, type "help"'), true);
  assert.equal(done.matches('[12:34:50 INFO]: Starting minecraft server version 1.21'), false);

  const line = renderStartup(body.startup, { EULA: 'true', MAX_PLAYERS: '20', SERVER_MEMORY: '2048', SERVER_PORT: '25566', SERVER_IP: '127.0.0.1' });
  assert.match(line, /-Xmx2048M -jar \/opt\/paper\.jar --host 127\.0\.0\.1 --port 25566 --max-players 20 nogui$/);
  assert.deepEqual(body.ports.map((p) => `${p.port}/${p.protocol}`), ['25565/tcp']);
});
