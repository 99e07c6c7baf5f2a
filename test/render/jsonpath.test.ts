/**
 * kubectl's JSONPath dialect, case for case from client-go's own tests
 * (staging/src/k8s.io/client-go/util/jsonpath/{jsonpath,parser,empty_array}_test.go). Go structs
 * there become the JSON maps kubectl actually evaluates (unstructured), so a struct printed as
 * JSON has its keys sorted here, and a typed map's error names `map[string]interface {}`. Where
 * kubectl v1.32 differs from the newest client-go (an empty slice ends the step), the case says
 * so; test/render/jsonpath-kubectl.test.ts checks those answers against the real kubectl.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonPath } from '../../src/render/jsonpath/template.ts';
import type { Node } from '../../src/render/jsonpath/nodes.ts';

interface Case {
  name: string;
  template: string;
  input: unknown;
  expect?: string;
  /** The error message (execution or parse), when one is expected. */
  error?: string | true;
  /** kubectl's default is to allow missing keys; client-go's own tests often turn it off. */
  allowMissingKeys?: boolean;
  /** Map order is random in Go: compare the sorted words. */
  sorted?: boolean;
}

function run(c: Case): { out?: string; error?: string } {
  try {
    return { out: new JsonPath(c.template).execute(c.input, { allowMissingKeys: c.allowMissingKeys ?? false }) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function check(cases: Case[]): void {
  for (const c of cases) {
    it(`${c.name}: ${c.template}`, () => {
      const got = run(c);
      if (c.error !== undefined) {
        assert.ok(got.error !== undefined, `expected an error, got ${JSON.stringify(got.out)}`);
        if (c.error !== true) assert.equal(got.error, c.error);
        return;
      }
      assert.equal(got.error, undefined);
      if (c.sorted) assert.deepEqual((got.out ?? '').split(/\s+/).sort(), (c.expect ?? '').split(/\s+/).sort());
      else assert.equal(got.out, c.expect);
    });
  }
}

const types = {
  bools: [true, false, true, false],
  integers: [1, 2, 3, 4],
  floats: [1.0, 2.2, 3.3, 4.0],
  strings: ['one', 'two', 'three', 'four'],
  interfaces: [true, 'one', 1, 1.1],
  maps: [{ name: 'one', value: 1 }, { name: 'two', value: 2.02 }, { name: 'three', value: 3.03 }, { name: 'four', value: 4.04 }],
  structs: [
    { name: 'one', value: 1, type: 'integer' }, { name: 'two', value: 2.002, type: 'float' },
    { name: 'three', value: 3, type: 'integer' }, { name: 'four', value: 4.004, type: 'float' },
  ],
};

describe('jsonpath: TestTypesInput', () => {
  const t = (name: string, template: string, expect: string): Case => ({ name, template, input: types, expect });
  check([
    t('boolSlice', '{ .bools }', '[true,false,true,false]'),
    t('boolSliceIndex', '{ .bools[0] }', 'true'),
    t('boolSliceIndex', '{ .bools[-1] }', 'false'),
    t('boolSubSlice', '{ .bools[0:2] }', 'true false'),
    t('boolSubSliceFirst2', '{ .bools[:2] }', 'true false'),
    t('boolSubSliceStep2', '{ .bools[:4:2] }', 'true true'),
    t('integerSlice', '{ .integers }', '[1,2,3,4]'),
    t('integerSliceIndexReverse', '{ .integers[-2] }', '3'),
    t('integerSubSliceStep2', '{ .integers[:4:2] }', '1 3'),
    t('floatSlice', '{ .floats }', '[1,2.2,3.3,4]'),
    t('floatSliceIndexReverse', '{ .floats[-2] }', '3.3'),
    t('floatSubSliceFirst2', '{ .floats[0:2] }', '1 2.2'),
    t('stringSlice', '{ .strings }', '["one","two","three","four"]'),
    t('stringSubSliceStep2', '{ .strings[:4:2] }', 'one three'),
    t('interfaceSlice', '{ .interfaces }', '[true,"one",1,1.1]'),
    t('interfaceSubSliceStep2', '{ .interfaces[:4:2] }', 'true 1'),
    t('mapSlice', '{ .maps }', '[{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},{"name":"four","value":4.04}]'),
    t('mapSliceIndexReverse', '{ .maps[-2] }', '{"name":"three","value":3.03}'),
    t('mapSubSliceStepOdd', '{ .maps[::2] }', '{"name":"one","value":1} {"name":"three","value":3.03}'),
    t('mapSubSliceStepEven', '{ .maps[1::2] }', '{"name":"two","value":2.02} {"name":"four","value":4.04}'),
    t('structSliceIndex', '{ .structs[0] }', '{"name":"one","type":"integer","value":1}'),
    t('structSubSliceStepEven', '{ .structs[1::2] }', '{"name":"two","type":"float","value":2.002} {"name":"four","type":"float","value":4.004}'),
  ]);
});

const store = {
  Name: 'jsonpath',
  Book: [
    { Category: 'reference', Author: 'Nigel Rees', Title: 'Sayings of the Centurey', Price: 8.95 },
    { Category: 'fiction', Author: 'Evelyn Waugh', Title: 'Sword of Honour', Price: 12.99 },
    { Category: 'fiction', Author: 'Herman Melville', Title: 'Moby Dick', Price: 8.99 },
  ],
  Bicycle: [{ Color: 'red', Price: 19.95, IsNew: true }, { Color: 'green', Price: 20.01, IsNew: false }],
  Labels: { engieer: 10, 'web/html': 15, 'k8s-app': 20 },
  Employees: { jason: 'manager', dan: 'clerk' },
};

describe('jsonpath: TestStructInput', () => {
  const s = (name: string, template: string, input: unknown, expect: string): Case => ({ name, template, input, expect });
  check([
    s('plain', 'hello jsonpath', null, 'hello jsonpath'),
    s('recursive', '{..}', [1, 2, 3], '[1,2,3]'),
    s('filter', '{[?(@<5)]}', [2, 6, 3, 7], '2 3'),
    s('quote', '{"{"}', null, '{'),
    s('union', '{[1,3,4]}', [0, 1, 2, 3, 4], '1 3 4'),
    s('array', '{[0:2]}', ['Monday', 'Tudesday'], 'Monday Tudesday'),
    s('variable', 'hello {.Name}', store, 'hello jsonpath'),
    s('dict/', '{$.Labels.web/html}', store, '15'),
    s('dict/', '{$.Employees.jason}', store, 'manager'),
    s('dict-', '{.Labels.k8s-app}', store, '20'),
    s('nest', '{.Bicycle[*].Color}', store, 'red green'),
    s('allarray', '{.Book[*].Author}', store, 'Nigel Rees Evelyn Waugh Herman Melville'),
    s('allfields', '{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}', store, '{red 19.95 true} {green 20.01 false} '),
    s('recurfields', '{..Price}', store, '8.95 12.99 8.99 19.95 20.01'),
    s('recurdotfields', '{...Price}', store, '8.95 12.99 8.99 19.95 20.01'),
    { name: 'superrecurfields', template: '{............................................................Price}', input: store, error: 'invalid multiple recursive descent' },
    s('allstructsSlice', '{.Bicycle}', store, '[{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]'),
    s('allstructs', '{range .Bicycle[*]}{ @ }{ " " }{end}', store, '{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} '),
    s('lastarray', '{.Book[-1:]}', store, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'),
    s('recurarray', '{..Book[2]}', store, '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}'),
    s('bool', '{.Bicycle[?(@.IsNew==true)]}', store, '{"Color":"red","IsNew":true,"Price":19.95}'),
    { ...s('nonexistent field', '{.hello}', store, ''), allowMissingKeys: true },
    { ...s('nonexistent field 2', 'before-{.hello}after', store, 'before-after'), allowMissingKeys: true },
    { name: 'invalid identifier', template: '{hello}', input: store, error: 'unrecognized identifier hello' },
    { name: 'nonexistent field', template: '{.hello}', input: store, error: 'hello is not found' },
    { name: 'invalid array', template: '{.Labels[0]}', input: store, error: 'map[string]interface {} is not array or slice' },
    { name: 'invalid filter operator', template: '{.Book[?(@.Price<>10)]}', input: store, error: 'unrecognized filter operator <>' },
    { name: 'redundant end', template: '{range .Labels.*}{@}{end}{end}', input: store, error: 'not in range, nothing to end' },
  ]);
});

const points = [
  { id: 'i1', x: 4, y: -5 }, { id: 'i2', x: -2, y: -5, z: 1 }, { id: 'i3', x: 8, y: 3 },
  { id: 'i4', x: -6, y: -1 }, { id: 'i5', x: 0, y: 2, z: 1 }, { id: 'i6', x: 1, y: 4 },
];

const nodes = {
  kind: 'List',
  items: [
    { kind: 'None', metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: { capacity: { cpu: '4' }, ready: true, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }] } },
    { kind: 'None', metadata: { name: '127.0.0.2', labels: { 'kubernetes.io/hostname': '127.0.0.2' } },
      status: { capacity: { cpu: '8' }, ready: false, addresses: [{ type: 'LegacyHostIP', address: '127.0.0.2' }, { type: 'another', address: '127.0.0.3' }] } },
  ],
  users: [{ name: 'myself', user: {} }, { name: 'e2e', user: { username: 'admin', password: 'secret' } }],
};

describe('jsonpath: TestJSONInput and TestKubernetes', () => {
  const k = (name: string, template: string, expect: string): Case => ({ name, template, input: nodes, expect });
  check([
    { name: 'exists filter', template: '{[?(@.z)].id}', input: points, expect: 'i2 i5' },
    { name: 'bracket key', template: "{[0]['id']}", input: points, expect: 'i1' },
    k('range item', '{range .items[*]}{.metadata.name}, {end}{.kind}', '127.0.0.1, 127.0.0.2, List'),
    k('range item with quote', '{range .items[*]}{.metadata.name}{"\\t"}{end}', '127.0.0.1\t127.0.0.2\t'),
    k('range addresss', '{.items[*].status.addresses[*].address}', '127.0.0.1 127.0.0.2 127.0.0.3'),
    k('double range', '{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}', '127.0.0.1, 127.0.0.2, 127.0.0.3, '),
    k('item name', '{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'),
    k('union nodes capacity', "{.items[*]['metadata.name', 'status.capacity']}", '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'),
    k('range nodes capacity', '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}', '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '),
    k('user password', '{.users[?(@.name=="e2e")].user.password}', 'secret'),
    k('hostname', '{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'),
    k('hostname filter', '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', 'None'),
    k('bool item', '{.items[?(@..ready==true)].metadata.name}', '127.0.0.1'),
    { ...k('recursive name', '{..name}', '127.0.0.1 127.0.0.2 myself e2e'), sorted: true },
  ]);
});

const pods = {
  items: [
    { metadata: { name: 'pod1' }, spec: { containers: [{ name: 'foo', another: [{ name: 'value1' }, { name: 'value2' }] }, { name: 'bar', another: [{ name: 'value1' }, { name: 'value2' }] }] } },
    { metadata: { name: 'pod2' }, spec: { containers: [{ name: 'baz', another: [{ name: 'value1' }, { name: 'value2' }] }] } },
  ],
};

describe('jsonpath: ranges (TestEmptyRange, TestNestedRanges, TestRunningPodsJSONPathOutput)', () => {
  check([
    { name: 'empty range', template: '{range .items[*]}{.metadata.name}{end}', input: { items: [] }, expect: '', allowMissingKeys: true },
    { name: 'empty nested range', template: '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}', input: { items: [] }, expect: '', allowMissingKeys: true },
    { name: 'nested range with a trailing newline', template: '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}', input: pods, expect: 'pod1:foo,bar,+pod2:baz,+' },
    {
      name: 'nested range with a trailing character within another nested range',
      template: '{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}',
      input: pods,
      expect: 'pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#',
    },
    {
      name: 'two nested ranges at the same level',
      template: '{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}',
      input: pods,
      expect: 'pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n',
    },
    {
      name: 'range over pods without selecting the last one',
      template: '{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\\n"}{end}',
      input: { kind: 'List', items: [1, 2, 3].map((i) => ({ kind: 'Pod', metadata: { name: `pod${i}` }, status: { phase: 'Running' } })).concat([{ resourceVersion: '', selfLink: '' } as never]) },
      expect: 'pod1 is Running\npod2 is Running\npod3 is Running\n',
      allowMissingKeys: true,
    },
  ]);
});

const annotated = {
  kind: 'List',
  items: [
    { kind: 'Pod', metadata: { name: 'pod1', annotations: { color: 'blue' } } },
    { kind: 'Pod', metadata: { name: 'pod2' } },
    { kind: 'Pod', metadata: { name: 'pod3', annotations: { color: 'green' } } },
    { kind: 'Pod', metadata: { name: 'pod4', annotations: { color: 'blue' } } },
  ],
};

const containers = (n: number) => ({ apiVersion: 'v1', kind: 'Pod', spec: { containers: Array.from({ length: n }, (_, i) => ({ image: 'radial/busyboxplus:curl', name: `fake${i}` })) } });

describe('jsonpath: filters with missing keys, negative indexes, steps', () => {
  const four = containers(4);
  const six = containers(6);
  const c = (template: string, expect: string | null, input: unknown = four): Case => (expect === null ? { name: 'error', template, input, error: true } : { name: 'index', template, input, expect });
  check([
    { name: 'filter tolerates items without the key', template: '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}', input: annotated, expect: 'pod1 pod4', allowMissingKeys: true },
    { name: 'filter errors on items without the key when keys must exist', template: '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}', input: annotated, error: 'annotations is not found' },
    c('{.spec.containers[0].name}', 'fake0'),
    c('{.spec.containers[0:0].name}', ''),
    c('{.spec.containers[0:-1].name}', 'fake0 fake1 fake2'),
    c('{.spec.containers[-1:0].name}', null),
    c('{.spec.containers[-1].name}', 'fake3'),
    c('{.spec.containers[-1:].name}', 'fake3'),
    c('{.spec.containers[-2].name}', 'fake2'),
    c('{.spec.containers[-2:].name}', 'fake2 fake3'),
    c('{.spec.containers[-4].name}', 'fake0'),
    c('{.spec.containers[-4:].name}', 'fake0 fake1 fake2 fake3'),
    { name: 'out of bounds', template: '{.spec.containers[-5].name}', input: four, error: 'array index out of bounds: index -1, length 4' },
    c('{.spec.containers[5:5].name}', ''),
    c('{.spec.containers[-5:-5].name}', ''),
    { name: 'start after end', template: '{.spec.containers[3:1].name}', input: four, error: 'starting index 3 is greater than ending index 1' },
    c('{.spec.containers[-1:-2].name}', null),
    c('{.spec.containers[0:].name}', 'fake0 fake1 fake2 fake3 fake4 fake5', six),
    c('{.spec.containers[0:6:].name}', 'fake0 fake1 fake2 fake3 fake4 fake5', six),
    c('{.spec.containers[0:6:1].name}', 'fake0 fake1 fake2 fake3 fake4 fake5', six),
    { name: 'step 0', template: '{.spec.containers[0:6:0].name}', input: six, error: 'step must be > 0' },
    c('{.spec.containers[0:6:-1].name}', null, six),
    c('{.spec.containers[1:4:2].name}', 'fake1 fake3', six),
    c('{.spec.containers[1:4:3].name}', 'fake1', six),
    c('{.spec.containers[1:4:4].name}', 'fake1', six),
    c('{.spec.containers[0:6:2].name}', 'fake0 fake2 fake4', six),
    c('{.spec.containers[0:6:3].name}', 'fake0 fake3', six),
    c('{.spec.containers[0:6:5].name}', 'fake0 fake5', six),
    c('{.spec.containers[0:6:6].name}', 'fake0', six),
  ]);
});

describe('jsonpath: empty_array_test.go, as kubectl v1.32 answers (an empty slice ends the step)', () => {
  const e = (name: string, data: unknown, template: string, expect: string): Case => ({ name, template, input: data, expect });
  check([
    e('empty first', [[], ['second']], '{[*][*]}', ''),
    e('empty middle', [['first'], [], ['third']], '{[*][*]}', 'first'),
    e('empty last', [['first'], []], '{[*][:]}', 'first'),
    e('all empty', [[], []], '{[*][*]}', ''),
    e('no empty slices', [['first'], ['second']], '{[*][*]}', 'first second'),
  ]);
});

/** A compact form of a parse tree, like node.go's String() for each node. */
function shape(nodes: readonly Node[]): string[] {
  return nodes.flatMap((n): string[] => {
    switch (n.type) {
      case 'list': return ['List', ...shape(n.nodes)];
      case 'filter': return [`Filter ${n.operator}`, 'List', ...shape(n.left.nodes), 'List', ...shape(n.right.nodes)];
      case 'union': return ['Union', ...n.lists.flatMap((l) => ['List', ...shape(l.nodes)])];
      case 'array': return [`Array ${n.params.map((p) => `${p.value}/${p.known}/${p.derived}`).join(' ')}`];
      case 'text': return [`Text ${n.text}`];
      case 'field': return [`Field ${n.name}`];
      case 'identifier': return [`Identifier ${n.name}`];
      case 'int': case 'float': case 'bool': return [`${n.type} ${n.value}`];
      default: return [n.type];
    }
  });
}

describe('jsonpath: parser_test.go', () => {
  const parses: [string, string, string[]][] = [
    ['plain', 'hello jsonpath', ['Text hello jsonpath']],
    ['variable', 'hello {.jsonpath}', ['Text hello ', 'List', 'Field jsonpath']],
    ['arrayfiled', "hello {['jsonpath']}", ['Text hello ', 'List', 'Field jsonpath']],
    ['quote', '{"{"}', ['List', 'Text {']],
    ['array', '{[1:3]}', ['List', 'Array 1/true/false 3/true/false 0/false/false']],
    ['allarray', '{.book[*].author}', ['List', 'Field book', 'Array 0/false/false 0/false/false 0/false/false', 'Field author']],
    ['wildcard', '{.bicycle.*}', ['List', 'Field bicycle', 'wildcard']],
    ['filter', '{[?(@.price<3)]}', ['List', 'Filter <', 'List', 'Field price', 'List', 'int 3']],
    ['recursive', '{..}', ['List', 'recursive']],
    ['recurField', '{..price}', ['List', 'recursive', 'Field price']],
    ['arraydict', "{['book.price']}", ['List', 'Field book', 'Field price']],
    ['union', "{['bicycle.price', 3, 'book.price']}", ['List', 'Union', 'List', 'Field bicycle', 'Field price', 'List', 'Array 3/true/false 4/true/true 0/false/false', 'List', 'Field book', 'Field price']],
    ['range', '{range .items}{.name},{end}', ['List', 'Identifier range', 'Field items', 'List', 'Field name', 'Text ,', 'List', 'Identifier end']],
    ['paired parentheses in quotes', '{[?(@.status.nodeInfo.osImage == "()")]}', ['List', 'Filter ==', 'List', 'Field status', 'Field nodeInfo', 'Field osImage', 'List', 'Text ()']],
    ['paired parentheses in double quotes with escapes', '{[?(@.status.nodeInfo.osImage == "(\\"\\")")]}', ['List', 'Filter ==', 'List', 'Field status', 'Field nodeInfo', 'Field osImage', 'List', 'Text ("")']],
    ['unregular parentheses in double quotes', '{[?(@.test == "())(")]}', ['List', 'Filter ==', 'List', 'Field test', 'List', 'Text ())(']],
    ['plain text in single quotes', "{[?(@.status.nodeInfo.osImage == 'Linux')]}", ['List', 'Filter ==', 'List', 'Field status', 'Field nodeInfo', 'Field osImage', 'List', 'Text Linux']],
    ['test filter suffix', '{[?(@.status.nodeInfo.osImage == "{[()]}")]}', ['List', 'Filter ==', 'List', 'Field status', 'Field nodeInfo', 'Field osImage', 'List', 'Text {[()]}']],
    ['double inside single', `{[?(@.status.nodeInfo.osImage == "''")]}`, ['List', 'Filter ==', 'List', 'Field status', 'Field nodeInfo', 'Field osImage', 'List', "Text ''"]],
    ['single inside double', `{[?(@.status.nodeInfo.osImage == '""')]}`, ['List', 'Filter ==', 'List', 'Field status', 'Field nodeInfo', 'Field osImage', 'List', 'Text ""']],
    ['single containing escaped single', "{[?(@.status.nodeInfo.osImage == '\\\\\\'')]}", ['List', 'Filter ==', 'List', 'Field status', 'Field nodeInfo', 'Field osImage', 'List', "Text \\'"]],
    ['negative index slice, a[len-5] to a[len-1]', '{[-5:]}', ['List', 'Array -5/true/false 0/false/false 0/false/false']],
    ['negative index slice, a[len-1]', '{[-1]}', ['List', 'Array -1/true/false 0/true/true 0/false/false']],
    ['negative index slice, a[1] to a[len-1]', '{[1:-1]}', ['List', 'Array 1/true/false -1/true/false 0/false/false']],
  ];
  for (const [name, text, expected] of parses) it(`${name}: ${text}`, () => assert.deepEqual(shape(new JsonPath(text).root.nodes), expected));

  const failures: [string, string][] = [
    ['{.hello', 'unclosed action'],
    ['{*}', "unrecognized character in action: U+002A '*'"],
    ['{+12.3.0}', 'cannot parse number +12.3.0'],
    ['{[1}', 'unterminated array'],
    ['{[?(.price]}', 'unterminated filter'],
    ['{........}', 'invalid multiple recursive descent'],
    ['{\\\\\\}', 'unrecognized character in action: U+005C \'\\\''],
  ];
  for (const [text, message] of failures) it(`refuses ${text}: ${message}`, () => assert.throws(() => new JsonPath(text), { message }));
});

describe('jsonpath output on a terminal', () => {
  it('shows the document\'s control characters escaped, keeps the newlines and tabs a template prints', async () => {
    const { terminalSafe } = await import('../../src/render/output/print.ts');
    const out = new JsonPath('{range .items[*]}{.name}{"\\t"}{.note}{"\\n"}{end}').execute({ items: [{ name: 'a', note: 'clip\u001b]52;c;aGk=\u0007' }, { name: 'b\u202e', note: 'x' }] });
    assert.equal(terminalSafe(out), 'a\tclip\\e]52;c;aGk=\\x07\nb\\u202e\tx\n');
  });
});
