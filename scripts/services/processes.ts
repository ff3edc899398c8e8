import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** True while `child` has neither exited nor been killed. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends `signal`, waits for the exit, and escalates to `escalation` after `timeoutMs`. */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  timeoutMs: number,
  escalation: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  if (!isRunning(child)) return;
  // An unref'd child would not keep the event loop alive while we wait for it.
  child.ref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill(escalation), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** True when a process with this pid exists (ours or someone else's). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last lines of a log file, for error messages. */
export function tailOfFile(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Stops a process that is not our child (so has no 'exit' event) by polling until it is gone. */
export async function stopPid(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs: number,
  escalation: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  if (!isPidAlive(pid)) return;
  process.kill(pid, signal);
  const deadline = Date.now() + timeoutMs;
  let escalated = false;
  while (isPidAlive(pid)) {
    if (!escalated && Date.now() > deadline) {
      process.kill(pid, escalation);
      escalated = true;
    }
    await sleep(100);
  }
}

/**
 * Servers we start outlive a run that is killed outright (they have process groups of their own).
 * An owner file records which process is responsible for stopping one: a later run adopts a
 * server whose owner is gone, and only shares one whose owner still runs.
 */
export function readOwnerPid(ownerFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(ownerFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function writeOwnerPid(ownerFile: string): void {
  fs.writeFileSync(ownerFile, `${process.pid}\n`);
}

/** True when the owner recorded in `ownerFile` is gone, so that its server is ours to stop. */
export function ownerIsGone(ownerFile: string): boolean {
  const owner = readOwnerPid(ownerFile);
  return owner === undefined || owner === process.pid || !isPidAlive(owner);
}
