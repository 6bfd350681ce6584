/** @packageDocumentation Errors: the protocol's closed code set and the native error catalog. */

export {
  ACCESS_ERROR_CODES,
  ACCESS_ERRORS,
  type AccessErrorCode,
  type AccessErrorText,
  accessErrorObject,
  isAccessErrorCode,
} from './access-errors.js';
export { describeNativeError } from './describe-native-error.js';
export { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode, isErrorCode } from './error-codes.js';
export { findNativeError, nativeErrorEntries } from './native-error-catalog.js';
export {
  isNativeErrorSource,
  type KnownNativeErrorEntry,
  NATIVE_ERROR_CATEGORIES,
  NATIVE_ERROR_SOURCES,
  type NativeErrorCategory,
  type NativeErrorEntry,
  type NativeErrorSource,
  type UnknownNativeErrorEntry,
} from './native-error-entry.js';
export { toErrorObject } from './native-error-object.js';
