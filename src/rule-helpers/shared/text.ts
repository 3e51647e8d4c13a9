/**
 * How rules in every language quote code inside a one-line message.
 */
import { brief as briefText } from '../../analysis/types/common.js';

/** Keeps a multi-line operand readable inside a one-line message. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

/** The first line of the text, cut to 60 characters; `...` marks anything left out. */
export const brief = (text: string): string => briefText(text, 60);
