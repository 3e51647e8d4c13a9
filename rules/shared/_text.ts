/**
 * How rules in every language quote code inside a one-line message. The file name starts with `_`,
 * so the rule loader skips it: it exports no rule.
 */

/** Keeps a multi-line operand readable inside a one-line message. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

/** The first line of the text, cut to 60 characters; `...` marks anything left out. */
export function brief(text: string): string {
  const line = text.split(/\r?\n/)[0];
  return line.length > 60 || line !== text ? `${line.slice(0, 57)}...` : line;
}
