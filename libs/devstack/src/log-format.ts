import { prettyFactory } from 'pino-pretty';

const COLORS = [36, 35, 33, 32, 34, 91, 96, 95];

/**
 * Turns an app's JSON log lines into readable, prefixed ones for the terminal
 * (`permits    | 12:00:01.123 INFO: message {fields}`); other lines pass through prefixed.
 */
export function createLinePrinter(
  names: readonly string[],
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
) {
  const colorize = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const pretty = prettyFactory({
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    messageKey: 'msg',
    singleLine: true,
  });
  const width = Math.max(...names.map((n) => n.length));
  return (name: string, line: string): void => {
    const index = names.indexOf(name);
    const label = name.padEnd(width);
    const prefix = colorize
      ? `\u001b[${COLORS[index % COLORS.length] ?? 37}m${label}\u001b[0m |`
      : `${label} |`;
    let body = line;
    if (line.startsWith('{')) {
      try {
        body = pretty(line).trimEnd();
      } catch {
        body = line;
      }
    }
    write(`${prefix} ${body}`);
  };
}

/** The `msg` of a JSON log line, or the line itself. */
export function messageOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { msg?: unknown };
    return typeof parsed.msg === 'string' ? parsed.msg : line;
  } catch {
    return line;
  }
}
