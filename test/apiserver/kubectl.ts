/**
 * Runs the real `kubectl` against a test server: an isolated HOME (so no ~/.kube is read and the
 * discovery cache is fresh), the server's kubeconfig passed both as --kubeconfig and KUBECONFIG,
 * and a hard timeout. Watches run as child processes that the test stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiServer } from './server.ts';

export interface KubectlResult { code: number | null; stdout: string; stderr: string }

export class Kubectl {
  private readonly home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  private readonly kubeconfig = join(this.home, 'kubeconfig');
  private readonly children = new Set<ChildProcess>();

  constructor(server: ApiServer) {
    server.writeKubeconfig(this.kubeconfig);
  }

  /** Runs `kubectl ARGS` to completion (killed after `timeoutMs`). */
  run(args: string[], timeoutMs = 120_000): Promise<KubectlResult> {
    const child = this.spawn(args);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise((resolve) => child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }));
  }

  /** Starts a long-running kubectl (a watch); read its output with `output()`, wait on it with `exited`. */
  start(args: string[]): { output: () => string; exited: Promise<number | null>; stop: () => void } {
    const child = this.spawn(args);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    return { output: () => output, exited, stop: () => child.kill('SIGKILL') };
  }

  /** Kills whatever still runs and removes the temporary HOME. */
  cleanup(): void {
    for (const child of this.children) child.kill('SIGKILL');
    rmSync(this.home, { recursive: true, force: true });
  }

  private spawn(args: string[]): ChildProcess {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.home, KUBECONFIG: this.kubeconfig };
    const child = spawn('kubectl', ['--kubeconfig', this.kubeconfig, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    child.on('close', () => this.children.delete(child));
    return child;
  }
}
