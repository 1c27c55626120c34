/**
 * `-T fields` over a large capture on several cores: shards (backend/shard.ts) run in worker threads, each reading
 * the whole file and dissecting its share of the packets, and their lines are merged in frame order, so the output is
 * byte for byte what one thread prints.
 */
import { statSync } from 'node:fs';
import { lookupField } from '../../shared/dissect/fields.ts';
import { openCaptureFile } from '../backend/capture-file.ts';
import { runShardedFields, shardsFor } from '../backend/sharded-run.ts';
import type { CliOptions } from './args.ts';
import { compileDisplayFilter } from './filter.ts';
import { fieldsHeader, isColumnField } from './output.ts';
import { Output, type CliIO } from './run.ts';
import type { FieldsJob } from '../backend/shard.ts';
import { problemExitCode } from './problem.ts';

/**
 * How many shards to run `opts` in: 1 (the plain single-threaded run) unless it prints `-T fields` of a file of at
 * least MIN_SHARDED_BYTES with nothing that needs every packet in one place (statistics, follow, TLS keys or other
 * preferences). WIRELENS_SHARDS=N forces N for any file size (tests use it on small fixtures).
 */
export function shardCount(opts: CliOptions, env: NodeJS.ProcessEnv = process.env): number {
  const shardable =
    opts.format === 'fields' &&
    !opts.quiet &&
    opts.stats.length === 0 &&
    opts.prefList.length === 0 &&
    opts.iface === undefined &&
    opts.write === undefined &&
    opts.read !== '' &&
    opts.fields.length > 0;
  if (!shardable) return 1;
  try {
    const st = statSync(opts.read);
    return st.isFile() ? shardsFor(st.size, env) : 1;
  } catch {
    return 1;
  }
}

/**
 * The CLI's `-T fields` run on several cores, when `shardCount` says so; undefined when it does not apply or the
 * options have a problem (the single-threaded run then reports it in tshark's words).
 */
export async function runFieldsSharded(opts: CliOptions, io: CliIO): Promise<number | undefined> {
  const count = shardCount(opts);
  if (count < 2) return undefined;
  if (opts.fields.some((f) => !isColumnField(f) && !lookupField(f))) return undefined;
  if (opts.filter !== undefined && !compileDisplayFilter(opts.filter).ok) return undefined;
  try {
    openCaptureFile(opts.read).source.close();
  } catch {
    return undefined;
  }
  const fmt = {
    separator: opts.separator,
    occurrence: opts.occurrence,
    aggregator: opts.aggregator,
    quote: opts.quote,
  };
  const job: FieldsJob = {
    file: opts.read,
    filter: opts.filter,
    fields: opts.fields,
    fmt,
    limit: opts.count,
    vendorNames: true,
  };
  const out = new Output(io);
  if (opts.header) out.line(fieldsHeader(opts.fields, fmt));
  let end;
  try {
    end = await runShardedFields(job, count, (_n, l) => out.line(l));
  } catch (e) {
    // A thread that failed is a defect, not bad input: say so in one line, after the lines printed so far.
    out.flush();
    io.stderr(`wirelens: reading "${opts.read}" on ${count} threads failed: ${(e as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  out.flush();
  return problemExitCode(opts.read, end.problem, io);
}
