import { AppError } from '../errors/app-error'

/**
 * A file refused as a whole (not a ZIP, encrypted, a bomb, cut, wrong encoding, missing
 * columns…): the message, Chinese first, says what to do about it. Thrown by the readers
 * here and by the ETL's; the ETL records it as the run's error, an upload answers with it.
 */
export class FileRejectedError extends AppError {
  constructor(message: string) {
    super('BAD_REQUEST', message)
  }
}
