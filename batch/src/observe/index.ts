export { type JobContext, type LateProgress, lateProgress, quietContext } from './context.ts';
export {
  createLogger,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFields,
  type LogFormat,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './log.ts';
export { createProgress, type Progress, type ProgressOptions } from './progress.ts';
