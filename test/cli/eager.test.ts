/**
 * Start-up (issue 15): the build writes our own top-level functions as parenthesized function
 * expressions, which V8 compiles with their module, so Node's compile cache holds their bytecode
 * (scripts/build-plugins.mjs, eagerOwnFunctions). The rewrite must not change what the code does:
 * a function is still defined before any statement of its chunk runs, packages' code is left as it
 * is, and chunks that import each other in a cycle (where it would matter) fail the build.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rollup/parseAst';
import { moduleRegions } from '../../scripts/build-plugins.mjs';
import { calledFunctions, EAGER_FUNCTIONS_FILE, PROFILED_COMMANDS, readEagerFunctions } from '../../scripts/eager-profile.mjs';
import { importChunk, SAMPLE_CHUNK, withEagerFunctions } from './fixtures/chunk.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface GenerateBundle {
  generateBundle(options: unknown, bundle: Record<string, { type: 'chunk'; fileName: string; imports: string[] }>): void;
}

// The build's own plugins (plain JavaScript, no types): taken as the build takes them.
const PLUGINS = '../../scripts/build-plugins.mjs';
const { noChunkCycles } = (await import(PLUGINS)) as { noChunkCycles: GenerateBundle };

const render = withEagerFunctions;
const CHUNK = SAMPLE_CHUNK;

describe('eagerOwnFunctions: our functions compiled with their module, the code unchanged', () => {
  it('writes each top-level function of a src/ region as a parenthesized expression, first', () => {
    const out = render(CHUNK);
    const body = out.split('\n');
    assert.equal(body[0], "import { strictEqual } from 'node:assert';", 'imports stay first');
    assert.ok(out.indexOf('var twice = (function twice(n)') < out.indexOf('var early = twice(21);'), out);
    assert.match(out, /^var later = \(async function later\(\)/m);
    assert.match(out, /^var add = \(function add\(a, b\)/m);
    assert.match(out, /^function fromPackage\(\) \{ return 3; \}$/m, "a package's function stays a declaration");
    assert.doesNotMatch(out, /^function (twice|later|add)\(/m, 'no declaration of ours is left');
  });

  it('runs as the original did: a function called before the line that defined it', async () => {
    const original = await importChunk(CHUNK);
    const rewritten = await importChunk(render(CHUNK));
    assert.equal(rewritten.early, original.early);
    assert.equal(rewritten.early, 42);
    assert.equal(await rewritten.later(), 2);
    assert.equal(rewritten.fromPackage(), 3);
  });

  it('leaves a chunk with no function of ours as it is', () => {
    const packageOnly = '// node_modules/pkg/index.js\nfunction f() { return 1; }\nexport { f };\n';
    assert.equal(render(packageOnly), packageOnly);
  });

  it('leaves a function of ours the list does not name as a declaration, where it was', async () => {
    const out = render(CHUNK, new Set(['add']));
    assert.match(out, /^var add = \(function add\(a, b\)/m);
    assert.match(out, /^function twice\(n\) \{ return add\(n, n\); \}$/m);
    assert.ok(out.indexOf('var early = twice(21);') < out.indexOf('function twice(n)'), out);
    assert.equal((await importChunk(out)).early, 42);
  });

  it('in the bundle (npm run build output), the functions of ours the list names are parenthesized and the others declarations', () => {
    const dist = join(root, 'dist');
    const listed = new Set(readEagerFunctions());
    let rewritten = 0;
    for (const file of readdirSync(dist).filter((name) => name.endsWith('.mjs'))) {
      const code = readFileSync(join(dist, file), 'utf8');
      const { ownAt } = moduleRegions(code);
      for (const node of parseAst(code).body) {
        const start = (node as unknown as { start: number }).start; // rollup's nodes carry their offsets
        const own = ownAt(start);
        if (own && node.type === 'FunctionDeclaration') assert.ok(!listed.has(node.id.name), `${file}: ${node.id.name} is listed but still a declaration`);
        const init = node.type === 'VariableDeclaration' ? node.declarations[0]?.init : undefined;
        if (init?.type === 'FunctionExpression' && code[(init as unknown as { start: number }).start - 1] === '(') {
          const name = init.id?.name ?? '';
          assert.ok(listed.has(name), `${file}: ${name} is compiled with its module but not listed`);
          rewritten++;
        }
      }
    }
    assert.ok(rewritten > 300, `only ${rewritten} functions were rewritten`);
  });

  it('the list is what the profiled commands call (after a change: npm run eager-profile)', () => {
    assert.deepEqual(readEagerFunctions(), calledFunctions(), `${EAGER_FUNCTIONS_FILE} is not what ${PROFILED_COMMANDS.length} commands call: run npm run eager-profile`);
  });
});

describe('noChunkCycles: the build fails on chunks that import each other in a cycle', () => {
  const chunk = (fileName: string, imports: string[]) => ({ type: 'chunk' as const, fileName, imports });
  const generate = (bundle: Record<string, ReturnType<typeof chunk>>) => noChunkCycles.generateBundle({}, bundle);

  it('accepts a graph without a cycle', () => {
    assert.doesNotThrow(() => generate({ a: chunk('a.mjs', ['b.mjs', 'c.mjs']), b: chunk('b.mjs', ['c.mjs']), c: chunk('c.mjs', []) }));
  });

  it('names the cycle', () => {
    assert.throws(() => generate({ a: chunk('a.mjs', ['b.mjs']), b: chunk('b.mjs', ['c.mjs']), c: chunk('c.mjs', ['a.mjs']) }), /cycle: a\.mjs -> b\.mjs -> c\.mjs -> a\.mjs/);
  });
});
