/**
 * The options more than one command declares, each declared once, the way npm-check-updates'
 * cli-options.ts holds every option: kubectl's connection flags for live commands, `-o` with each
 * command's choices, and `--color`. A command file says which it takes; what they mean is here.
 */
import { Option, type Command } from 'commander';
import { formList, type FormName } from '../render/output/forms.ts';
import { UsageError } from '../failures.ts';
import { parseColorMode } from './color.ts';

/** kubectl's own default is "0" (wait forever); a stalled API server should not hang a diagnosis tool. */
export const DEFAULT_REQUEST_TIMEOUT = '30s';

const CLUSTER_FLAGS = [
  ['kubeconfig', '--kubeconfig'],
  ['context', '--context'],
  ['requestTimeout', '--request-timeout'],
  ['cluster', '--cluster'],
  ['user', '--user'],
  ['server', '--server'],
  ['token', '--token'],
  ['as', '--as'],
  ['asGroup', '--as-group'],
  ['asUid', '--as-uid'],
  ['certificateAuthority', '--certificate-authority'],
  ['clientCertificate', '--client-certificate'],
  ['clientKey', '--client-key'],
  ['insecureSkipTlsVerify', '--insecure-skip-tls-verify'],
  ['tlsServerName', '--tls-server-name'],
  ['disableCompression', '--disable-compression'],
] as const;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** pflag's bool: `--flag`, `--flag=true`, `--flag=false`. */
function boolFlag(flag: string): (value: string | undefined) => boolean {
  return (value) => {
    if (value === undefined || value === 'true') return true;
    if (value === 'false') return false;
    throw new UsageError(`${flag} takes true or false (got "${value}")`);
  };
}

/**
 * kubectl's connection and identity flags: `--kubeconfig`, `--context`, `-n/--namespace`,
 * `--request-timeout`, `--cluster`, `--user`, `-s/--server`, `--token`, `--as`, `--as-group`,
 * `--as-uid`, `--certificate-authority`, `--client-certificate`, `--client-key`,
 * `--insecure-skip-tls-verify`, `--tls-server-name`, `--disable-compression`. kubectl does not
 * pass its own global flags to a plugin's environment (plugin dispatch hands over argv
 * unchanged), so we declare them ourselves, with kubectl's meaning and its precedence over the
 * kubeconfig (kubeflags.ts, sources/cluster/overrides.ts). kubectl's `--username`/`--password`
 * are left out: basic auth is gone from Kubernetes since 1.19.
 */
export function addKubeFlags(command: Command, namespaceHelp = "the namespace (default: the context's namespace, else \"default\")"): Command {
  return command
    .option('-n, --namespace <namespace>', namespaceHelp)
    .option('--kubeconfig <file>', 'the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the pod\'s service account)')
    .option('--context <name>', "the kubeconfig context (default: the kubeconfig's current-context)")
    .option('--request-timeout <duration>', 'how long to wait for each API request: 500ms, 5s, 1m, or seconds; 0 waits forever', DEFAULT_REQUEST_TIMEOUT)
    .option('--cluster <name>', 'the kubeconfig cluster to use (default: the context\'s)')
    .option('--user <name>', 'the kubeconfig user to use (default: the context\'s)')
    .option('-s, --server <url>', 'the API server address, over the kubeconfig\'s')
    .option('--token <token>', 'a bearer token for the API server, over the kubeconfig user\'s credentials')
    .option('--as <user>', 'act as this user (impersonation: the Impersonate-User header)')
    .option('--as-group <group>', 'act as a member of this group (repeatable; needs --as)', collect)
    .option('--as-uid <uid>', 'act as this UID (needs --as)')
    .option('--certificate-authority <file>', 'a CA certificate file to verify the API server with')
    .option('--client-certificate <file>', 'a client certificate file for TLS')
    .option('--client-key <file>', 'the key file of --client-certificate')
    .addOption(new Option('--insecure-skip-tls-verify [bool]', "do not verify the API server's certificate (insecure)").argParser(boolFlag('--insecure-skip-tls-verify')))
    .option('--tls-server-name <name>', 'the name to check the API server\'s certificate against (default: the host of the server)')
    .addOption(new Option('--disable-compression [bool]', 'ask the API server for uncompressed replies').argParser(boolFlag('--disable-compression')));
}

/** The cluster flags given on the command line, for commands that also read files. */
export function clusterFlagsGiven(command: Command): string[] {
  return CLUSTER_FLAGS.filter(([key]) => command.getOptionValueSource(key) === 'cli').map(([, flag]) => flag);
}

/**
 * Each command's `-o` forms (render/output/form.ts); the first is the default, except for the
 * streaming commands. `jsonpath` stands for jsonpath=, jsonpath-file= and jsonpath-as-json=,
 * `custom-columns` for custom-columns= and custom-columns-file=.
 */
export const OUTPUT_FORMATS = {
  explain: ['table', 'wide', 'json', 'yaml', 'name', 'jsonpath', 'custom-columns'],
  list: ['table', 'wide', 'json', 'yaml', 'name', 'jsonpath', 'custom-columns'],
  rules: ['table', 'json', 'yaml', 'jsonpath', 'custom-columns'],
  snapshot: ['json', 'yaml'],
  /** watch and demo: a screen on a terminal, else NDJSON; -o json asks for NDJSON anyway. */
  stream: ['json'],
} as const satisfies Record<string, readonly FormName[]>;

export type OutputCommand = keyof typeof OUTPUT_FORMATS;
export type OutputFormat<C extends OutputCommand> = (typeof OUTPUT_FORMATS)[C][number];

/** Values completion offers for an option that takes free-form text (commander's choices would refuse the rest). */
export const COMPLETIONS = new WeakMap<Option, string[]>();

/** What `-o <TAB>` offers, as kubectl's own completion names the template forms. */
function completions(forms: readonly FormName[]): string[] {
  return forms.flatMap((f) => (f === 'jsonpath' ? ['jsonpath', 'jsonpath-file', 'jsonpath-as-json'] : f === 'custom-columns' ? ['custom-columns', 'custom-columns-file'] : [f]));
}

export function outputOption(command: OutputCommand): Option {
  const forms = OUTPUT_FORMATS[command];
  if (command === 'stream') return new Option('-o, --output <format>', 'json: one JSON object per transition (the default when stdout is not a terminal)').choices(forms);
  if (command === 'snapshot') return new Option('-o, --output <format>', 'output format').choices(forms).default(forms[0]);
  // Free-form (jsonpath=TEMPLATE...): cli/output.ts checks it; completion offers the form names.
  const option = new Option('-o, --output <format>', `output format: ${formList(forms)}`).default(forms[0]);
  COMPLETIONS.set(option, completions(forms));
  return option;
}

/** `--no-headers` and `--sort-by`, kubectl's get flags, for the commands whose tables have rows. */
export function printOptions(command: Command): Command {
  return command
    .option('--no-headers', 'with -o table, wide or custom-columns: print the rows only')
    .option('--sort-by <path>', 'sort the rows by a JSONPath of one row, as -o json prints a row (.verdict, .node, .ip)');
}

/** `--color auto|always|never` (see color.ts for what auto means). */
export function colorOption(): Option {
  return new Option('--color <when>', 'colour: auto, always or never').default('auto').argParser(parseColorMode);
}
