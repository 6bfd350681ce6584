export type { NatsPresenceEvent, ReaderStateRecord } from './presence-records.js';
export {
  type NatsPlace,
  parseStateKey,
  presenceSubject,
  stateKey,
  subjectToken,
  workstationSubjects,
} from './presence-subjects.js';
