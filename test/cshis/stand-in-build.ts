import { execFile, execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The stand-in's C source. */
const STAND_IN_SOURCE = fileURLToPath(new URL('./stand-in/cshis-stand-in.c', import.meta.url));

const WARNINGS = ['-Wall', '-Wextra', '-Werror'];

/** Whether `command` is on the PATH. */
export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Builds the Linux stand-in (`libcshis-stand-in.so`) into `dir`; returns its path. */
export async function buildLinuxStandIn(dir: string): Promise<string> {
  const output = join(dir, 'libcshis-stand-in.so');
  await run('gcc', ['-O2', ...WARNINGS, '-shared', '-fPIC', '-o', output, STAND_IN_SOURCE]);
  return output;
}

/**
 * Builds the 32-bit Windows stand-in `csHIS.dll` into `dir`, with undecorated `__stdcall`
 * exports (`hisGetBasicData`) as the real DLL has; returns its path.
 */
export async function buildWindowsStandIn(dir: string): Promise<string> {
  const output = join(dir, 'csHIS.dll');
  await run('i686-w64-mingw32-gcc', [
    '-O2',
    ...WARNINGS,
    '-shared',
    '-static-libgcc',
    '-Wl,--kill-at',
    '-o',
    output,
    STAND_IN_SOURCE,
  ]);
  return output;
}

/**
 * Builds a 32-bit stand-in that exports ONLY decorated names (`_hisGetBasicData@8`), as an
 * MSVC-built DLL without a .def file would. The `@N` suffixes come from the compiler's own
 * decoration of the C signatures (read from the object file), never from the project's
 * declarations, so only a declaration with `__stdcall` and the right argument sizes binds.
 * Returns the DLL's path and the exported names.
 */
export async function buildDecoratedStandIn(
  dir: string,
): Promise<{ dllPath: string; exports: string[] }> {
  const object = join(dir, 'cshis-decorated.o');
  const definitions = join(dir, 'cshis-decorated.def');
  const dllPath = join(dir, 'csHIS-decorated.dll');
  await run('i686-w64-mingw32-gcc', [
    '-O2',
    ...WARNINGS,
    '-DSTANDIN_DEF_EXPORTS',
    '-c',
    '-o',
    object,
    STAND_IN_SOURCE,
  ]);
  const { stdout } = await run('i686-w64-mingw32-nm', ['--defined-only', '-g', object]);
  // `T _hisGetBasicData@8`: the C name hisGetBasicData, decorated by the compiler.
  const exports = stdout
    .split('\n')
    .map((line) => /^\S+ T (_[A-Za-z0-9]+@\d+)$/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined);
  // In a .def file the internal name drops the leading underscore of the symbol.
  const lines = exports.map((name) => `  ${name} = ${name.slice(1)}`);
  await writeFile(definitions, `EXPORTS\n${lines.join('\n')}\n`);
  await run('i686-w64-mingw32-gcc', [
    '-shared',
    '-static-libgcc',
    '-o',
    dllPath,
    object,
    definitions,
  ]);
  return { dllPath, exports };
}

/** The names a PE DLL exports, read with objdump. */
export async function peExports(dllPath: string): Promise<string[]> {
  const { stdout } = await run('i686-w64-mingw32-objdump', ['-p', dllPath]);
  const table = stdout.split('[Ordinal/Name Pointer] Table')[1] ?? '';
  return [...table.matchAll(/^\s*\[\s*\d+\]\s+(\S+)$/gm)].map((match) => match[1] as string);
}
