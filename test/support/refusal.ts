/** What a call refuses with: the JointKeyError a person would see, or a failed test when it is anything else. */
import { isJointKeyError, type ErrorCode } from '../../main/core/errors.js';

/** The JointKeyError `f` throws, as {code, message}. Fails if `f` throws anything else, or nothing. */
export function refusal(f: () => unknown): { code: ErrorCode; message: string } {
  try {
    f();
  } catch (e) {
    if (isJointKeyError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal (a JointKeyError), got a result');
}

/** The code of the JointKeyError `f` throws, or undefined when `f` returns. Fails if it throws anything else. */
export function refusalCode(f: () => unknown): ErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (isJointKeyError(e)) return e.code;
    throw e;
  }
  return undefined;
}
