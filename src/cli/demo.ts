/**
 * `kubectl slices demo`: the watch screen driven by a built-in simulated readiness drill, so a
 * newcomer sees the whole flow (probe fails, pod leaves the Service, comes back) in 30 seconds;
 * `--drill rollout` plays a rolling update instead (watch/demo/rolloutDrill.ts).
 */
import { Option, type Command } from 'commander';
import { DRILL_NAMES, type DrillName } from '../watch/demo/drillNames.ts';
import { useColor, type ColorMode } from './color.ts';
import { UsageError } from '../failures.ts';
import type { CliIO } from './io.ts';
import { colorOption, outputOption } from './options.ts';
import type { ExitStatus } from './run.ts';
import { outputFormat } from './watch/config.ts';

interface DemoOptions {
  speed: string;
  drill: DrillName;
  output?: 'json';
  color: ColorMode;
}

export function registerDemo(program: Command, io: CliIO, status: ExitStatus): void {
  program
    .command('demo')
    .description('watch a simulated readiness drill (no cluster needed): a pod fails its probe, leaves the Service, comes back')
    .option('--speed <factor>', 'play the drill this many times faster (readiness: 30 s, rollout: 41.3 s)', '1')
    .addOption(new Option('--drill <name>', 'readiness: a pod fails its probe and comes back; rollout: a rolling update behind a load balancer, pods gated in and terminating out').choices(DRILL_NAMES).default('readiness'))
    .addOption(outputOption('stream'))
    .addOption(colorOption())
    .action(async (options: DemoOptions) => {
      const speed = Number(options.speed);
      if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000) throw new UsageError(`--speed must be a number above 0 (got "${options.speed}")`);
      const { runDemo } = await import('./watch/demo.ts');
      const end = await runDemo({ speed, drill: options.drill, format: outputFormat(options.output, io), color: useColor(options.color, io) }, io);
      if ('error' in end) throw end.error;
      status.code = end.code;
    });
}
